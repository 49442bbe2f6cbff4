"""Celery tasks of the training app: thin and idempotent."""

from celery import shared_task

from jkp_portal.celery import crontab, register_periodic


@shared_task(name="training.close_expired_vacancies")
def close_expired_vacancies() -> int:
    """Close every open vacancy past its closing date (a repeat closes nothing more)."""
    from .services import vacancies_close_expired

    return vacancies_close_expired()


@shared_task(name="training.notify_expiring_accreditations")
def notify_expiring_accreditations() -> int:
    """Tell the back office which LPKs' accreditation ends within 60 days."""
    from .services.providers import lpk_notify_expiring

    return lpk_notify_expiring()


register_periodic("training-close-expired-vacancies", "training.close_expired_vacancies", crontab(hour=0, minute=15))
register_periodic(
    "training-expiring-accreditations",
    "training.notify_expiring_accreditations",
    crontab(hour=7, minute=0, day_of_week=1),
)
