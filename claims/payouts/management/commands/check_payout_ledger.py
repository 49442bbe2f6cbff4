"""python manage.py check_payout_ledger [--date YYYY-MM-DD]: exactly one payment
per payable month, amounts as frozen, batches adding up. Exit status 1 on problems."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from claims.payouts.ledger import check_payout_ledger


class Command(BaseCommand):
    help = "Check that every due benefit month is settled exactly once and the totals add up."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="months due up to this date must be settled (default: last run date)")

    def handle(self, *args, **options):
        as_of = date.fromisoformat(options["date"]) if options["date"] else None
        report = check_payout_ledger(as_of=as_of)
        self.stdout.write(
            f"as of {report.as_of}: {report.months_due} months due, {report.payments} payments, "
            f"total Rp {report.payment_total:,.0f} (expected Rp {report.expected_total:,.0f}), "
            f"paid by the bank Rp {report.paid_total:,.0f}"
        )
        for problem in report.problems:
            self.stdout.write(self.style.ERROR(f"  - {problem}"))
        if not report.ok:
            raise CommandError(f"{len(report.problems)} problem(s) in the payout ledger")
        self.stdout.write(self.style.SUCCESS("payout ledger OK"))
