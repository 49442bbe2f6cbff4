from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayoutsConfig(AppConfig):
    name = "claims.payouts"
    label = "payouts"
    verbose_name = _("Manfaat uang tunai dan pembayaran")

    def ready(self):
        from jkp_portal.audit.labels import register_actions

        from . import checks, receivers, tasks  # noqa: F401  (system checks; signal receivers; the daily schedule)
        from .audit_actions import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)  # the audit trail's words for this app's actions
