"""python manage.py run_payouts [--date YYYY-MM-DD] [--workers N] [--chunk-size N]

The daily payout run on demand (operators, tests, catching up after an outage).
Running it again for the same date creates nothing; running it after a killed
run finishes the work."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from claims.payouts.services.runs import run_payouts


class Command(BaseCommand):
    help = "Settle every benefit month due up to a date: payments, withheld/forfeited months, payout batches."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run date YYYY-MM-DD (default: today in Asia/Jakarta)")
        parser.add_argument("--workers", type=int, default=1, help="worker processes, each with its own connection")
        parser.add_argument("--chunk-size", type=int, default=0, help="benefits per chunk (multiple of 1000)")
        parser.add_argument("--no-notify", action="store_true", help="do not notify workers of withheld months")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")
        parser.add_argument(
            "--full", action="store_true", help="look at every unsettled month, not only those after the last run"
        )

    def handle(self, *args, **options):
        try:
            run_date = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        bar = None

        def on_chunk(result):
            nonlocal bar
            if bar is not None:
                bar.update(1)
                bar.set_postfix(payments=result.created, refresh=False)

        from claims.payouts.services.runs import plan_chunks

        if not options["quiet"]:
            ranges, _size = plan_chunks(chunk_size=options["chunk_size"] or None, workers=options["workers"])
            bar = tqdm(total=len(ranges), unit="chunk", desc=f"payouts {run_date}", file=self.stderr._out)
        try:
            run = run_payouts(
                run_date=run_date,
                workers=options["workers"],
                chunk_size=options["chunk_size"] or None,
                triggered_by="command:run_payouts",
                on_chunk=on_chunk,
                notify=not options["no_notify"],
                full=options["full"],
            )
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"run #{run.pk} {run.run_date}: {run.payments_created} payments (Rp {run.amount_created:,.0f}), "
                f"{run.withheld} withheld, {run.forfeited} forfeited, {run.employer_owed} owed by employers, "
                f"{run.benefits_closed} benefits closed, {run.chunks_done}/{run.chunks_total} chunks"
            )
        )
