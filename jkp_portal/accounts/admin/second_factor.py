"""Back-office pages for authenticators and recovery codes, replacing
django-otp's own: those show the TOTP secret and the recovery codes to anyone
with the view permission, which every BPJS staff role has in the back office.

Here only administrators see who has which device, never a secret, and may
remove one (a user who lost both phone and recovery codes enrols again at the
next sign-in); each removal is audited on the device's owner."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from jkp_portal.common.admin import ReadOnlyAdminMixin

from ..second_factor import otp_device_remove


class SecretFreeDeviceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    fields = list_display
    readonly_fields = list_display
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    actions = None

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def delete_model(self, request, obj):
        otp_device_remove(device=obj, actor=request.user)


def register(site: admin.AdminSite = admin.site) -> None:
    for model, label in ((TOTPDevice, _("autentikator")), (StaticDevice, _("kode pemulihan"))):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, type(f"{model.__name__}Admin", (SecretFreeDeviceAdmin,), {"__doc__": str(label)}))
