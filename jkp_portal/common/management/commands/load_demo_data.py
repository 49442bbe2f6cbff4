"""Load the demo data of every app, in dependency order. Idempotent: a second
run changes nothing that the first created."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

# Each module has `load(stdout) -> list[(username, password, what)]`. Named by string
# (this command sits below the apps in the layers); a wrong name is an ImportError, never a skip.
DEMO_MODULES = [
    "jkp_portal.accounts.demo",
    "claims.demo",
    "claims.phk.demo",
    "claims.payouts.demo",
    "counseling.demo",
    "training.demo",
    "claims.demo_late",
    "counseling.demo_late",
    "training.demo_late",
    # Last: the historic activity behind the dashboards, then their refresh.
    "jkp_portal.reporting.demo",
]


class Command(BaseCommand):
    help = "Load the demo data (offices, staff, registry, claims, counselling, training). Idempotent."

    def handle(self, *args, **options):
        logins: list[tuple[str, str, str]] = []
        for name in DEMO_MODULES:
            self.stdout.write(f"demo data: {name}")
            logins += import_module(name).load(self.stdout) or []
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
