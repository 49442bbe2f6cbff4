"""Enrolment: the training cost cap per claim, seats and the waiting list,
recommendations by the konselor."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from tests.training.factories import (
    LpkFactory,
    ProgrammeFactory,
    approved_job_seeker,
    konselor_with_clients,
)
from training.models import EnrolmentStatus, RecommendationStatus
from training.services import (
    enrolment_create,
    enrolment_withdraw,
    recommendation_create,
    recommendation_decline,
    training_budget,
)
from training.services.jobs import job_seeker_reemployed
from training.services.providers import programme_update

pytestmark = pytest.mark.django_db


def test_pp6_claim_may_spend_up_to_2_4_million_across_enrolments_and_no_more():
    """Under PP 6/2025 the cap is Rp 2,400,000 for all the claim's enrolments together."""
    participant, claim = approved_job_seeker(decision_date=dt.date(2025, 3, 1), rule_set="PP6_2025")
    first = enrolment_create(participant=participant, programme=ProgrammeFactory(cost=Decimal("1400000")), actor=None)
    second = enrolment_create(participant=participant, programme=ProgrammeFactory(cost=Decimal("1000000")), actor=None)
    assert first.status == second.status == EnrolmentStatus.ENROLLED
    budget = training_budget(claim)
    assert (budget.cap, budget.used, budget.remaining) == (Decimal("2400000"), Decimal("2400000"), Decimal("0"))
    with pytest.raises(ApplicationError) as excinfo:
        enrolment_create(participant=participant, programme=ProgrammeFactory(cost=Decimal("1")), actor=None)
    assert excinfo.value.code == "training_cost_cap_exceeded"
    assert "Rp 2.400.000" in excinfo.value.message
    assert "PP 6/2025" in excinfo.value.message


def test_pp37_claim_is_capped_at_1_million_with_a_clear_reason():
    """A claim decided under PP 37/2021 keeps the Rp 1,000,000 cap."""
    participant, _claim = approved_job_seeker(decision_date=dt.date(2024, 11, 4), rule_set="PP37_2021")
    with pytest.raises(ApplicationError) as excinfo:
        enrolment_create(participant=participant, programme=ProgrammeFactory(cost=Decimal("1200000")), actor=None)
    message = excinfo.value.message
    assert "Rp 1.200.000" in message and "Rp 1.000.000" in message and "PP 37/2021" in message
    ok = enrolment_create(participant=participant, programme=ProgrammeFactory(cost=Decimal("1000000")), actor=None)
    assert ok.status == EnrolmentStatus.ENROLLED


def test_withdrawing_before_attending_releases_the_budget():
    participant, claim = approved_job_seeker()
    enrolment = enrolment_create(
        participant=participant, programme=ProgrammeFactory(cost=Decimal("2400000")), actor=None
    )
    assert training_budget(claim).remaining == 0
    withdrawn = enrolment_withdraw(enrolment=enrolment, actor=participant.user, reason="jadwal bentrok")
    assert withdrawn.cost_released
    assert training_budget(claim).remaining == Decimal("2400000")


def test_full_programme_puts_the_next_on_the_waiting_list_and_a_free_seat_promotes_in_order():
    """Seats are given in order of enrolment; the waiting list moves when a seat frees."""
    programme = ProgrammeFactory(seats=1)
    (a, _), (b, _), (c, _) = (approved_job_seeker() for _ in range(3))
    first = enrolment_create(participant=a, programme=programme, actor=None)
    second = enrolment_create(participant=b, programme=programme, actor=None)
    third = enrolment_create(participant=c, programme=programme, actor=None)
    assert [e.status for e in (first, second, third)] == ["enrolled", "waitlisted", "waitlisted"]
    enrolment_withdraw(enrolment=first, actor=a.user)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == EnrolmentStatus.ENROLLED and second.enrolled_at is not None
    assert third.status == EnrolmentStatus.WAITLISTED
    assert audit_events_for(second).filter(action="enrolment_promoted").exists()


def test_more_seats_promote_the_waiting_list(make_user):
    programme = ProgrammeFactory(seats=1)
    (a, _), (b, _) = approved_job_seeker(), approved_job_seeker()
    enrolment_create(participant=a, programme=programme, actor=None)
    waiting = enrolment_create(participant=b, programme=programme, actor=None)
    programme_update(programme=programme, actor=make_user("admin"), seats=2)
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ENROLLED


def test_enrolling_twice_in_the_same_programme_is_refused():
    participant, _ = approved_job_seeker()
    programme = ProgrammeFactory()
    enrolment_create(participant=participant, programme=programme, actor=None)
    with pytest.raises(ApplicationError) as excinfo:
        enrolment_create(participant=participant, programme=programme, actor=None)
    assert excinfo.value.code == "already_enrolled"


def test_no_enrolment_without_an_approved_claim_or_after_reemployment():
    participant, claim = approved_job_seeker()
    claim.status = "submitted"
    claim.save(update_fields=["status"])
    with pytest.raises(ApplicationError) as excinfo:
        enrolment_create(participant=participant, programme=ProgrammeFactory(), actor=None)
    assert excinfo.value.code == "no_approved_claim"

    other, _ = approved_job_seeker()
    job_seeker_reemployed(participant=other, on_date=timezone.localdate(), actor=None)
    with pytest.raises(ApplicationError) as excinfo:
        enrolment_create(participant=other, programme=ProgrammeFactory(), actor=None)
    assert excinfo.value.code == "reemployed"


def test_programme_of_an_lpk_that_lost_its_accreditation_takes_no_enrolment():
    """Published earlier, but the LPK's accreditation has since expired."""
    participant, _ = approved_job_seeker()
    programme = ProgrammeFactory(lpk=LpkFactory(accredited_until=timezone.localdate() - dt.timedelta(days=1)))
    with pytest.raises(ApplicationError) as excinfo:
        enrolment_create(participant=participant, programme=programme, actor=None)
    assert excinfo.value.code == "lpk_not_eligible"


def test_draft_programme_takes_no_enrolment():
    participant, _ = approved_job_seeker()
    with pytest.raises(StateConflictError):
        enrolment_create(participant=participant, programme=ProgrammeFactory(status="draft"), actor=None)


def test_konselor_recommends_to_a_client_and_the_worker_enrols_on_it():
    participant, claim = approved_job_seeker()
    konselor = konselor_with_clients(claim)
    programme = ProgrammeFactory()
    recommendation = recommendation_create(
        konselor=konselor, participant=participant, programme=programme, note="Cocok"
    )
    enrolment = enrolment_create(
        participant=participant, programme=programme, actor=participant.user, recommendation=recommendation
    )
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.ACCEPTED
    assert enrolment.source == "recommendation" and enrolment.recommendation == recommendation
    with pytest.raises(StateConflictError):
        recommendation_decline(recommendation=recommendation, actor=participant.user)


def test_konselor_cannot_recommend_to_someone_who_is_not_their_client():
    participant, _ = approved_job_seeker()
    _other, other_claim = approved_job_seeker()
    konselor = konselor_with_clients(other_claim)
    with pytest.raises(ForbiddenError):
        recommendation_create(konselor=konselor, participant=participant, programme=ProgrammeFactory())


def test_recommendation_above_the_cap_is_refused():
    participant, claim = approved_job_seeker(decision_date=dt.date(2024, 6, 3), rule_set="PP37_2021")
    konselor = konselor_with_clients(claim)
    with pytest.raises(ApplicationError) as excinfo:
        recommendation_create(
            konselor=konselor, participant=participant, programme=ProgrammeFactory(cost=Decimal("1500000"))
        )
    assert excinfo.value.code == "training_cost_cap_exceeded"
