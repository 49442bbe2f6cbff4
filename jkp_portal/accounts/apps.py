from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jkp_portal.accounts"
    label = "accounts"
    verbose_name = _("Akun, peran dan kantor")

    def ready(self):
        from jkp_portal.audit.labels import register_actions

        from . import ratelimit, signals, tokens  # noqa: F401
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)  # the audit trail's words for this app's actions

        from .admin import second_factor as admin_second_factor

        # After the admin's autodiscovery (the back-office admin app is ready first):
        # replace django-otp's device pages, which show secrets.
        admin_second_factor.register()


class BackOfficeAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site (admin role only, no
    credentials listed); named in INSTALLED_APPS in its place."""

    default = False  # not the accounts app's own configuration
    default_site = "jkp_portal.accounts.back_office.BackOfficeSite"
