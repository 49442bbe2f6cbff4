"""Load the demo data of every app, in the order of ``jkp_portal/demo/steps.py``.
Idempotent: a second run changes nothing that the first created."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from jkp_portal.demo.steps import STEPS


class Command(BaseCommand):
    help = "Load the demo data (offices, staff, registry, claims, counselling, training). Idempotent."

    def handle(self, *args, **options):
        logins: list[tuple[str, str, str]] = []
        for step in STEPS:
            self.stdout.write(f"demo data: {step.__module__}.{step.__name__}")
            logins += step(self.stdout) or []
        with connection.cursor() as cursor:
            # Planner statistics for the freshly loaded tables now, rather than
            # whenever autovacuum gets to them: the first pages served would
            # otherwise be planned as if every table held one row.
            cursor.execute("ANALYZE")
        width = max((len(u) for u, _, _ in logins), default=10)
        lines = [f"{u.ljust(width)}  {p}  {what}" for u, p, what in logins]
        path = settings.BASE_DIR / "var" / "demo-logins.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n")
        self.stdout.write(self.style.SUCCESS(f"demo data loaded; {len(logins)} demo logins written to {path}"))
