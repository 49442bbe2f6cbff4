"""Back office: read-only views of benefits, payments, batches and runs (changes
go through the services and their pages, which keep the audit trail)."""

from django.contrib import admin

from jkp_portal.common.admin import ReadOnlyAdminMixin

from .models import BankAccountChange, Benefit, BenefitMonth, EmployerReimbursement, Payment, PayoutBatch, PayoutRun


class MonthInline(admin.TabularInline):
    model = BenefitMonth
    fields = ["month_no", "due_date", "rule_set", "rate", "amount", "status", "applications", "interviews"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Benefit)
class BenefitAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "participant", "office", "status", "payer", "rule_set", "decision_date", "bank_code"]
    list_filter = ["status", "payer", "rule_set"]
    search_fields = ["participant__nik", "participant__full_name"]
    exclude = ["bank_account_number"]
    raw_id_fields = ["claim", "participant"]
    inlines = [MonthInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "month", "batch", "status", "amount", "due_date", "sla_deadline", "paid_on", "result_code"]
    list_filter = ["status", "bank_code"]
    exclude = ["account_number"]
    raw_id_fields = ["month", "batch"]


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "office", "bank_code", "kind", "status", "payment_count", "total_amount", "paid_total"]
    list_filter = ["status", "kind", "bank_code"]


@admin.register(PayoutRun)
class PayoutRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "run_date", "status", "payments_created", "withheld", "forfeited", "started_at"]


@admin.register(EmployerReimbursement)
class EmployerReimbursementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "employer", "benefit", "status", "amount", "sla_deadline"]
    list_filter = ["status"]


@admin.register(BankAccountChange)
class BankAccountChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "benefit", "status", "new_bank_code", "new_account_last4", "requested_at", "decided_by"]
    list_filter = ["status"]
    exclude = ["old_account_number", "new_account_number", "otp_hash"]
    raw_id_fields = ["benefit"]
