from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhkConfig(AppConfig):
    name = "claims.phk"
    label = "phk"
    verbose_name = _("Laporan PHK, mediasi dan PHK massal")

    def ready(self):
        from . import receivers  # noqa: F401  (answers the claims hooks: pre-fill, decision blockers, proof)
