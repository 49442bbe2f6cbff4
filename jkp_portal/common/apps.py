from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "jkp_portal.common"
    label = "common"
    verbose_name = "Common"
