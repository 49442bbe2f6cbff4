from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounselingConfig(AppConfig):
    name = "counseling"
    verbose_name = _("Konseling")

    def ready(self):
        from . import receivers, tasks  # noqa: F401
