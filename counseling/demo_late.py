"""Counselling for the claims the later demo modules approve (claims.demo_late):
open and assign their cases now rather than waiting for the Celery worker.
Idempotent; no new logins (the konselors come from counseling.demo)."""

from django.db import transaction

from .demo import assign_existing


@transaction.atomic
def load(stdout) -> list[tuple[str, str, str]]:
    assign_existing(stdout)
    return []
