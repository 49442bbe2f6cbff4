"""Celery tasks of the payout schedule: thin, taking ids, safe to run twice."""

from __future__ import annotations

import logging
from datetime import date

from celery import chord, shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from jkp_portal.celery import crontab, register_periodic

logger = logging.getLogger(__name__)


@shared_task(name="payouts.run_daily")
def run_daily(run_date: str | None = None, workers: int = 0) -> int:
    """Plan today's run (Asia/Jakarta) and fan its chunks out to the workers; the
    chord's callback closes the run and refreshes the batch totals. A run of the
    day still being worked is left alone; one whose fan-out was lost is resumed
    (see ``payout_run_begin_queued``)."""
    from .services.runs import payout_run_begin_queued, scan_watermark

    day = date.fromisoformat(run_date) if run_date else timezone.localdate()
    watermark = scan_watermark()
    run, ranges, dispatch = payout_run_begin_queued(
        run_date=day, triggered_by="celery:payouts.run_daily", workers=workers or 2
    )
    if not dispatch:
        logger.info("payout run #%s of %s is still being worked; nothing queued", run.pk, day)
        return run.pk
    scan_from = watermark.isoformat() if watermark else None
    header = [process_chunk.s(run.pk, day.isoformat(), lo, hi, scan_from) for lo, hi in ranges]
    if header:
        chord(header)(finish_run.s(run.pk))
    else:
        finish_run.delay([], run.pk)
    return run.pk


@shared_task(name="payouts.process_chunk", acks_late=True, reject_on_worker_lost=True, max_retries=5)
def process_chunk(run_id: int, run_date: str, lo: int, hi: int, scan_from: str | None = None) -> dict:
    from .services.runs import process_chunk as do_chunk

    result = do_chunk(
        run_id=run_id,
        run_date=date.fromisoformat(run_date),
        lo=lo,
        hi=hi,
        scan_from=date.fromisoformat(scan_from) if scan_from else None,
        actor_label="celery:payouts.process_chunk",
    )
    return {"lo": lo, "hi": hi, "created": result.created, "withheld": result.withheld}


@shared_task(name="payouts.finish_run")
def finish_run(results, run_id: int) -> int:
    from .services.runs import payout_run_finish

    payout_run_finish(run_id=run_id)
    return run_id


@shared_task(name="payouts.run_for_benefit", acks_late=True)
def run_for_benefit(benefit_id: int) -> int:
    from .services.runs import run_for_benefit as settle

    return settle(benefit_id=benefit_id).created


@shared_task(name="payouts.notify_withheld")
def notify_withheld(month_ids: list[int]) -> int:
    """Tell each worker that a month is withheld, what is missing and by when."""
    from jkp_portal.common.notifications import Message, notify

    from .conditions import grace_end
    from .models import BenefitMonth, MonthStatus

    sent = 0
    months = BenefitMonth.objects.filter(pk__in=month_ids, status=MonthStatus.WITHHELD).select_related(
        "benefit__participant__user"
    )
    for month in months:
        user = month.benefit.participant.user
        if user is None:
            continue
        until = grace_end(month.rule_set, month.due_date)
        notify(
            user=user,
            message=Message(
                subject=_("Pembayaran manfaat bulan ke-%(n)s ditahan") % {"n": month.month_no},
                body=_(
                    "Syarat bulanan untuk manfaat bulan ke-%(n)s belum terpenuhi pada tanggal jatuh tempo %(due)s. "
                    "Lengkapi laporan pencarian kerja paling lambat %(until)s agar tetap dibayarkan; "
                    "setelah itu manfaat bulan ini hangus."
                )
                % {
                    "n": month.month_no,
                    "due": month.due_date.strftime("%d-%m-%Y"),
                    "until": until.strftime("%d-%m-%Y"),
                },
            ),
        )
        sent += 1
    return sent


# Every morning in Asia/Jakarta (CELERY_TIMEZONE), before office hours.
register_periodic("payouts-daily-run", "payouts.run_daily", crontab(hour=5, minute=30))
