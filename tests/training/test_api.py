"""The training API: programmes, enrolments, vacancies, matches and
applications — roles (403), reach (404), refusals (400) and wrong states (409)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.claims.factories import EmployerFactory
from tests.training.factories import ProgrammeFactory, VacancyFactory, approved_job_seeker, konselor_with_clients
from training.models import Vacancy
from training.services import application_create, enrolment_create

pytestmark = pytest.mark.django_db

BASE = "/api/v1/training"


def test_worker_lists_programmes_and_enrols_within_the_cap(api):
    participant, _ = approved_job_seeker(decision_date=dt.date(2024, 10, 1), rule_set="PP37_2021")
    programme = ProgrammeFactory(cost=Decimal("600000"))
    dear = ProgrammeFactory(cost=Decimal("500000"))
    api.force_authenticate(participant.user)
    listed = api.get(f"{BASE}/programmes/").json()
    assert {p["id"] for p in listed["results"]} == {programme.pk, dear.pk}
    detail = api.get(f"{BASE}/programmes/{programme.pk}/").json()
    assert len(detail["sessions"]) == 7 and detail["seats_left"] == 10
    created = api.post(f"{BASE}/enrolments/", {"programme": programme.pk})
    assert created.status_code == 201 and created.json()["status"] == "enrolled"
    refused = api.post(f"{BASE}/enrolments/", {"programme": dear.pk})
    assert refused.status_code == 400
    assert refused.json()["code"] == "training_cost_cap_exceeded"
    assert "Rp 1.000.000" in refused.json()["detail"]


def test_enrolments_are_private_to_their_worker(api, make_user):
    (a, _), (b, _) = approved_job_seeker(), approved_job_seeker()
    enrolment = enrolment_create(participant=a, programme=ProgrammeFactory(), actor=None)
    api.force_authenticate(b.user)
    assert api.get(f"{BASE}/enrolments/{enrolment.pk}/").status_code == 404
    assert api.get(f"{BASE}/enrolments/").json()["count"] == 0
    assert api.post(f"{BASE}/enrolments/{enrolment.pk}/withdraw/", {}).status_code == 404
    api.force_authenticate(make_user("verifier"))
    assert api.get(f"{BASE}/enrolments/").status_code == 403
    api.force_authenticate(a.user)
    withdrawn = api.post(f"{BASE}/enrolments/{enrolment.pk}/withdraw/", {"reason": "pindah kota"})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    again = api.post(f"{BASE}/enrolments/{enrolment.pk}/withdraw/", {})
    assert again.status_code == 409 and again.json()["code"] == "state_conflict"


def test_only_a_worker_enrols(api, make_user):
    konselor = make_user("konselor")
    api.force_authenticate(konselor)
    response = api.post(f"{BASE}/enrolments/", {"programme": ProgrammeFactory().pk})
    assert response.status_code == 403


def test_employer_posts_and_edits_only_their_companys_vacancies(api, make_user):
    mine, other = EmployerFactory(), EmployerFactory()
    api.force_authenticate(make_user("employer", employer_npp=mine.npp))
    closing = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    created = api.post(
        f"{BASE}/vacancies/",
        {
            "occupation": "Barista",
            "skills": ["Barista", "latte art"],
            "province_code": "33",
            "regency": "33.72",
            "openings": 2,
            "closing_date": closing,
        },
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["employer"] == mine.pk and body["skills"] == ["barista", "latte art"] and body["source"] == "api"
    theirs = VacancyFactory(employer=other)
    assert api.get(f"{BASE}/vacancies/{theirs.pk}/").status_code == 404
    assert api.patch(f"{BASE}/vacancies/{theirs.pk}/", {"openings": 9}, format="json").status_code == 404
    assert api.get(f"{BASE}/vacancies/").json()["count"] == 1
    edited = api.patch(f"{BASE}/vacancies/{body['id']}/", {"openings": 4}, format="json")
    assert edited.status_code == 200 and edited.json()["openings"] == 4
    invalid = api.post(
        f"{BASE}/vacancies/",
        {"occupation": "X", "skills": ["x"], "province_code": "33", "openings": 1, "closing_date": "2001-01-01"},
        format="json",
    )
    assert invalid.status_code == 400 and "closing_date" in invalid.json()["errors"]


def test_a_worker_cannot_post_a_vacancy(api):
    participant, _ = approved_job_seeker()
    api.force_authenticate(participant.user)
    response = api.post(f"{BASE}/vacancies/", {"occupation": "X"}, format="json")
    assert response.status_code == 403


def test_matches_for_the_worker_and_for_a_konselors_client(api):
    participant, claim = approved_job_seeker(occupation="Penjahit", skills=["menjahit"])
    stranger, _ = approved_job_seeker()
    vacancy = VacancyFactory(occupation="Penjahit", skills=["menjahit"])
    api.force_authenticate(participant.user)
    matches = api.get(f"{BASE}/matches/").json()
    assert matches[0]["vacancy"]["id"] == vacancy.pk
    assert {r["code"] for r in matches[0]["reasons"]} >= {"occupation", "skills", "location"}
    konselor = konselor_with_clients(claim)
    api.force_authenticate(konselor)
    assert api.get(f"{BASE}/matches/", {"participant": participant.pk}).json()[0]["vacancy"]["id"] == vacancy.pk
    assert api.get(f"{BASE}/matches/", {"participant": stranger.pk}).status_code == 404


def test_vacancy_matches_are_pseudonymous_for_employers(api, make_user):
    participant, claim = approved_job_seeker(occupation="Penjahit", skills=["menjahit"])
    vacancy = VacancyFactory(occupation="Penjahit", skills=["menjahit"])
    api.force_authenticate(make_user("employer", employer_npp=vacancy.employer.npp))
    seen = api.get(f"{BASE}/vacancies/{vacancy.pk}/matches/").json()
    assert len(seen) == 1 and "full_name" not in seen[0]["job_seeker"]
    api.force_authenticate(konselor_with_clients(claim))
    named = api.get(f"{BASE}/vacancies/{vacancy.pk}/matches/").json()
    assert named[0]["job_seeker"]["full_name"] == participant.full_name


def test_application_flow_over_the_api_with_409_on_a_wrong_state(api, make_user):
    participant, _ = approved_job_seeker()
    vacancy = VacancyFactory(openings=1)
    api.force_authenticate(participant.user)
    created = api.post(f"{BASE}/applications/", {"vacancy": vacancy.pk, "note": "Saya berminat"})
    assert created.status_code == 201
    app_id = created.json()["id"]
    assert api.post(f"{BASE}/applications/{app_id}/offer/").status_code == 403  # the worker does not decide
    hr = make_user("employer", employer_npp=vacancy.employer.npp)
    api.force_authenticate(hr)
    conflict = api.post(f"{BASE}/applications/{app_id}/offer/")
    assert conflict.status_code == 409 and "Terkirim" in conflict.json()["detail"]
    day = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    assert api.post(f"{BASE}/applications/{app_id}/interview/", {"interview_on": day}).json()["status"] == "interview"
    assert api.post(f"{BASE}/applications/{app_id}/offer/").json()["status"] == "offered"
    hired = api.post(f"{BASE}/applications/{app_id}/hire/", {"start_date": day})
    assert hired.status_code == 200 and hired.json()["hired_on"] == day
    assert Vacancy.objects.get(pk=vacancy.pk).status == "filled"


def test_employers_see_only_applications_to_their_company(api, make_user):
    participant, _ = approved_job_seeker()
    theirs = application_create(participant=participant, vacancy=VacancyFactory(), actor=participant.user)
    other = EmployerFactory()
    api.force_authenticate(make_user("employer", employer_npp=other.npp))
    assert api.get(f"{BASE}/applications/").json()["count"] == 0
    assert api.get(f"{BASE}/applications/{theirs.pk}/").status_code == 404
    assert api.post(f"{BASE}/applications/{theirs.pk}/reject/", {"reason": "x"}).status_code == 404


def test_konselor_refers_a_client_over_the_api(api):
    participant, claim = approved_job_seeker()
    vacancy = VacancyFactory()
    api.force_authenticate(konselor_with_clients(claim))
    created = api.post(f"{BASE}/applications/", {"vacancy": vacancy.pk, "participant": participant.pk})
    assert created.status_code == 201 and created.json()["origin"] == "referral"


def test_mediators_have_no_training_api(api, make_user):
    api.force_authenticate(make_user("mediator"))
    for path in ("programmes/", "enrolments/", "vacancies/", "matches/", "applications/"):
        assert api.get(f"{BASE}/{path}").status_code == 403, path
