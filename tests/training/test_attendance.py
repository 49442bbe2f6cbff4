"""Attendance per session, the monthly percentage sent to payouts, CSV import,
progress and completion."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from claims.signals import training_attendance_recorded
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from tests.training.factories import ProgrammeFactory, approved_job_seeker
from training.models import EnrolmentStatus, MonthlyAttendance
from training.services import (
    attendance_import_csv,
    attendance_record,
    enrolment_complete,
    enrolment_create,
    enrolment_progress_update,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 7, 20, 10, tzinfo=dt.UTC)


@pytest.fixture
def sent():
    """Collects what training_attendance_recorded carries to payouts."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    training_attendance_recorded.connect(receiver, dispatch_uid="test-attendance")
    yield calls
    training_attendance_recorded.disconnect(dispatch_uid="test-attendance")


def _programme():
    # Five sessions in June, two in July (all in the past on NOW).
    days = [dt.date(2025, 6, d) for d in (2, 9, 16, 23, 30)] + [dt.date(2025, 7, 7), dt.date(2025, 7, 14)]
    return ProgrammeFactory(
        start_date=dt.date(2025, 6, 2), end_date=dt.date(2025, 8, 29), sessions=days, cost=Decimal("900000")
    )


@time_machine.travel(NOW, tick=False)
def test_monthly_percentage_is_sent_whenever_it_changes(make_user, sent):
    """Four of five June sessions = 80.00 %; correcting one mark re-sends the new figure."""
    admin = make_user("admin")
    programme = _programme()
    participant, _ = approved_job_seeker(decision_date=dt.date(2025, 5, 20))
    enrolment = enrolment_create(participant=participant, programme=programme, actor=None)
    june = list(programme.sessions.filter(date__month=6))
    for i, session in enumerate(june):
        attendance_record(session=session, marks={enrolment.pk: i != 2}, actor=admin)
    monthly = MonthlyAttendance.objects.get(enrolment=enrolment, month=dt.date(2025, 6, 1))
    assert (monthly.sessions_recorded, monthly.sessions_present, monthly.percentage) == (5, 4, Decimal("80.00"))
    last = sent[-1]
    assert last["participant"] == participant
    assert last["month"] == dt.date(2025, 6, 1)
    assert last["percentage"] == Decimal("80.00")
    assert last["source"] == "training.attendance"
    assert last["reference"] == f"{enrolment.pk}:2025-06"
    assert last["actor"] == admin

    count = len(sent)
    attendance_record(session=june[0], marks={enrolment.pk: True}, actor=admin)  # unchanged mark
    assert len(sent) == count
    attendance_record(session=june[2], marks={enrolment.pk: True}, actor=admin)  # correction
    assert sent[-1]["percentage"] == Decimal("100.00")
    assert len(sent) == count + 1


@time_machine.travel(NOW, tick=False)
def test_attendance_for_a_future_session_or_a_waitlisted_participant_is_refused(make_user):
    admin = make_user("admin")
    programme = ProgrammeFactory(seats=1, sessions=[dt.date(2025, 7, 1), dt.date(2025, 7, 30)])
    (a, _), (b, _) = (
        approved_job_seeker(decision_date=dt.date(2025, 6, 1)),
        approved_job_seeker(decision_date=dt.date(2025, 6, 1)),
    )
    enrolment_create(participant=a, programme=programme, actor=None)
    waiting = enrolment_create(participant=b, programme=programme, actor=None)
    past, future = programme.sessions.order_by("date")
    with pytest.raises(ApplicationError):
        attendance_record(session=future, marks={waiting.pk: True}, actor=admin)
    with pytest.raises(StateConflictError):
        attendance_record(session=past, marks={waiting.pk: True}, actor=admin)


@time_machine.travel(NOW, tick=False)
def test_csv_import_records_good_rows_and_reports_bad_rows_by_line(make_user, sent):
    admin = make_user("admin")
    programme = _programme()
    (a, _), (b, _) = (approved_job_seeker(decision_date=dt.date(2025, 5, 20)) for _ in range(2))
    ea = enrolment_create(participant=a, programme=programme, actor=None)
    eb = enrolment_create(participant=b, programme=programme, actor=None)
    csv_text = (
        "kode_program;tanggal;nik;hadir\n"
        f"{programme.code};2025-07-07;{a.nik};ya\n"
        f"{programme.code};07-07-2025;{b.nik};tidak\n"
        f"{programme.code};2025-07-08;{a.nik};ya\n"  # no session that day
        f"XXX;2025-07-07;{a.nik};ya\n"  # unknown programme
        f"{programme.code};2025-07-14;9999999999999999;ya\n"  # not enrolled
        f"{programme.code};2025-07-14;{a.nik};mungkin\n"  # bad flag
        f"{programme.code};2025-07-14;{b.nik};1\n"
    )
    run = attendance_import_csv(data=csv_text.encode(), source_name="hadir-juli.csv", actor=admin)
    assert (run.rows_total, run.rows_imported, run.rows_rejected) == (7, 3, 4)
    assert [e["line"] for e in run.errors] == [4, 5, 6, 7]
    assert "Tidak ada sesi" in run.errors[0]["reason"]
    assert "tidak dikenal" in run.errors[1]["reason"]
    july = dt.date(2025, 7, 1)
    assert MonthlyAttendance.objects.get(enrolment=ea, month=july).percentage == Decimal("100.00")
    assert MonthlyAttendance.objects.get(enrolment=eb, month=july).percentage == Decimal("50.00")
    assert {c["reference"] for c in sent} == {f"{ea.pk}:2025-07", f"{eb.pk}:2025-07"}


def test_csv_without_required_columns_is_refused_as_a_whole(make_user):
    run = attendance_import_csv(data=b"nik,hadir\n1,ya\n", source_name="x.csv", actor=make_user("admin"))
    assert run.rows_imported == 0
    assert "kode_program" in run.errors[0]["reason"]


@time_machine.travel(NOW, tick=False)
def test_completion_records_the_certificate_once(make_user):
    admin = make_user("admin")
    programme = _programme()
    participant, _ = approved_job_seeker(decision_date=dt.date(2025, 5, 20))
    enrolment = enrolment_create(participant=participant, programme=programme, actor=None)
    enrolment_progress_update(enrolment=enrolment, progress_percent=100, actor=admin)
    with pytest.raises(ApplicationError) as excinfo:
        enrolment_complete(
            enrolment=enrolment, actor=admin, certificate_number=" ", certificate_date=dt.date(2025, 7, 15)
        )
    assert "certificate_number" in excinfo.value.errors
    done = enrolment_complete(
        enrolment=enrolment, actor=admin, certificate_number="BNSP/JHT/2025/0001", certificate_date=dt.date(2025, 7, 15)
    )
    assert done.status == EnrolmentStatus.COMPLETED
    assert done.certificate_number == "BNSP/JHT/2025/0001"
    with pytest.raises(StateConflictError):
        enrolment_complete(
            enrolment=enrolment, actor=admin, certificate_number="BNSP/2", certificate_date=dt.date(2025, 7, 15)
        )
