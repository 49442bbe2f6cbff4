"""System check: the chart library must be among the static files."""

from django.contrib.staticfiles import finders
from django.core.checks import Tags, Warning, register

from .views import PLOTLY_STATIC


@register(Tags.staticfiles)
def plotly_is_served(app_configs, **kwargs):
    if finders.find(PLOTLY_STATIC):
        return []
    return [
        Warning(
            f"{PLOTLY_STATIC} is not among the static files: the dashboards show tables without charts.",
            hint='Add ("vendor/plotly", Path(plotly.__file__).parent / "package_data") to STATICFILES_DIRS.',
            id="dashboards.W001",
        )
    ]
