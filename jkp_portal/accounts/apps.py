from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jkp_portal.accounts"
    label = "accounts"
    verbose_name = _("Akun, peran dan kantor")

    def ready(self):
        from . import admin_second_factor, signals, tokens  # noqa: F401

        # After the admin's autodiscovery (django.contrib.admin is ready first):
        # replace django-otp's device pages, which show secrets.
        admin_second_factor.register()
