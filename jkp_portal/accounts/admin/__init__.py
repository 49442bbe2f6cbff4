from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from jkp_portal.audit.admin import PersonalDataAdminMixin
from jkp_portal.audit.services import audit_record
from jkp_portal.common.masking import mask_nik

from ..models import Office, User
from .office_import import office_import_view


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "phone")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    # The list links to "Impor kantor (CSV)".
    change_list_template = "accounts/admin/office_change_list.html"

    def get_urls(self):
        # Before the model's own URLs, whose "<path:object_id>/" would take "impor/".
        page = self.admin_site.admin_view(self.import_view)
        return [path("impor/", page, name="accounts_office_import"), *super().get_urls()]

    def import_view(self, request):
        return office_import_view(self, request)


@admin.register(User)
class UserAdmin(PersonalDataAdminMixin, DjangoUserAdmin):
    list_display = ("account", "first_name", "last_name", "roles", "office", "is_active")
    list_filter = ("is_active", "office")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Portal"), {"fields": ("roles", "office", "nik", "phone", "employer_npp", "area_regencies", "language")}),
    )
    personal_data_fields = ("nik", "phone", "email")

    def user_change_password(self, request, id, form_url=""):
        """Staff recover a lost password through an administrator: the new
        password is set here (every API token of the account is revoked when a
        password is saved) and the change is audited on the account."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and response.url != request.get_full_path():
            user = self.get_object(request, unquote(id))
            if user is not None:
                audit_record(
                    actor=request.user,
                    obj=user,
                    action="password_set_by_admin",
                    data={"usable": user.has_usable_password()},
                )
        return response

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated (is_active), never deleted: their audit trail
        # stays attributable, and the confirmation page would list the account's
        # API tokens by their key.
        return False

    @admin.display(description=_("nama pengguna"), ordering="username")
    def account(self, user):
        # Workers sign in with their NIK: the list shows it masked, the change page in full (logged).
        return mask_nik(user.username) if user.username.isdigit() else user.username
