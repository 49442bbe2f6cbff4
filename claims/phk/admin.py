"""Back office: read-only views of PHK reports, mediation, mass layoffs and
outreach. Every change goes through the services (audited), never the admin."""

from django.contrib import admin

from jkp_portal.audit.admin import PersonalDataAdminMixin
from jkp_portal.common.admin import ReadOnlyAdminMixin

from .models import DeadlineReminder, MassLayoffCase, OutreachEvent, OutreachInvitation, PhkReport, PhkReportRow


class RowInline(admin.TabularInline):
    model = PhkReportRow
    fields = ("line", "participant", "phk_date", "reason", "accepted", "status", "mediator")
    readonly_fields = fields
    raw_id_fields = ("participant",)
    extra = 0
    max_num = 0
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PhkReport)
class PhkReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "employer", "submitted_at", "source", "workers_count", "is_closure", "mass_layoff_case")
    list_filter = ("source", "is_closure")
    search_fields = ("employer__npp", "employer__name")
    list_select_related = ("employer", "mass_layoff_case")
    inlines = [RowInline]


@admin.register(PhkReportRow)
class PhkReportRowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("report", "participant", "phk_date", "reason", "accepted", "status", "mediator")
    list_filter = ("status", "reason", "accepted")
    search_fields = ("participant__nik", "participant__full_name", "court_case_number", "agreement_number")
    list_select_related = ("report", "participant", "mediator")
    show_full_result_count = False


@admin.register(MassLayoffCase)
class MassLayoffCaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "employer", "opened_at", "is_closure", "first_phk_date")
    list_select_related = ("employer",)
    search_fields = ("employer__npp", "employer__name")


@admin.register(OutreachEvent)
class OutreachEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "case", "starts_at", "place", "status")
    list_filter = ("status",)
    list_select_related = ("case",)


@admin.register(OutreachInvitation)
class OutreachInvitationAdmin(PersonalDataAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    personal_data_fields = ("email", "phone")
    list_display = ("event", "participant", "invited_at", "attended")
    list_filter = ("attended",)
    list_select_related = ("event", "participant")
    show_full_result_count = False


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("row", "days_before", "deadline", "sent_at")
    list_filter = ("days_before",)
    list_select_related = ("row",)
    show_full_result_count = False
