from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "jkp_portal.reporting"
    label = "dashboards"
    verbose_name = _("Dasbor dan laporan")

    def ready(self):
        from . import checks  # noqa: F401 - registers the system check
