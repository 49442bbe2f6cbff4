"""python manage.py monthly_report --office KW-KAL --month 2025-03"""

from django.core.management.base import BaseCommand, CommandError

from jkp_portal.accounts.models import Office
from jkp_portal.reporting.filters import parse_month
from jkp_portal.reporting.refresh import dashboards_refresh
from jkp_portal.reporting.report import monthly_report


class Command(BaseCommand):
    help = (
        "Print the monthly JKP report of an office's region as plain text (Indonesian): claims with the same "
        "month a year earlier, rejection reasons, breakdowns, decision time, payments and SLA, re-employment, "
        "konselor load. A regional office includes its branches; the head office covers the country."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="office code, e.g. KW-KAL or KC-BPN")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--refresh", action="store_true", help="rebuild the summary tables first")

    def handle(self, *args, **options):
        office = Office.objects.filter(code=options["office"].strip().upper()).first()
        if office is None:
            known = ", ".join(Office.objects.order_by("code").values_list("code", flat=True)[:40])
            raise CommandError(f"unknown office {options['office']!r}; known: {known}")
        try:
            month = parse_month(options["month"])
        except ValueError as exc:
            raise CommandError(f"--month must be YYYY-MM, got {options['month']!r}") from exc
        if options["refresh"]:
            dashboards_refresh(triggered_by="manage.py monthly_report --refresh")
        self.stdout.write(monthly_report(office, month))
