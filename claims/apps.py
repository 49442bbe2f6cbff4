from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Klaim dan manfaat")

    def ready(self):
        from jkp_portal.audit.labels import register_actions

        from . import checks, receivers  # noqa: F401  (the inbound SMS check; answers the accounts hooks)
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)  # the audit trail's words for this app's actions
