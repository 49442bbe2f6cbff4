"""The portal's Celery app. Periodic schedules are declared here, in code."""

import os

from celery import Celery
from celery.schedules import crontab

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


__all__ = ("app", "crontab", "register_periodic")
