"""A password made of the person's own name and birth date is refused, wherever
a password is chosen: sign-up, password change and a password reset."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import ValidationError
from django.urls import reverse

from jkp_portal.accounts.validators import PersonalDataValidator
from jkp_portal.common.exceptions import ApplicationError
from tests.claims.claims_support import make_participant, make_worker, register_with_code
from tests.factories import PASSWORD

BIRTH = dt.date(1985, 8, 17)
MESSAGE = "nama dan tanggal lahir"


def _person(**kwargs):
    return SimpleNamespace(
        pk=None, first_name="Budi", last_name="Santoso", username="budi", nik=None, birth_date=BIRTH, **kwargs
    )


@pytest.mark.parametrize(
    "password",
    [
        "Budi1985!",
        "budi17081985",
        "17-08-1985Budi",
        "Santoso_170885",
        "Bud1.S4ntoso.85",
        "BUDI-SANTOSO-1708",
        "19850817budi",
        "Budisantoso85",
    ],
)
def test_passwords_made_of_name_and_birth_date_are_refused(password):
    with pytest.raises(ValidationError) as exc:
        PersonalDataValidator().validate(password, _person())
    assert MESSAGE in exc.value.messages[0]


@pytest.mark.parametrize("password", [PASSWORD, "Budi-menanam-Padi-7", "Kopi Tubruk 1985 Pagi", "Xq7-Lm2-Vb9-Ty"])
def test_other_passwords_are_accepted(password):
    PersonalDataValidator().validate(password, _person())


def test_without_a_user_nothing_is_refused():
    PersonalDataValidator().validate("Budi1985!", None)


@pytest.mark.django_db
def test_signup_refuses_a_password_of_the_submitted_name_and_birth_date(office):
    participant = make_participant(office, full_name="Budi Santoso", birth_date=BIRTH)
    with pytest.raises(ApplicationError) as exc:
        register_with_code(
            nik=participant.nik,
            full_name="Budi Santoso",
            birth_date=BIRTH,
            email="budi@example.id",
            password="Budi17081985",
        )
    assert any(MESSAGE in message for message in exc.value.errors["password"])
    participant.refresh_from_db()
    assert participant.user_id is None


@pytest.mark.django_db
def test_password_change_refuses_the_workers_name_and_birth_date(client, office):
    """The birth date is not on the account: it is found on the worker's registry record."""
    worker = make_worker(office=office, full_name="Budi Santoso", birth_date=BIRTH)
    client.force_login(worker)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Santoso17081985", "new_password2": "Santoso17081985"},
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_password_reset_refuses_the_workers_name_and_birth_date(office):
    worker = make_worker(office=office, full_name="Budi Santoso", birth_date=BIRTH)
    form = AdminPasswordChangeForm(worker, {"password1": "17-08-1985Budi", "password2": "17-08-1985Budi"})
    assert not form.is_valid()
    assert any(MESSAGE in message for message in form.errors["password2"])
