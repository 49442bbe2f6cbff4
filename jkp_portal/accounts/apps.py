from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jkp_portal.accounts"
    label = "accounts"
    verbose_name = _("Akun, peran dan kantor")

    def ready(self):
        from . import signals, tokens  # noqa: F401
