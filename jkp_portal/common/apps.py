from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "jkp_portal.common"
    label = "common"
    verbose_name = "Common"

    def ready(self):
        from . import checks  # noqa: F401  (system checks of the SMS gateway)
