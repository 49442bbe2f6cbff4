"""Back office: the history of summary-table refreshes (read only)."""

from django.contrib import admin

from jkp_portal.common.admin import ReadOnlyAdminMixin

from .models import DashboardRefresh


@admin.register(DashboardRefresh)
class DashboardRefreshAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("started_at", "finished_at", "status", "duration_ms", "triggered_by")
    list_filter = ("status",)
    readonly_fields = [f.name for f in DashboardRefresh._meta.fields]
    deletable = True  # as before: no add or change, but a superuser may delete an old refresh record
