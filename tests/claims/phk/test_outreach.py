"""Outreach events for mass layoffs and deadline reminders for workers who have not filed."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from claims.models import Claim
from claims.phk.deadlines import (
    claim_deadline,
    latest_phk_date_due_by,
    phk_date_range_with_deadline_between,
    reminder_due,
)
from claims.phk.models import DeadlineReminder, OutreachEvent
from claims.phk.services import (
    deadline_reminders_send,
    outreach_event_cancel,
    outreach_event_create,
    outreach_event_invite,
    outreach_event_record_attendance,
)
from claims.phk.tasks import send_deadline_reminders
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from jkp_portal.common.notifications import LogSmsGateway

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def case(world, make_workers, submit):
    workers = make_workers(4)
    report = submit(workers, is_closure=True)
    return report.mass_layoff_case


def _event(world, case, actor=None, **kw):
    args = {
        "actor": actor or world.supervisor,
        "case": case,
        "title": "Sosialisasi JKP eks karyawan PT Tekstil",
        "starts_at": dt.datetime(2025, 11, 25, 9, 0, tzinfo=WIB),
        "ends_at": dt.datetime(2025, 11, 25, 12, 0, tzinfo=WIB),
        "place": "Aula Disnaker Kota Surakarta, Jl. Slamet Riyadi 306",
        "organiser_office": world.office,
        "organiser_disnaker": "Disnaker Kota Surakarta",
        "konselor_names": "Sri Wahyuni, Agus Prasetyo",
    } | kw
    return outreach_event_create(**args)


def test_office_staff_and_area_mediator_organise_others_cannot(world, case):
    assert _event(world, case).status == OutreachEvent.Status.SCHEDULED
    assert _event(world, case, actor=world.mediator).pk
    for outsider in (world.other_mediator, world.other_verifier, world.hr):
        with pytest.raises(ForbiddenError):
            _event(world, case, actor=outsider)


def test_event_needs_a_place_or_a_link_and_a_sane_time(world, case):
    with pytest.raises(ApplicationError) as exc:
        _event(world, case, place="", online_link="")
    assert "place" in exc.value.errors
    with pytest.raises(ApplicationError) as exc:
        _event(world, case, ends_at=dt.datetime(2025, 11, 25, 8, 0, tzinfo=WIB))
    assert "ends_at" in exc.value.errors
    online = _event(world, case, place="", online_link="https://zoom.us/j/123")
    assert online.online_link


def test_invitations_go_once_by_email_and_sms(world, case, mailoutbox, django_capture_on_commit_callbacks):
    """Every affected worker is invited by email and SMS; a second send reaches nobody again."""
    event = _event(world, case)
    LogSmsGateway.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert outreach_event_invite(actor=world.supervisor, event=event) == 4
    invites = [m for m in mailoutbox if m.subject.startswith("Undangan: ")]
    assert len(invites) == 4
    assert "Aula Disnaker Kota Surakarta" in invites[0].body
    assert "25 November 2025" in invites[0].body
    assert len(LogSmsGateway.sent) == 4
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert outreach_event_invite(actor=world.supervisor, event=event) == 0
    assert mailoutbox == []
    assert event.invitations.count() == 4


def test_attendance_is_recorded_after_the_start_for_invitees_only(world, case):
    event = _event(world, case)
    outreach_event_invite(actor=world.mediator, event=event)
    ids = list(event.invitations.values_list("participant_id", flat=True))
    with pytest.raises(ApplicationError) as exc:
        outreach_event_record_attendance(actor=world.supervisor, event=event, attended_participant_ids=ids[:2])
    assert exc.value.code == "not_started"
    with time_machine.travel(dt.datetime(2025, 11, 25, 11, 0, tzinfo=WIB), tick=False):
        with pytest.raises(ApplicationError) as exc:
            outreach_event_record_attendance(actor=world.supervisor, event=event, attended_participant_ids=[999999])
        assert exc.value.code == "not_invited"
        event = outreach_event_record_attendance(actor=world.supervisor, event=event, attended_participant_ids=ids[:3])
        assert event.status == OutreachEvent.Status.HELD
        assert sorted(event.invitations.filter(attended=True).values_list("participant_id", flat=True)) == sorted(
            ids[:3]
        )
        assert event.invitations.filter(attended=False).count() == 1
        with pytest.raises(StateConflictError):
            outreach_event_record_attendance(actor=world.supervisor, event=event, attended_participant_ids=ids)
        with pytest.raises(StateConflictError):
            outreach_event_invite(actor=world.supervisor, event=event)


def test_cancel_tells_the_invitees(world, case, mailoutbox, django_capture_on_commit_callbacks):
    event = _event(world, case)
    outreach_event_invite(actor=world.supervisor, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        event = outreach_event_cancel(actor=world.supervisor, event=event, reason="Aula dipakai banjir")
    assert event.status == OutreachEvent.Status.CANCELLED
    assert sum(1 for m in mailoutbox if "dibatalkan" in m.subject) == 4
    with pytest.raises(StateConflictError):
        outreach_event_cancel(actor=world.supervisor, event=event, reason="lagi")


# ---------------------------------------------------------------------------
# Deadlines and reminders


@pytest.mark.parametrize(
    ("phk", "today", "deadline"),
    [
        (dt.date(2025, 8, 31), dt.date(2025, 9, 1), dt.date(2026, 2, 28)),  # PP6: 6 months, month-end clamp
        (dt.date(2024, 11, 30), dt.date(2025, 1, 10), dt.date(2025, 2, 28)),  # PP37 still in force: 3 months
    ],
)
def test_claim_deadline_follows_the_rule_set_in_force(phk, today, deadline):
    assert claim_deadline(phk, today) == deadline


def test_phk_date_range_is_exact_around_month_ends():
    """The SQL pre-filter picks exactly the PHK dates whose deadline falls in the window."""
    months = 6
    start = dt.date(2025, 1, 1)
    for offset in range(0, 400, 3):
        first = start + dt.timedelta(days=offset)
        last = first + dt.timedelta(days=30)
        lo, hi = phk_date_range_with_deadline_between(first, last, months)
        from claims.eligibility import add_months

        for d in range(-260, -120):
            phk = first + dt.timedelta(days=d)
            inside = first <= add_months(phk, months) <= last
            assert inside == (lo <= phk <= hi), (first, phk)
    assert latest_phk_date_due_by(dt.date(2026, 2, 28), 6) == dt.date(2025, 8, 31)


def test_reminder_thresholds():
    assert [reminder_due(n) for n in (45, 31, 30, 15, 14, 8, 7, 0, -1)] == [None, None, 30, 30, 14, 14, 7, 7, None]


def test_reminders_go_once_per_threshold_and_not_to_workers_who_filed(
    world, make_workers, submit, mailoutbox, django_capture_on_commit_callbacks
):
    """30, 14 and 7 days before the deadline, each once; a worker who filed is left alone."""
    waiting, drafted, filed = make_workers(3)
    submit([waiting, drafted, filed], phk_date="2025-06-10", reason="efficiency")  # deadline 2025-12-10
    Claim.objects.create(participant=drafted, status="draft")
    Claim.objects.create(participant=filed, status="submitted", submitted_at=timezone.now())

    def run(day):
        mailoutbox.clear()
        with (
            time_machine.travel(dt.datetime.combine(day, dt.time(8, 0), tzinfo=WIB), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            sent = send_deadline_reminders.apply().get()
        return sent, sorted(m.to[0] for m in mailoutbox)

    assert run(dt.date(2025, 11, 5)) == (0, [])  # 35 days left: too early
    sent, to = run(dt.date(2025, 11, 20))  # 20 days left
    assert sent == 2 and to == sorted([waiting.email, drafted.email])
    assert "20 hari" in mailoutbox[0].subject
    assert run(dt.date(2025, 11, 21)) == (0, [])  # the 30-day reminder went already
    assert run(dt.date(2025, 11, 26))[0] == 2  # 14 days left
    assert run(dt.date(2025, 12, 3))[0] == 2  # 7 days left
    assert run(dt.date(2025, 12, 3))[0] == 0  # a rerun the same day sends nothing
    assert run(dt.date(2025, 12, 11)) == (0, [])  # deadline passed
    assert DeadlineReminder.objects.count() == 6
    assert not DeadlineReminder.objects.filter(row__participant=filed).exists()
    assert set(DeadlineReminder.objects.values_list("days_before", flat=True)) == {30, 14, 7}


def test_reminder_for_a_late_report_sends_only_the_tightest_threshold(world, make_workers, submit):
    """A worker reported with 10 days to go gets the 14-day reminder, not a stale 30-day one."""
    (worker,) = make_workers(1)
    submit([worker], phk_date="2025-05-30")  # deadline 2025-11-30, 10 days from 2025-11-20
    assert deadline_reminders_send() == 1
    assert list(DeadlineReminder.objects.values_list("days_before", flat=True)) == [14]
    assert deadline_reminders_send() == 0
