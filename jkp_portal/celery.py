"""The portal's Celery app. Periodic schedules are declared here, in code."""

import logging
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import after_setup_logger, after_setup_task_logger, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jkp_portal.settings.base")

app = Celery("jkp_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every schedule the portal runs, in Asia/Jakarta time (CELERY_TIMEZONE).
# Entries point at task names so this module needs no app imports.
app.conf.beat_schedule = {}


def register_periodic(name: str, task: str, schedule, **options) -> None:
    """Let an app declare its periodic task next to its tasks module."""
    app.conf.beat_schedule[name] = {"task": task, "schedule": schedule, **options}


@worker_init.connect
def _refuse_to_start_if_misconfigured(**kwargs) -> None:
    """The worker sends the SMS and talks to the bank: like the web application,
    it refuses to start with a simulated adapter (or none) outside development and test."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.core.exceptions import ImproperlyConfigured

    from jkp_portal.common.checks import refuse_to_start_if_misconfigured

    try:
        refuse_to_start_if_misconfigured()
    except ImproperlyConfigured as exc:
        # Celery logs and swallows a receiver's exception; SystemExit stops the worker.
        logging.getLogger(__name__).critical("%s", exc)
        raise SystemExit(1) from exc


@after_setup_logger.connect
@after_setup_task_logger.connect
def _redact_worker_logs(logger=None, **kwargs) -> None:
    """Celery replaces the root handlers in the worker; its handlers mask NIKs,
    phone and account numbers like the portal's own (settings.LOGGING)."""
    from jkp_portal.common.logredact import RedactingFilter

    for handler in logger.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


__all__ = ("app", "crontab", "register_periodic")
