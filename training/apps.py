from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Pelatihan dan lowongan")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the signal receivers
