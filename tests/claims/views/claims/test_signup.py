"""Sign-up must not tell a stranger whether a NIK, name and birth date belong
together: every field is checked before the registry is looked up, and a
registry mismatch gets one answer whichever field was wrong."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.services.registration import worker_register
from jkp_portal.accounts.models import User
from jkp_portal.common.exceptions import ApplicationError
from tests.claims.claims_support import make_participant
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1985, 8, 17)


@pytest.fixture
def budi(office):
    return make_participant(office, full_name="Budi Santoso", birth_date=BIRTH)


def _data(participant, **overrides):
    data = {
        "nik": participant.nik,
        "full_name": "Budi Santoso",
        "birth_date": BIRTH,
        "email": "budi@example.id",
        "phone": "081234567890",
        "password": PASSWORD,
    }
    data.update(overrides)
    return data


def _refusal(**data):
    with pytest.raises(ApplicationError) as exc:
        worker_register(**data)
    return exc.value.code, str(exc.value.message), exc.value.errors


@pytest.mark.parametrize(
    "bad",
    [
        {"phone": "12345"},
        {"phone": "0215551234"},  # a Jakarta landline: no SMS
        {"password": "password"},
        {"email": "not-an-email"},
        {"nik": "32010101019"},
    ],
    ids=["short-phone", "landline", "weak-password", "email", "short-nik"],
)
def test_a_bad_field_gets_the_same_answer_whether_the_person_matches_or_not(budi, bad):
    """A wrong phone (or password, e-mail, NIK format) is reported the same way
    for the real Budi and for a made-up person: no registry oracle."""
    matching = _refusal(**_data(budi, **bad))
    stranger = _refusal(**_data(budi, full_name="Orang Lain", birth_date=dt.date(1970, 1, 1), **bad))
    assert matching == stranger
    assert matching[0] != "participant_not_found"
    assert set(matching[2]) == set(bad)


def test_every_field_is_checked_before_the_registry_is_read(budi):
    with CaptureQueriesContext(connection) as queries, pytest.raises(ApplicationError) as exc:
        worker_register(**_data(budi, phone="0800", password="password"))
    assert set(exc.value.errors) == {"phone", "password"}
    assert not [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize(
    "wrong",
    [{"nik": "3201010101900001"}, {"full_name": "Budi Santosa"}, {"birth_date": dt.date(1985, 8, 18)}],
    ids=["nik", "name", "birth-date"],
)
def test_a_registry_mismatch_does_not_say_which_field_was_wrong(budi, wrong):
    code, message, errors = _refusal(**_data(budi, **wrong))
    assert code == "participant_not_found"
    assert errors == {}
    assert "registri" in message
    assert not User.objects.filter(nik=budi.nik).exists()


def test_indonesian_mobile_numbers_are_accepted_in_their_usual_spellings(budi):
    registration = worker_register(**_data(budi, phone="+62 812-3456-7890"))
    assert registration.user.phone == "081234567890"


def test_the_signup_page_shows_the_generic_mismatch_above_the_form(client, budi):
    data = {**_data(budi, full_name="Budi Santosa"), "birth_date": BIRTH.isoformat(), "password_again": PASSWORD}
    response = client.post(reverse("claims:signup"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "tidak cocok dengan registri" in body
    assert 'name="nik"' in body and "is-invalid" not in body.split('name="nik"')[1].split(">")[0]


def test_the_api_answers_a_bad_phone_before_the_registry(api, budi):
    body = {**_data(budi, full_name="Orang Lain", phone="12"), "birth_date": BIRTH.isoformat()}
    response = api.post(reverse("api-register"), body, format="json")
    assert response.status_code == 400
    assert "phone" in response.json()["errors"]
