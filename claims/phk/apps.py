from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhkConfig(AppConfig):
    name = "claims.phk"
    label = "phk"
    verbose_name = _("Laporan PHK, mediasi dan PHK massal")

    def ready(self):
        from jkp_portal.audit.labels import register_actions

        from . import receivers  # noqa: F401  (answers the claims hooks: pre-fill, decision blockers, proof)
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)  # the audit trail's words for this app's actions
