from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayoutsConfig(AppConfig):
    name = "claims.payouts"
    label = "payouts"
    verbose_name = _("Manfaat uang tunai dan pembayaran")

    def ready(self):
        from . import checks, receivers, tasks  # noqa: F401  (system checks; signal receivers; the daily schedule)
