"""LPK criteria and publishing programmes for JKP participants."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from tests.training.factories import LpkFactory, ProgrammeFactory
from training import rules
from training.models import Lpk, ProgrammeStatus
from training.selectors.training import lpk_eligible_q, programmes_open_for_participants
from training.services import lpk_create, lpk_update, programme_create, programme_publish

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 2)


def _facts(**overrides):
    values = dict(
        competency_standard="national",
        siapkerja_id="SIAP-1",
        siapkerja_verified=True,
        accredited_until=TODAY + dt.timedelta(days=200),
        online=False,
        tracks_attendance=True,
        tracks_progress=False,
    )
    values.update(overrides)
    return rules.LpkFacts(**values)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"competency_standard": "none"}, "NO_COMPETENCY_STANDARD"),
        ({"siapkerja_id": " "}, "NOT_REGISTERED"),
        ({"siapkerja_verified": False}, "NOT_VERIFIED"),
        ({"accredited_until": None}, "NOT_ACCREDITED"),
        ({"accredited_until": TODAY - dt.timedelta(days=1)}, "ACCREDITATION_EXPIRED"),
        ({"online": True, "tracks_progress": False}, "ONLINE_TRACKING_MISSING"),
        ({"online": True, "tracks_attendance": False, "tracks_progress": True}, "ONLINE_TRACKING_MISSING"),
    ],
)
def test_each_missing_criterion_is_reported_with_its_code(overrides, code):
    """Every criterion of the rules file fails on its own, with its code and an Indonesian reason."""
    problems = rules.lpk_problems(_facts(**overrides), today=TODAY)
    assert [p.code for p in problems] == [code]
    assert problems[0].message


def test_lpk_meeting_every_criterion_has_no_problem_and_the_last_valid_day_counts():
    assert rules.lpk_problems(_facts(), today=TODAY) == []
    assert rules.lpk_problems(_facts(accredited_until=TODAY), today=TODAY) == []
    assert rules.lpk_problems(_facts(online=True, tracks_progress=True), today=TODAY) == []
    for standard in ("international", "special"):
        assert rules.lpk_problems(_facts(competency_standard=standard), today=TODAY) == []


def test_accreditation_ending_within_60_days_is_flagged():
    assert rules.accreditation_expiring(TODAY + dt.timedelta(days=60), today=TODAY)
    assert not rules.accreditation_expiring(TODAY + dt.timedelta(days=61), today=TODAY)
    assert not rules.accreditation_expiring(TODAY - dt.timedelta(days=1), today=TODAY)
    assert not rules.accreditation_expiring(None, today=TODAY)


@time_machine.travel(dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC), tick=False)
def test_sql_eligibility_filter_agrees_with_the_rules_for_every_combination():
    """The queryset filter used on list pages says exactly what rules.lpk_problems says."""
    today = timezone.localdate()
    combos = itertools.product(
        ["national", "none"],
        ["SIAP", ""],
        [True, False],
        [None, today - dt.timedelta(days=1), today],
        [True, False],
        [True, False],
    )
    for i, (standard, siap, verified, until, online, progress) in enumerate(combos):
        Lpk.objects.create(
            name=f"L{i}",
            ownership="private",
            competency_standard=standard,
            siapkerja_id=f"{siap}{i}" if siap else "",
            siapkerja_verified=verified,
            accredited_until=until,
            online=online,
            tracks_attendance=True,
            tracks_progress=progress,
            province_code="33",
        )
    by_rules = {lpk.pk for lpk in Lpk.objects.all() if not lpk.problems(today)}
    by_sql = set(Lpk.objects.filter(lpk_eligible_q(today)).values_list("pk", flat=True))
    assert by_sql == by_rules
    assert by_rules  # some combinations are eligible


def test_lpk_with_expired_accreditation_cannot_publish_and_is_told_why(make_user):
    """Publishing refuses with the LPK's reasons; the programme stays a draft."""
    admin = make_user("admin")
    lpk = LpkFactory(accredited_until=timezone.localdate() - dt.timedelta(days=3))
    programme = ProgrammeFactory(lpk=lpk, status="draft")
    with pytest.raises(ApplicationError) as excinfo:
        programme_publish(programme=programme, actor=admin)
    assert excinfo.value.code == "lpk_not_eligible"
    assert "Akreditasi LPK kedaluwarsa" in excinfo.value.message
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.DRAFT


def test_online_programme_needs_an_online_lpk_tracking_attendance_and_progress(make_user):
    admin = make_user("admin")
    lpk = LpkFactory(online=True, tracks_progress=False)
    programme = ProgrammeFactory(lpk=lpk, status="draft", mode="online")
    with pytest.raises(ApplicationError) as excinfo:
        programme_publish(programme=programme, actor=admin)
    assert "kemajuan belajar" in excinfo.value.message
    lpk_update(lpk=lpk, actor=admin, tracks_progress=True)
    published = programme_publish(programme=programme, actor=admin)
    assert published.status == ProgrammeStatus.PUBLISHED
    assert [e.action for e in audit_events_for(published)][-1] == "programme_published"


def test_publishing_twice_is_a_state_conflict(make_user):
    admin = make_user("admin")
    programme = ProgrammeFactory(status="draft")
    programme_publish(programme=programme, actor=admin)
    with pytest.raises(StateConflictError):
        programme_publish(programme=programme, actor=admin)


def test_programme_create_generates_sessions_on_chosen_weekdays_and_audits(make_user):
    admin = make_user("admin")
    lpk = lpk_create(
        actor=admin,
        name="BLK Uji",
        ownership="government",
        competency_standard="national",
        siapkerja_id="SIAP-9",
        siapkerja_verified=True,
        accredited_until=timezone.localdate() + dt.timedelta(days=400),
        province_code="33",
        regency="33.72",
    )
    start = dt.date(2030, 3, 4)  # a Monday
    programme = programme_create(
        actor=admin,
        lpk=lpk,
        code="blk-las-01",
        title="Juru Las SMAW",
        competency="Pengelasan SMAW",
        skills="Las SMAW; las listrik;  LAS SMAW",
        hours=120,
        cost=Decimal("2000000"),
        mode="offline",
        location="BLK",
        province_code="33",
        regency="33.72",
        start_date=start,
        end_date=start + dt.timedelta(days=13),
        seats=16,
        weekdays=[0, 2, 4],
        session_start=dt.time(8),
        session_end=dt.time(15),
    )
    assert programme.code == "BLK-LAS-01"
    assert programme.skills == ["las smaw", "las listrik"]
    assert programme.sessions.count() == 6
    assert {s.date.weekday() for s in programme.sessions.all()} == {0, 2, 4}
    assert audit_events_for(programme).filter(action="programme_created").exists()


def test_programme_dates_must_be_ordered(make_user):
    admin = make_user("admin")
    with pytest.raises(ApplicationError) as excinfo:
        programme_create(
            actor=admin,
            lpk=LpkFactory(),
            code="X1",
            title="X",
            competency="X",
            skills=["x"],
            hours=10,
            cost=Decimal("100000"),
            mode="offline",
            location="X",
            province_code="33",
            start_date=dt.date(2030, 1, 10),
            end_date=dt.date(2030, 1, 1),
            seats=5,
        )
    assert "end_date" in excinfo.value.errors


def test_participants_only_see_published_programmes_of_eligible_lpks():
    good = ProgrammeFactory()
    ProgrammeFactory(status="draft")
    ProgrammeFactory(lpk=LpkFactory(siapkerja_verified=False))
    ProgrammeFactory(lpk=LpkFactory(accredited_until=timezone.localdate() - dt.timedelta(days=1)))
    ProgrammeFactory(end_date=timezone.localdate() - dt.timedelta(days=1), start_date=dt.date(2020, 1, 1))
    assert list(programmes_open_for_participants()) == [good]
