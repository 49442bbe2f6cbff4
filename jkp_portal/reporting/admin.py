"""Back office: the history of summary-table refreshes (read only)."""

from django.contrib import admin

from .models import DashboardRefresh


@admin.register(DashboardRefresh)
class DashboardRefreshAdmin(admin.ModelAdmin):
    list_display = ("started_at", "finished_at", "status", "duration_ms", "triggered_by")
    list_filter = ("status",)
    readonly_fields = [f.name for f in DashboardRefresh._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
