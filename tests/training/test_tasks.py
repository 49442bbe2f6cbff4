"""The periodic tasks: closing expired vacancies, warning about expiring accreditations."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.training.factories import LpkFactory, VacancyFactory
from training.tasks import close_expired_vacancies, notify_expiring_accreditations

pytestmark = pytest.mark.django_db


def test_close_expired_vacancies_task_is_idempotent(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    VacancyFactory(closing_date=timezone.localdate() - dt.timedelta(days=2))
    assert close_expired_vacancies.delay().get() == 1
    assert close_expired_vacancies.delay().get() == 0


def test_staff_are_emailed_the_lpks_whose_accreditation_ends_within_60_days(
    make_user, django_capture_on_commit_callbacks
):
    make_user("admin", email="admin@bpjs.example.id")
    make_user("verifier", email="verif@bpjs.example.id")
    soon = LpkFactory(name="LPK Segera Habis", accredited_until=timezone.localdate() + dt.timedelta(days=30))
    LpkFactory(name="LPK Masih Lama", accredited_until=timezone.localdate() + dt.timedelta(days=200))
    LpkFactory(name="LPK Sudah Habis", accredited_until=timezone.localdate() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_expiring_accreditations() == 1
    assert [m.to for m in mail.outbox] == [["admin@bpjs.example.id"]]
    assert soon.name in mail.outbox[0].body and "LPK Masih Lama" not in mail.outbox[0].body
