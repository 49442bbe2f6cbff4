from django.contrib import admin

from .models import AuditEvent, PersonalDataAccess


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "content_type", "object_id", "action", "from_state", "to_state")
    list_filter = ("action", "content_type")
    search_fields = ("object_id", "actor_label", "reason")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "user_label", "content_type", "object_id", "fields", "purpose")
    list_filter = ("content_type",)
    search_fields = ("object_id", "user_label", "purpose")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
