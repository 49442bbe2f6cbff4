from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jkp_portal.demo"
    label = "demo"
    verbose_name = "Demo data (development only)"
