import datetime as dt

import pytest
from django.core import mail

from claims.signals import claim_approved
from counseling.models import Case, CaseStatus, Konselor
from counseling.services import (
    case_assign_auto,
    cases_assign_pending,
    cases_reassign,
    konselor_absence_add,
    konselor_hand_over,
)
from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from tests.counseling.factories import KonselorFactory, approved_claim, open_case
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


def test_approval_opens_a_case_and_the_task_assigns_a_konselor_after_commit(solo, django_capture_on_commit_callbacks):
    """Sending claim_approved opens the case at once (it is in the queue even if
    Celery is down) and, after commit, the Celery task assigns the konselor of
    the worker's regency and tells the worker who it is."""
    konselor = KonselorFactory(office=solo, regencies=["33.72"])
    claim = approved_claim(office=solo)
    with django_capture_on_commit_callbacks(execute=True):
        claim_approved.send(sender=type(claim), claim=claim, actor=None)
        case = Case.objects.get(claim=claim)
        assert case.status == CaseStatus.UNASSIGNED  # before commit: waiting
    case.refresh_from_db()
    assert case.konselor == konselor
    assert case.status == CaseStatus.NEW
    assert case.assigned_at is not None
    assert [m.to for m in mail.outbox] == [[claim.participant.user.email]]
    assert konselor.name in mail.outbox[0].body
    assert [e.action for e in audit_events_for(case)] == ["case_opened", "konselor_assigned"]


def test_assignment_task_is_idempotent(solo, django_capture_on_commit_callbacks):
    """Running the task again for the same claim creates no second case and keeps the konselor."""
    from counseling.tasks import assign_konselor_for_claim

    KonselorFactory(office=solo)
    KonselorFactory(office=solo)
    claim = approved_claim(office=solo)
    first = assign_konselor_for_claim(claim.pk)
    second = assign_konselor_for_claim(claim.pk)
    assert first == second
    assert Case.objects.filter(claim=claim).count() == 1


def test_same_regency_first_then_province_then_office(solo):
    """A konselor covering the case's regency wins over one covering only the
    province, who wins over one of the office only."""
    other_office = OfficeFactory(province_codes=["33"])
    by_office = KonselorFactory(office=solo, regencies=[], province_codes=[])
    by_province = KonselorFactory(office=other_office, regencies=["33.74"], province_codes=["33"])
    by_regency = KonselorFactory(office=other_office, regencies=["33.11"], province_codes=["33"])

    in_regency = open_case(office=solo, regency="33.11", province="33")
    in_province = open_case(office=solo, regency="33.10", province="33")
    elsewhere = open_case(office=solo, regency="34.71", province="34")
    cases_assign_pending(actor=None)
    for case, expected in ((in_regency, by_regency), (in_province, by_province), (elsewhere, by_office)):
        case.refresh_from_db()
        assert case.konselor_id == expected.pk


def test_lowest_relative_load_wins_and_capacity_is_never_exceeded(solo):
    """Among konselors of the same area the one with the lowest load relative to
    capacity gets the case; once everybody is full the rest wait unassigned."""
    big = KonselorFactory(office=solo, capacity=4)
    small = KonselorFactory(office=solo, capacity=2)
    cases = [open_case(office=solo) for _ in range(8)]
    result = cases_assign_pending(actor=None)
    assert result.assigned == 6
    assert result.waiting == 2
    loads = {k.pk: Case.objects.filter(konselor=k).count() for k in (big, small)}
    assert loads == {big.pk: 4, small.pk: 2}
    # Oldest first: the two newest wait.
    waiting = list(Case.objects.filter(status=CaseStatus.UNASSIGNED).order_by("pk"))
    assert waiting == cases[-2:]


def test_konselor_on_leave_or_inactive_gets_no_new_case(solo):
    today = dt.date(2025, 9, 1)
    on_leave = KonselorFactory(office=solo)
    inactive = KonselorFactory(office=solo, active=False)
    konselor_absence_add(konselor=on_leave, starts_on=today, ends_on=today + dt.timedelta(days=3), reason="cuti")
    case = open_case(office=solo)
    case = case_assign_auto(case=case, actor=None, today=today)
    assert case.status == CaseStatus.UNASSIGNED
    case = case_assign_auto(case=case, actor=None, today=today + dt.timedelta(days=4))
    assert case.konselor == on_leave
    assert inactive.cases.count() == 0


def test_bulk_assignment_balances_an_area(solo):
    """Many cases over konselors with different capacities and starting loads
    end within one case of the same relative load, all within capacity."""
    konselors = [KonselorFactory(office=solo, capacity=c) for c in (10, 20, 30, 40)]
    for _ in range(70):
        open_case(office=solo)
    cases_assign_pending(actor=None, notify=False)
    rel = []
    for k in konselors:
        load = k.cases.count()
        assert load <= k.capacity
        rel.append(load / k.capacity)
    assert max(rel) - min(rel) <= 1 / 10
    assert max(rel) / min(rel) <= 1.10


def test_reassign_requires_a_reason_audits_and_tells_the_worker(solo, supervisor, django_capture_on_commit_callbacks):
    a = KonselorFactory(office=solo)
    b = KonselorFactory(office=solo, regencies=["33.74"])
    case = open_case(office=solo)
    case_assign_auto(case=case, actor=None)
    case.refresh_from_db()
    assert case.konselor == a
    with pytest.raises(ApplicationError) as err:
        cases_reassign(case_ids=[case.pk], to_konselor=b, reason="  ", actor=supervisor)
    assert "reason" in err.value.errors
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = cases_reassign(case_ids=[case.pk], to_konselor=b, reason="Konselor A mutasi", actor=supervisor)
    assert result.moved == 1
    case.refresh_from_db()
    assert case.konselor == b
    assert case.status == CaseStatus.NEW  # an open case keeps its status
    event = list(audit_events_for(case))[-1]
    assert (event.action, event.reason, event.actor) == ("konselor_reassigned", "Konselor A mutasi", supervisor)
    assert event.data["from_konselor"] == a.pk and event.data["to_konselor"] == b.pk
    worker_mail = [m for m in mail.outbox if m.to == [case.participant.user.email]]
    assert len(worker_mail) == 1 and b.name in worker_mail[0].body
    assert any(m.to == [b.user.email] for m in mail.outbox)  # the new konselor is told too


def test_manual_reassign_refuses_over_capacity_or_leave(solo, supervisor):
    a = KonselorFactory(office=solo, capacity=5)
    b = KonselorFactory(office=solo, capacity=1, regencies=[])
    cases = [open_case(office=solo) for _ in range(3)]
    cases_assign_pending(actor=None)
    assert a.cases.count() == 3
    with pytest.raises(ApplicationError) as err:
        cases_reassign(case_ids=[c.pk for c in cases[:2]], to_konselor=b, reason="bagi beban", actor=supervisor)
    assert err.value.code == "over_capacity"
    konselor_absence_add(konselor=b, starts_on=dt.date.today(), ends_on=dt.date.today(), reason="sakit")
    with pytest.raises(ApplicationError) as err:
        cases_reassign(case_ids=[cases[0].pk], to_konselor=b, reason="bagi beban", actor=supervisor)
    assert err.value.code == "konselor_on_leave"
    assert a.cases.count() == 3


def test_hand_over_whole_caseload_automatically(solo, supervisor):
    """A konselor leaves: their open cases are spread over the others of the
    area (lowest relative load first); closed cases stay with them."""
    leaving = KonselorFactory(office=solo, capacity=10)
    stay_1 = KonselorFactory(office=solo, capacity=10)
    stay_2 = KonselorFactory(office=solo, capacity=10)
    for _ in range(6):
        open_case(office=solo)
    Konselor.objects.filter(pk__in=[stay_1.pk, stay_2.pk]).update(active=False)
    cases_assign_pending(actor=None)
    Konselor.objects.filter(pk__in=[stay_1.pk, stay_2.pk]).update(active=True)
    assert leaving.cases.count() == 6
    closed = leaving.cases.first()
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)

    result = konselor_hand_over(konselor=leaving, to_konselor=None, reason="Pensiun", actor=supervisor, deactivate=True)
    assert result.moved == 5 and result.kept == 0
    assert stay_1.cases.count() + stay_2.cases.count() == 5
    assert abs(stay_1.cases.count() - stay_2.cases.count()) <= 1
    leaving.refresh_from_db()
    assert not leaving.active
    assert list(leaving.cases.all()) == [closed]
    assert [e.action for e in audit_events_for(leaving)][-2:] == ["caseload_handed_over", "konselor_deactivated"]


def test_finished_cases_cannot_be_reassigned(solo, supervisor):
    a = KonselorFactory(office=solo)
    case = open_case(office=solo)
    case_assign_auto(case=case, actor=None)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.REEMPLOYED)
    with pytest.raises(StateConflictError):
        cases_reassign(case_ids=[case.pk], to_konselor=a, reason="x", actor=supervisor)
