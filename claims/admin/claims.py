"""Back office for claims: read-only. Every change of a claim goes through the
services (and their audit trail), so the admin can look but not edit; the
bank account number is never shown here (only its last four digits)."""

from django.contrib import admin

from claims.models import Claim, ClaimDocument
from jkp_portal.common.admin import ReadOnlyAdminMixin


class ClaimDocumentInline(admin.TabularInline):
    model = ClaimDocument
    fields = ("kind", "original_name", "content_type", "size", "sha256", "review", "replaced", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "participant", "status", "office", "proof_type", "submitted_at", "decision_date", "payer")
    list_filter = ("status", "proof_type", "rule_set", "payer")
    search_fields = ("=id", "participant__nik", "participant__full_name")
    list_select_related = ("participant", "office")
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    inlines = [ClaimDocumentInline]
    exclude = ("bank_account_number",)
    readonly_fields = [
        f.name for f in Claim._meta.get_fields() if f.concrete and f.name not in ("id", "bank_account_number")
    ]
