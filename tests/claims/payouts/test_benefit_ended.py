"""One benefit-end path that every app hears: however the benefit ends (the
worker's employment-status form, a supervisor's "stop benefit", a placement),
``benefit_end`` announces ``claims.signals.benefit_ended`` and the counselling
case and the job-seeker profile close with it."""

import datetime as dt

import pytest
from django.urls import reverse

from claims.payouts.models import BenefitStatus
from claims.payouts.services.evidence import EmploymentFormInput, job_search_report_submit
from claims.signals import benefit_ended
from counseling.models import Case, CaseStatus
from jkp_portal.audit.models import AuditEvent
from tests.claims.payouts.factories import make_benefit
from tests.training.factories import ProgrammeFactory
from training.models import EnrolmentStatus, JobSeekerProfile
from training.services import enrolment_create

pytestmark = pytest.mark.django_db

D0 = dt.date(2025, 6, 2)


def _open_case_and_profile(benefit):
    """The approval opened both (claim_approved), as in production."""
    case = Case.objects.get(participant=benefit.participant)
    profile = JobSeekerProfile.objects.get(participant=benefit.participant)
    assert case.status == CaseStatus.UNASSIGNED
    assert profile.seeking
    return case, profile


def test_employment_form_working_for_a_wage_closes_the_case_and_the_job_seeker_profile(branch):
    benefit = make_benefit(decision_date=D0, office=branch)
    case, profile = _open_case_and_profile(benefit)
    due = [m.due_date for m in benefit.months.order_by("month_no")]
    started = due[5] - dt.timedelta(days=12)
    job_search_report_submit(
        benefit=benefit,
        actor=benefit.participant.user,
        entries=[],
        employment_form=EmploymentFormInput(
            "wage_employed", employer_name="PT Maju", job_title="Operator", started_on=started
        ),
        today=due[5] - dt.timedelta(days=3),
    )
    benefit.refresh_from_db()
    case.refresh_from_db()
    profile.refresh_from_db()
    assert benefit.status == BenefitStatus.ENDED
    assert (case.status, case.reemployed_on) == (CaseStatus.REEMPLOYED, started)
    assert (profile.seeking, profile.reemployed_on) == (False, started)
    event = AuditEvent.objects.get(action="case_reemployed")
    assert event.data["source"] == "payouts.employment_form"


def test_staff_stop_for_reemployment_closes_the_case_and_the_job_seeker_profile(client, branch, supervisor):
    benefit = make_benefit(decision_date=D0, office=branch)
    case, profile = _open_case_and_profile(benefit)
    on_date = D0 + dt.timedelta(days=40)
    client.force_login(supervisor)
    response = client.post(
        reverse("payouts:benefit_stop", args=[benefit.pk]), {"reason": "reemployed", "on_date": on_date.isoformat()}
    )
    assert response.status_code == 302
    benefit.refresh_from_db()
    case.refresh_from_db()
    profile.refresh_from_db()
    assert benefit.status == BenefitStatus.ENDED
    assert (case.status, case.reemployed_on) == (CaseStatus.REEMPLOYED, on_date)
    assert (profile.seeking, profile.reemployed_on) == (False, on_date)
    assert AuditEvent.objects.get(action="case_reemployed").data["source"] == "payouts.staff"


def test_staff_stop_for_death_closes_the_case_and_stops_the_matching(client, branch, supervisor):
    benefit = make_benefit(decision_date=D0, office=branch)
    case, profile = _open_case_and_profile(benefit)
    enrolment = enrolment_create(participant=benefit.participant, programme=ProgrammeFactory(), actor=None)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    on_date = D0 + dt.timedelta(days=40)
    client.force_login(supervisor)
    client.post(reverse("payouts:benefit_stop", args=[benefit.pk]), {"reason": "death", "on_date": on_date.isoformat()})
    case.refresh_from_db()
    profile.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert "meninggal" in case.close_reason.lower()
    assert not profile.seeking
    assert profile.reemployed_on is None
    assert AuditEvent.objects.filter(action="job_seeker_stopped", object_id=str(profile.pk)).exists()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    assert "meninggal" in enrolment.withdraw_reason.lower()


def test_benefit_ended_is_sent_once_inside_the_transaction_with_what_ended(branch, supervisor):
    from claims.payouts.services import benefit_end

    benefit = make_benefit(decision_date=D0, office=branch)
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    benefit_ended.connect(listener, dispatch_uid="test.benefit_ended")
    try:
        on_date = D0 + dt.timedelta(days=40)
        benefit_end(participant=benefit.participant, on_date=on_date, reason="reemployed", actor=supervisor)
        # A second call finds nothing running and announces nothing.
        benefit_end(participant=benefit.participant, on_date=on_date, reason="reemployed", actor=supervisor)
    finally:
        benefit_ended.disconnect(dispatch_uid="test.benefit_ended")
    assert len(heard) == 1
    assert heard[0]["participant"] == benefit.participant
    assert [b.pk for b in heard[0]["benefits"]] == [benefit.pk]
    assert (heard[0]["on_date"], heard[0]["reason"], heard[0]["actor"]) == (on_date, "reemployed", supervisor)
