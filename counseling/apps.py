from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounselingConfig(AppConfig):
    name = "counseling"
    verbose_name = _("Konseling")

    def ready(self):
        from jkp_portal.audit.labels import register_actions

        from . import receivers, tasks  # noqa: F401
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)  # the audit trail's words for this app's actions
