"""Back office for the registry: read-mostly views of employers, participants,
contributions and imports (changes arrive through import_registry)."""

from django.contrib import admin

from claims.models import Contribution, Employer, Participant, RegistryImport
from jkp_portal.audit.admin import PersonalDataAdminMixin
from jkp_portal.common.admin import ReadOnlyAdminMixin
from jkp_portal.common.masking import mask_nik


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = (
        "npp",
        "name",
        "size",
        "sector",
        "kbli_code",
        "province_code",
        "regency",
        "office",
        "bankrupt_or_closed",
    )
    list_filter = ("size", "sector", "bankrupt_or_closed", "province_code")
    search_fields = ("npp", "name", "kbli_code")
    list_select_related = ("office",)
    raw_id_fields = ("office",)


@admin.register(Participant)
class ParticipantAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ("full_name", "nik_masked", "kpj", "employer", "contract_type", "employment_status", "citizenship")
    list_filter = ("contract_type", "employment_status", "citizenship", "jkn_segment")
    search_fields = ("nik", "kpj", "full_name")
    list_select_related = ("employer",)
    raw_id_fields = ("employer", "user")
    personal_data_fields = ("nik", "phone", "email")

    @admin.display(description="NIK", ordering="nik")
    def nik_masked(self, participant):
        # Full NIK only on the change page, where each display is logged.
        return mask_nik(participant.nik)


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("participant", "period", "wage", "status")
    list_filter = ("status",)
    search_fields = ("participant__nik", "participant__kpj")
    list_select_related = ("participant",)
    raw_id_fields = ("participant",)
    date_hierarchy = "period"
    show_full_result_count = False


@admin.register(RegistryImport)
class RegistryImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("started_at", "kind", "source_name", "status", "rows_total", "rows_imported", "rows_rejected")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in RegistryImport._meta.fields]
    deletable = True  # as before: no add or change, but a superuser may delete an old import
