import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from claims.signals import job_search_activity, participant_reemployed, training_attendance_recorded
from counseling.models import CaseStatus, CounsellingSession, SessionStatus
from counseling.services import (
    case_assign_auto,
    session_cancel,
    session_confirm,
    session_follow_up_no_show,
    session_record_attendance,
    session_report,
    session_request_reschedule,
    session_reschedule,
    session_schedule,
    sessions_send_reminders,
)
from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from tests.counseling.factories import KonselorFactory, open_case

pytestmark = pytest.mark.django_db
JKT = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2025, 9, 1, 8, 0, tzinfo=JKT)  # a Monday


@pytest.fixture
def assigned(solo):
    konselor = KonselorFactory(office=solo)
    case = open_case(office=solo)
    case = case_assign_auto(case=case, actor=None)
    assert case.konselor == konselor
    return case


def _schedule(case, *, when=None, mode="online", **kw):
    return session_schedule(
        case=case,
        mode=mode,
        starts_at=when or dt.datetime(2025, 9, 3, 10, 0, tzinfo=JKT),
        meeting_link=kw.pop("meeting_link", "https://meet.example.id/jkp-123" if mode == "online" else ""),
        place=kw.pop("place", "Disnaker Kota Surakarta" if mode == "face_to_face" else ""),
        actor=case.konselor.user,
        **kw,
    )


@time_machine.travel(NOW, tick=False)
def test_scheduling_is_first_contact_and_tells_the_worker(assigned, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session = _schedule(assigned)
    assigned.refresh_from_db()
    assert assigned.status == CaseStatus.ACTIVE and assigned.first_contact_at is not None
    assert session.status == SessionStatus.SCHEDULED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [assigned.participant.user.email]
    assert "https://meet.example.id/jkp-123" in message.body and "10:00" in message.body


@time_machine.travel(NOW, tick=False)
def test_schedule_validation(assigned):
    """Online needs a link, face to face a place, the time must be ahead, and only one upcoming session per case."""
    with pytest.raises(ApplicationError) as err:
        _schedule(assigned, meeting_link="not a link")
    assert "meeting_link" in err.value.errors
    with pytest.raises(ApplicationError) as err:
        _schedule(assigned, mode="face_to_face", place=" ")
    assert "place" in err.value.errors
    with pytest.raises(ApplicationError) as err:
        _schedule(assigned, when=NOW - dt.timedelta(hours=1))
    assert "starts_at" in err.value.errors
    _schedule(assigned)
    with pytest.raises(StateConflictError):
        _schedule(assigned, when=NOW + dt.timedelta(days=5))


@time_machine.travel(NOW, tick=False)
def test_unassigned_case_cannot_get_a_session(solo):
    case = open_case(office=solo)
    with pytest.raises(StateConflictError):
        session_schedule(
            case=case, mode="online", starts_at=NOW + dt.timedelta(days=1), meeting_link="https://x.id", actor=None
        )


@time_machine.travel(NOW, tick=False)
def test_worker_confirms_or_asks_to_reschedule_and_konselor_reschedules(assigned, django_capture_on_commit_callbacks):
    worker = assigned.participant.user
    session = _schedule(assigned)
    session = session_confirm(session=session, actor=worker)
    assert session.status == SessionStatus.CONFIRMED
    assert session_confirm(session=session, actor=worker).status == SessionStatus.CONFIRMED  # twice: no change
    with pytest.raises(ApplicationError):
        session_request_reschedule(session=session, reason="", actor=worker)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = session_request_reschedule(
            session=session, reason="Ada panggilan wawancara", preference="Kamis pagi", actor=worker
        )
    assert session.status == SessionStatus.RESCHEDULE_REQUESTED
    assert mail.outbox[0].to == [assigned.konselor.user.email] and "Kamis pagi" in mail.outbox[0].body
    new_time = dt.datetime(2025, 9, 4, 9, 0, tzinfo=JKT)
    session = session_reschedule(
        session=session,
        starts_at=new_time,
        mode="face_to_face",
        place="Disnaker Surakarta",
        actor=assigned.konselor.user,
    )
    assert (session.status, session.starts_at, session.place, session.meeting_link) == (
        SessionStatus.SCHEDULED,
        new_time,
        "Disnaker Surakarta",
        "",
    )
    assert session.confirmed_at is None
    actions = [e.action for e in audit_events_for(session)]
    assert actions == [
        "session_scheduled",
        "session_confirmed",
        "reschedule_requested",
        "session_rescheduled",
    ]


def test_reminder_is_sent_once_a_day_before(assigned, django_capture_on_commit_callbacks):
    """Sessions starting within 24 hours get one reminder; a later one waits; a rescheduled one is reminded again."""
    with time_machine.travel(NOW, tick=False):
        session = _schedule(assigned, when=dt.datetime(2025, 9, 3, 10, 0, tzinfo=JKT))
    with time_machine.travel(dt.datetime(2025, 9, 2, 9, 0, tzinfo=JKT), tick=False):
        assert sessions_send_reminders() == 0  # 25 hours ahead: not yet
    mail.outbox.clear()
    with (
        time_machine.travel(dt.datetime(2025, 9, 2, 10, 5, tzinfo=JKT), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert sessions_send_reminders() == 1
        assert sessions_send_reminders() == 0  # the next hourly run does not repeat it
    assert len(mail.outbox) == 1 and "besok" in mail.outbox[0].subject
    session.refresh_from_db()
    assert session.reminder_sent_at is not None
    with time_machine.travel(dt.datetime(2025, 9, 2, 11, 0, tzinfo=JKT), tick=False):
        session = session_reschedule(
            session=session, starts_at=dt.datetime(2025, 9, 3, 8, 0, tzinfo=JKT), actor=assigned.konselor.user
        )
        assert session.reminder_sent_at is None
        assert sessions_send_reminders() == 1


def test_the_periodic_reminder_task_is_declared_in_code():
    import counseling.tasks  # noqa: F401
    from jkp_portal.celery import app

    entry = app.conf.beat_schedule["counseling-session-reminders"]
    assert entry["task"] == "counseling.send_session_reminders"


def test_attendance_reports_a_counselling_session_to_payouts(assigned):
    """An attended session is sent as job-search activity (kind counselling_session),
    from the session's day on, not before."""
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    job_search_activity.connect(listener, dispatch_uid="test-listener")
    try:
        with time_machine.travel(NOW, tick=False):
            session = _schedule(assigned)
            with pytest.raises(StateConflictError):
                session_record_attendance(session=session, attended=True, actor=assigned.konselor.user)
        with time_machine.travel(dt.datetime(2025, 9, 3, 11, 0, tzinfo=JKT), tick=False):
            session = session_record_attendance(session=session, attended=True, actor=assigned.konselor.user)
    finally:
        job_search_activity.disconnect(dispatch_uid="test-listener")
    assert session.status == SessionStatus.ATTENDED
    assert len(received) == 1
    event = received[0]
    assert event["participant"] == assigned.participant
    assert event["kind"] == "counselling_session"
    assert event["occurred_on"] == dt.date(2025, 9, 3)
    assert (event["source"], event["reference"]) == ("counseling.session", str(session.pk))
    with pytest.raises(StateConflictError):
        session_record_attendance(session=session, attended=False, actor=assigned.konselor.user)


def test_no_show_is_followed_up(assigned, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        session = _schedule(assigned)
    with (
        time_machine.travel(dt.datetime(2025, 9, 3, 12, 0, tzinfo=JKT), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        session = session_record_attendance(session=session, attended=False, actor=assigned.konselor.user)
    assert session.status == SessionStatus.NO_SHOW
    assert any("tidak hadir" in m.subject for m in mail.outbox)
    with pytest.raises(ApplicationError):
        session_follow_up_no_show(session=session, note=" ", actor=assigned.konselor.user)
    session = session_follow_up_no_show(
        session=session, note="Ditelepon, sakit; jadwal baru", actor=assigned.konselor.user
    )
    assert session.followed_up_at is not None
    with pytest.raises(StateConflictError):
        session_follow_up_no_show(session=session, note="lagi", actor=assigned.konselor.user)


def _attended(case):
    with time_machine.travel(NOW, tick=False):
        session = _schedule(case)
    with time_machine.travel(dt.datetime(2025, 9, 3, 11, 0, tzinfo=JKT), tick=False):
        return session_record_attendance(session=session, attended=True, actor=case.konselor.user)


def test_report_sets_the_recommendation_and_next_steps_the_worker_sees(assigned, django_capture_on_commit_callbacks):
    session = _attended(assigned)
    with pytest.raises(ApplicationError) as err:
        session_report(
            session=session,
            notes="",
            outcome="Minat menjahit",
            recommendation="training",
            next_steps="Daftar pelatihan",
            actor=assigned.konselor.user,
        )
    assert "recommended_programme" in err.value.errors
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = session_report(
            session=session,
            notes="Masih terpukul oleh PHK; butuh dukungan.",
            outcome="Minat ke garmen, butuh sertifikat",
            recommendation="training",
            recommended_programme="Operator Mesin Jahit Industri — BLK Surakarta",
            recommended_programme_ref="BLK-SKA-017",
            next_steps="Daftar pelatihan operator mesin jahit minggu ini; lamar 2 lowongan garmen.",
            actor=assigned.konselor.user,
        )
    assigned.refresh_from_db()
    assert assigned.recommendation == "training"
    assert assigned.recommended_programme == "Operator Mesin Jahit Industri — BLK Surakarta"
    assert assigned.next_steps.startswith("Daftar pelatihan")
    assert session.notes == "Masih terpukul oleh PHK; butuh dukungan."
    # Notes are encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM counseling_counsellingsession WHERE id = %s", [session.pk])
        assert "terpukul" not in cursor.fetchone()[0]
    # The worker is told, without the notes.
    assert len(mail.outbox) == 1 and "terpukul" not in mail.outbox[0].body
    # A job-search recommendation clears the programme.
    session = session_report(
        session=session,
        notes="",
        outcome="Siap melamar",
        recommendation="job_search",
        recommended_programme="ignored",
        next_steps="Lamar 5 lowongan",
        actor=assigned.konselor.user,
    )
    assigned.refresh_from_db()
    assert (assigned.recommendation, assigned.recommended_programme) == ("job_search", "")
    assert [e.action for e in audit_events_for(session)][-2:] == ["session_reported", "session_report_corrected"]


def test_report_only_after_attendance(assigned):
    with time_machine.travel(NOW, tick=False):
        session = _schedule(assigned)
    with pytest.raises(StateConflictError):
        session_report(session=session, notes="", outcome="x", recommendation="job_search", next_steps="y", actor=None)


def test_cancel_needs_a_reason(assigned):
    with time_machine.travel(NOW, tick=False):
        session = _schedule(assigned)
        with pytest.raises(ApplicationError):
            session_cancel(session=session, reason="", actor=None)
        session = session_cancel(session=session, reason="Konselor sakit", actor=None)
    assert session.status == SessionStatus.CANCELLED
    with time_machine.travel(NOW, tick=False):
        _schedule(assigned)  # a new session may be scheduled


def test_reemployment_closes_the_case_and_cancels_upcoming_sessions(assigned):
    with time_machine.travel(NOW, tick=False):
        session = _schedule(assigned)
    participant_reemployed.send(
        sender=None,
        participant=assigned.participant,
        on_date=dt.date(2025, 9, 2),
        actor=None,
        source="training.placement",
    )
    assigned.refresh_from_db()
    session.refresh_from_db()
    assert assigned.status == CaseStatus.REEMPLOYED and assigned.reemployed_on == dt.date(2025, 9, 2)
    assert session.status == SessionStatus.CANCELLED
    # Sent again (another source): nothing changes.
    participant_reemployed.send(
        sender=None, participant=assigned.participant, on_date=dt.date(2025, 9, 5), actor=None, source="payouts"
    )
    assigned.refresh_from_db()
    assert assigned.reemployed_on == dt.date(2025, 9, 2)


def test_training_attendance_puts_the_case_in_training(assigned):
    from decimal import Decimal

    training_attendance_recorded.send(
        sender=None,
        participant=assigned.participant,
        month=dt.date(2025, 9, 1),
        percentage=Decimal("90"),
        source="training.attendance",
        reference="e1",
        actor=None,
    )
    assigned.refresh_from_db()
    assert assigned.status == CaseStatus.IN_TRAINING
    assert CounsellingSession.objects.count() == 0


@pytest.mark.parametrize("attended", [True, False], ids=["attended", "no-show"])
def test_attendance_cannot_be_recorded_before_the_session_starts_even_on_its_day(assigned, attended):
    """A session at 15:00 is neither attended nor missed at 09:00 the same day."""
    with time_machine.travel(NOW, tick=False):
        session = _schedule(assigned, when=dt.datetime(2025, 9, 3, 15, 0, tzinfo=JKT))
    with time_machine.travel(dt.datetime(2025, 9, 3, 9, 0, tzinfo=JKT), tick=False):
        with pytest.raises(StateConflictError) as exc:
            session_record_attendance(session=session, attended=attended, actor=assigned.konselor.user)
        assert "15.00" in exc.value.message or "15:00" in exc.value.message
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED
    with time_machine.travel(dt.datetime(2025, 9, 3, 15, 5, tzinfo=JKT), tick=False):
        session = session_record_attendance(session=session, attended=attended, actor=assigned.konselor.user)
    assert session.status == (SessionStatus.ATTENDED if attended else SessionStatus.NO_SHOW)
