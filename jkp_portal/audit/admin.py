from django.contrib import admin

from jkp_portal.common.admin import ReadOnlyAdminMixin

from .models import AuditEvent, PersonalDataAccess
from .services import log_personal_data_access


class PersonalDataAdminMixin:
    """For a ModelAdmin whose change page shows a person's full NIK or contact
    data (``personal_data_fields``): each display of the page is logged as a
    personal-data access, like the portal's own pages."""

    personal_data_fields: tuple[str, ...] = ()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            log_personal_data_access(request, obj, self.personal_data_fields)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "actor_label", "content_type", "object_id", "action", "from_state", "to_state")
    list_filter = ("action", "content_type")
    search_fields = ("object_id", "actor_label", "reason")
    date_hierarchy = "at"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "user_label", "content_type", "object_id", "fields", "purpose")
    list_filter = ("content_type",)
    search_fields = ("object_id", "user_label", "purpose")
    date_hierarchy = "at"
