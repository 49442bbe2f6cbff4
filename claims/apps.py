from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Klaim dan manfaat")

    def ready(self):
        from . import checks, receivers  # noqa: F401  (the inbound SMS check; answers the accounts hooks)
