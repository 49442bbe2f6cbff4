"""Celery tasks of the PHK app: thin, idempotent."""

import datetime as dt

from celery import shared_task

from jkp_portal.celery import crontab, register_periodic


@shared_task(name="phk.send_deadline_reminders")
def send_deadline_reminders(today: str | None = None) -> int:
    """Remind workers who have not filed as their claim deadline approaches
    (30, 14, 7 days before); each reminder goes once, so a rerun is harmless."""
    from .services import deadline_reminders_send

    return deadline_reminders_send(today=dt.date.fromisoformat(today) if today else None)


# Every morning at 08:00 Asia/Jakarta (CELERY_TIMEZONE), when people read their messages.
register_periodic("phk-deadline-reminders", "phk.send_deadline_reminders", crontab(hour=8, minute=0))
