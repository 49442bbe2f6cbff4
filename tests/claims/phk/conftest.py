import datetime as dt

import pytest
import time_machine

from claims.models import Participant
from tests.claims.factories import EmployerFactory, ParticipantFactory
from tests.factories import OfficeFactory, UserFactory

from .factories import pdf_upload

# The tests run on a fixed day under PP 6/2025 (claim deadline: PHK date + 6 months).
TODAY = dt.date(2025, 11, 20)


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2025, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False):
        yield TODAY


@pytest.fixture
def world(db, frozen_today):
    """Two employers in two regencies, their HR accounts, a mediator for each
    area and BPJS staff of each office."""
    solo = OfficeFactory(code="KC-SKA-T", name="KC Surakarta (uji)", regencies=["33.72"])
    smg = OfficeFactory(code="KC-SMG-T", name="KC Semarang (uji)", regencies=["33.74"])
    textile = EmployerFactory(npp="NPP-TEX", name="PT Tekstil Sukoharjo Jaya", regency="33.72", office=solo)
    other = EmployerFactory(npp="NPP-OTH", name="PT Rokok Semarang", regency="33.74", office=smg)

    class World:
        pass

    w = World()
    w.today = frozen_today
    w.office, w.other_office = solo, smg
    w.employer, w.other_employer = textile, other
    w.hr = UserFactory(roles=["employer"], employer_npp=textile.npp, username="hr.tekstil")
    w.other_hr = UserFactory(roles=["employer"], employer_npp=other.npp, username="hr.rokok")
    w.mediator = UserFactory(roles=["mediator"], area_regencies=["33.72", "33.11"], username="med.solo")
    w.other_mediator = UserFactory(roles=["mediator"], area_regencies=["33.74"], username="med.smg")
    w.verifier = UserFactory(roles=["verifier"], office=solo, username="ver.solo")
    w.other_verifier = UserFactory(roles=["verifier"], office=smg, username="ver.smg")
    w.supervisor = UserFactory(roles=["supervisor"], office=solo, username="kepala.solo")
    return w


@pytest.fixture
def make_workers(world):
    def _make(n, employer=None, **kwargs):
        kwargs.setdefault("contract_start", dt.date(2019, 1, 1))
        # One INSERT for the batch: tests with 200 workers stay quick.
        return Participant.objects.bulk_create(
            ParticipantFactory.build_batch(n, employer=employer or world.employer, **kwargs)
        )

    return _make


@pytest.fixture
def report_lines():
    def _lines(participants, *, phk_date="2025-10-31", reason="business_closure", accepted="yes"):
        return [
            {"line": i + 2, "nik": p.nik, "phk_date": phk_date, "reason": reason, "accepted": accepted, "notes": ""}
            for i, p in enumerate(participants)
        ]

    return _lines


@pytest.fixture
def submit(world, report_lines):
    """Submit a report for ``participants`` as the employer's HR."""
    from claims.phk.services import phk_report_submit

    def _submit(participants, *, actor=None, is_closure=False, **line_kwargs):
        return phk_report_submit(
            actor=actor or world.hr,
            lines=report_lines(participants, **line_kwargs),
            notice_letter=pdf_upload(),
            is_closure=is_closure,
        )

    return _submit


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Seven accounts per test: a slow password hash would dominate the run (no test here checks hashing).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def active(participant) -> bool:
    participant.refresh_from_db()
    return participant.employment_status == Participant.EmploymentStatus.ACTIVE
