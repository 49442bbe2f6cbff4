from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Pelatihan dan lowongan")

    def ready(self):
        from jkp_portal.audit.labels import register_actions

        from . import receivers  # noqa: F401 - connects the signal receivers
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)  # the audit trail's words for this app's actions
