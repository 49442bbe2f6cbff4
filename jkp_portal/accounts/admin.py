from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Office, User
from .roles import BACK_OFFICE_ROLES


def _back_office_only(request) -> bool:
    user = request.user
    return bool(
        user.is_active and user.is_authenticated and user.is_staff and any(r in BACK_OFFICE_ROLES for r in user.roles)
    )


# The back office is for BPJS staff roles only, whatever is_staff says.
admin.site.has_permission = _back_office_only
admin.site.site_header = _("JKP Portal — back office")
admin.site.site_title = _("JKP Portal")


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "roles", "office", "is_active")
    list_filter = ("is_active", "office")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Portal"), {"fields": ("roles", "office", "nik", "phone", "employer_npp", "area_regencies", "language")}),
    )
