"""Rebuild the dashboard summary tables now (what the 15-minute Celery task does)."""

from django.core.management.base import BaseCommand

from jkp_portal.reporting.refresh import dashboards_refresh
from jkp_portal.reporting.selectors import warm_cache


class Command(BaseCommand):
    help = (
        "Rebuild the dashboard summary tables (waits if another refresh is running), then cache the default "
        "view of every office."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-warm", action="store_true", help="do not pre-compute the offices' default views")

    def handle(self, *args, **options):
        refresh = dashboards_refresh(triggered_by="manage.py refresh_dashboards")
        rows = ", ".join(f"{name} {count}" for name, count in refresh.row_counts.items())
        self.stdout.write(self.style.SUCCESS(f"dashboards refreshed in {refresh.duration_ms} ms ({rows})"))
        if not options["no_warm"]:
            self.stdout.write(f"default views cached for {warm_cache()} office scopes")
