"""Applications and referrals: sent → interview → offered → hired / rejected,
the job-search activity they count for, and placement."""

import datetime as dt

import pytest
from django.utils import timezone

from claims.signals import job_search_activity, participant_reemployed
from jkp_portal.audit.selectors import audit_events_for
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from tests.training.factories import VacancyFactory, approved_job_seeker, konselor_with_clients
from training.models import ApplicationStatus, VacancyStatus
from training.services import (
    application_create,
    application_hire,
    application_invite,
    application_offer,
    application_reject,
    enrolment_create,
    referral_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals():
    """What training tells payouts and counselling."""
    seen = {"activity": [], "reemployed": []}

    def on_activity(sender, **kwargs):
        seen["activity"].append(kwargs)

    def on_reemployed(sender, **kwargs):
        seen["reemployed"].append(kwargs)

    job_search_activity.connect(on_activity, dispatch_uid="test-activity")
    participant_reemployed.connect(on_reemployed, dispatch_uid="test-reemployed")
    yield seen
    job_search_activity.disconnect(dispatch_uid="test-activity")
    participant_reemployed.disconnect(dispatch_uid="test-reemployed")


def test_the_whole_path_to_placement_sends_activity_and_reemployment(make_user, signals):
    """Application and interview invitation count as job-search activity; hired stops the benefit."""
    participant, _ = approved_job_seeker()
    vacancy = VacancyFactory(openings=1)
    hr = make_user("employer", employer_npp=vacancy.employer.npp)
    application = application_create(participant=participant, vacancy=vacancy, actor=participant.user, note="Siap")
    assert application.status == ApplicationStatus.SENT
    assert application.match_score > 0 and application.match_reasons
    first = signals["activity"][0]
    assert (first["kind"], first["source"], first["reference"]) == (
        "application",
        "training.application",
        f"application:{application.pk}",
    )
    assert first["participant"] == participant and first["occurred_on"] == timezone.localdate()

    interview_on = timezone.localdate() + dt.timedelta(days=3)
    application_invite(application=application, actor=hr, interview_on=interview_on)
    invite = signals["activity"][1]
    assert (invite["kind"], invite["reference"]) == ("interview_invitation", f"interview:{application.pk}")

    application_offer(application=application, actor=hr)
    start = timezone.localdate() + dt.timedelta(days=7)
    hired = application_hire(application=application, actor=hr, start_date=start)
    assert hired.status == ApplicationStatus.HIRED and hired.hired_on == start
    assert signals["reemployed"] == [
        {
            "signal": participant_reemployed,
            "participant": participant,
            "on_date": start,
            "actor": hr,
            "source": "training.placement",
        }
    ]
    participant.job_profile.refresh_from_db()
    assert participant.job_profile.seeking is False and participant.job_profile.reemployed_on == start
    vacancy.refresh_from_db()
    assert vacancy.hired_count == 1 and vacancy.status == VacancyStatus.FILLED
    actions = [e.action for e in audit_events_for(application)]
    assert actions == ["application_sent", "interview_invited", "job_offered", "hired"]


def test_wrong_order_is_a_state_conflict_naming_the_current_state(make_user):
    participant, _ = approved_job_seeker()
    vacancy = VacancyFactory()
    hr = make_user("employer", employer_npp=vacancy.employer.npp)
    application = application_create(participant=participant, vacancy=vacancy, actor=participant.user)
    with pytest.raises(StateConflictError) as excinfo:
        application_hire(application=application, actor=hr, start_date=timezone.localdate())
    assert "Terkirim" in excinfo.value.message
    with pytest.raises(StateConflictError):
        application_offer(application=application, actor=hr)
    application_reject(application=application, actor=hr, reason="Kualifikasi belum sesuai")
    with pytest.raises(StateConflictError):
        application_invite(application=application, actor=hr, interview_on=timezone.localdate())


def test_rejection_needs_a_reason(make_user):
    participant, _ = approved_job_seeker()
    application = application_create(participant=participant, vacancy=VacancyFactory(), actor=participant.user)
    with pytest.raises(ApplicationError) as excinfo:
        application_reject(application=application, actor=make_user("admin"), reason="  ")
    assert "reason" in excinfo.value.errors


def test_one_application_per_vacancy_and_none_to_closed_vacancies():
    participant, _ = approved_job_seeker()
    vacancy = VacancyFactory()
    application_create(participant=participant, vacancy=vacancy, actor=participant.user)
    with pytest.raises(ApplicationError) as excinfo:
        application_create(participant=participant, vacancy=vacancy, actor=participant.user)
    assert excinfo.value.code == "already_applied"
    closed = VacancyFactory(status="closed")
    with pytest.raises(StateConflictError):
        application_create(participant=participant, vacancy=closed, actor=participant.user)


def test_after_placement_no_more_applications_or_enrolments(make_user):
    from tests.training.factories import ProgrammeFactory

    participant, _ = approved_job_seeker()
    vacancy = VacancyFactory()
    hr = make_user("employer", employer_npp=vacancy.employer.npp)
    application = application_create(participant=participant, vacancy=vacancy, actor=participant.user)
    application_invite(application=application, actor=hr, interview_on=timezone.localdate())
    application_offer(application=application, actor=hr)
    application_hire(application=application, actor=hr, start_date=timezone.localdate())
    with pytest.raises(ApplicationError) as excinfo:
        application_create(participant=participant, vacancy=VacancyFactory(), actor=participant.user)
    assert excinfo.value.code == "reemployed"
    with pytest.raises(ApplicationError):
        enrolment_create(participant=participant, programme=ProgrammeFactory(), actor=participant.user)


def test_konselor_refers_a_client_and_it_counts_as_an_application(signals):
    participant, claim = approved_job_seeker()
    konselor = konselor_with_clients(claim)
    referral = referral_create(
        konselor=konselor, participant=participant, vacancy=VacancyFactory(), note="Direkomendasikan"
    )
    assert referral.origin == "referral" and referral.referred_by == konselor
    assert signals["activity"][0]["kind"] == "application"
    stranger, _ = approved_job_seeker()
    with pytest.raises(ForbiddenError):
        referral_create(konselor=konselor, participant=stranger, vacancy=VacancyFactory())
