"""Sign-up is proven by a code to the registry's phone, never a number the
person types; it does not tell a stranger whether a NIK, name and birth date
belong together; and "Lupa kata sandi" resets a password with a code without
telling anyone whether an account exists."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.services.registration import signup_confirm, signup_resend, signup_start
from jkp_portal.accounts.models import ApiToken, OneTimeCode, User
from jkp_portal.accounts.tokens import api_token_create
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.notifications import LogSmsGateway
from tests.claims.claims_support import code_sent_to, make_participant, register_with_code
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1985, 8, 17)
NEW_PASSWORD = "Baru-Sekali-2026"


@pytest.fixture(autouse=True)
def _empty_outbox():
    LogSmsGateway.sent.clear()


@pytest.fixture
def budi(office):
    return make_participant(office, full_name="Budi Santoso", birth_date=BIRTH, phone="0812-3456-7890")


def _data(participant, **overrides):
    data = {
        "nik": participant.nik,
        "full_name": "Budi Santoso",
        "birth_date": BIRTH,
        "email": "budi@example.id",
        "password": PASSWORD,
    }
    data.update(overrides)
    return data


def _refusal(**data):
    with pytest.raises(ApplicationError) as exc:
        signup_start(**data)
    return exc.value.code, str(exc.value.message), exc.value.errors


def _start(django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return signup_start(**data)


# --- sign-up ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [{"password": "password"}, {"email": "not-an-email"}, {"nik": "32010101019"}],
    ids=["weak-password", "email", "short-nik"],
)
def test_a_bad_field_gets_the_same_answer_whether_the_person_matches_or_not(budi, bad):
    matching = _refusal(**_data(budi, **bad))
    stranger = _refusal(**_data(budi, full_name="Orang Lain", birth_date=dt.date(1970, 1, 1), **bad))
    assert matching == stranger
    assert matching[0] != "participant_not_found"
    assert set(matching[2]) == set(bad)


def test_every_field_is_checked_before_the_registry_is_read(budi):
    with CaptureQueriesContext(connection) as queries, pytest.raises(ApplicationError) as exc:
        signup_start(**_data(budi, email="x", password="password"))
    assert set(exc.value.errors) == {"email", "password"}
    assert not [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize(
    "wrong",
    [{"nik": "3201010101900001"}, {"full_name": "Budi Santosa"}, {"birth_date": dt.date(1985, 8, 18)}],
    ids=["nik", "name", "birth-date"],
)
def test_a_registry_mismatch_does_not_say_which_field_was_wrong_and_sends_nothing(budi, wrong):
    code, message, errors = _refusal(**_data(budi, **wrong))
    assert code == "participant_not_found"
    assert errors == {}
    assert "registri" in message
    assert not User.objects.filter(nik=budi.nik).exists()
    assert not OneTimeCode.objects.exists() and not LogSmsGateway.sent


def test_the_code_goes_to_the_registry_phone_and_only_the_code_opens_the_account(
    budi, django_capture_on_commit_callbacks
):
    sent = _start(django_capture_on_commit_callbacks, **_data(budi))
    assert (sent.channel, sent.sent_to) == ("sms", "••••7890")
    [(number, text)] = LogSmsGateway.sent
    assert number == "+6281234567890" and "pendaftaran akun JKP" in text
    # no account until the code is typed, and the code is not stored
    assert not User.objects.filter(nik=budi.nik).exists()
    code = code_sent_to(budi.phone)
    row = OneTimeCode.objects.get()
    assert code not in row.code_hash and budi.nik not in row.subject_key and PASSWORD not in str(row.payload)
    registration = signup_confirm(nik=budi.nik, code=code)
    user = registration.user
    assert user.phone == "+6281234567890" and user.email == "budi@example.id"
    assert user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="worker_registered", object_id=str(user.pk))
    assert event.data["proven_by"] == "sms"
    # a used code never works again
    with pytest.raises(ApplicationError):
        signup_confirm(nik=budi.nik, code=code)


def test_wrong_codes_count_and_lock_after_five_tries(budi, django_capture_on_commit_callbacks):
    _start(django_capture_on_commit_callbacks, **_data(budi))
    right = code_sent_to(budi.phone)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        with pytest.raises(ApplicationError) as exc:
            signup_confirm(nik=budi.nik, code=wrong)
        assert exc.value.code == "code_wrong" and f"Sisa percobaan: {left}" in exc.value.message
    with pytest.raises(ApplicationError):
        signup_confirm(nik=budi.nik, code=wrong)
    with pytest.raises(ApplicationError) as exc:
        signup_confirm(nik=budi.nik, code=right)
    assert exc.value.code == "code_locked"
    assert not User.objects.filter(nik=budi.nik).exists()
    assert AuditEvent.objects.filter(action="one_time_code.wrong").count() == 5


def test_a_code_expires_after_ten_minutes(budi, django_capture_on_commit_callbacks):
    _start(django_capture_on_commit_callbacks, **_data(budi))
    code = code_sent_to(budi.phone)
    with (
        time_machine.travel(timezone.now() + dt.timedelta(minutes=10, seconds=1)),
        pytest.raises(ApplicationError) as exc,
    ):
        signup_confirm(nik=budi.nik, code=code)
    assert exc.value.code == "code_expired"
    assert not User.objects.filter(nik=budi.nik).exists()


def test_a_new_code_after_sixty_seconds_replaces_the_old_one_and_five_a_day_at_most(
    budi, django_capture_on_commit_callbacks
):
    start = timezone.now()
    _start(django_capture_on_commit_callbacks, **_data(budi))
    first = code_sent_to(budi.phone)
    with pytest.raises(ApplicationError) as exc:
        signup_resend(nik=budi.nik)
    assert exc.value.code == "code_too_soon" and exc.value.status_code == 429
    for minute in range(1, 5):
        with (
            time_machine.travel(start + dt.timedelta(minutes=2 * minute, seconds=5)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            signup_resend(nik=budi.nik)
    with time_machine.travel(start + dt.timedelta(minutes=10)), pytest.raises(ApplicationError) as exc:
        signup_resend(nik=budi.nik)
    assert exc.value.code == "code_rate_limited"
    latest = code_sent_to(budi.phone)
    with time_machine.travel(start + dt.timedelta(minutes=10)):
        if first != latest:
            with pytest.raises(ApplicationError):
                signup_confirm(nik=budi.nik, code=first)
        assert signup_confirm(nik=budi.nik, code=latest).user.nik == budi.nik


def test_without_a_phone_the_code_goes_to_the_registry_email(office, django_capture_on_commit_callbacks):
    siti = make_participant(office, full_name="Siti Aminah", birth_date=BIRTH, phone="", email="siti@contoh.id")
    sent = _start(django_capture_on_commit_callbacks, **_data(siti, full_name="Siti Aminah", email=""))
    assert sent.channel == "email" and sent.sent_to == "s***@contoh.id"
    assert mail.outbox[-1].to == ["siti@contoh.id"]
    user = signup_confirm(nik=siti.nik, code=code_sent_to("siti@contoh.id")).user
    assert user.email == "siti@contoh.id" and user.phone == ""


def test_a_landline_on_file_is_no_phone(office, django_capture_on_commit_callbacks):
    tono = make_participant(office, full_name="Tono", birth_date=BIRTH, phone="021-5551234", email="tono@contoh.id")
    sent = _start(django_capture_on_commit_callbacks, **_data(tono, full_name="Tono"))
    assert sent.channel == "email" and not LogSmsGateway.sent


def test_with_neither_on_file_the_page_says_where_to_go_and_what_to_bring(client, office):
    office.address = "Jl. Slamet Riyadi 1, Surakarta"
    office.phone = "+62271714050"
    office.save()
    wati = make_participant(office, full_name="Wati", birth_date=BIRTH, phone="", email="")
    data = {**_data(wati, full_name="Wati"), "birth_date": BIRTH.isoformat(), "password_again": PASSWORD}
    response = client.post(reverse("claims:signup"), data)
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="in-person"' in body
    assert "KTP asli" in body and "Jl. Slamet Riyadi 1" in body and "(0271) 714050" in body
    assert not User.objects.filter(nik=wati.nik).exists() and not OneTimeCode.objects.exists()


def test_an_account_already_registered_is_refused_before_any_code(budi):
    register_with_code(**_data(budi))
    LogSmsGateway.sent.clear()
    code, message, _errors = _refusal(**_data(budi))
    assert code == "already_registered" and "Lupa kata sandi" in message
    assert not LogSmsGateway.sent


def test_the_pages_sign_up_with_the_code(client, budi, django_capture_on_commit_callbacks):
    data = {**_data(budi), "birth_date": BIRTH.isoformat(), "password_again": PASSWORD}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("claims:signup"), data)
    assert response.status_code == 302 and response.url == reverse("claims:signup_code")
    page = client.get(response.url).content.decode()
    assert "••••7890" in page
    wrong = client.post(reverse("claims:signup_code"), {"code": "12345"})
    assert "6 angka" in wrong.content.decode()
    response = client.post(reverse("claims:signup_code"), {"code": code_sent_to(budi.phone)})
    assert response.status_code == 302 and response.url == reverse("claims:my_claims")
    assert client.get(reverse("claims:my_claims")).status_code == 200


def test_the_signup_page_shows_the_generic_mismatch_above_the_form(client, budi):
    data = {**_data(budi, full_name="Budi Santosa"), "birth_date": BIRTH.isoformat(), "password_again": PASSWORD}
    response = client.post(reverse("claims:signup"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "tidak cocok dengan registri" in body
    assert 'name="nik"' in body and "is-invalid" not in body.split('name="nik"')[1].split(">")[0]
    assert 'value="Budi Santosa"' in body  # what was typed stays


def test_the_api_signs_up_in_two_calls(api, budi, django_capture_on_commit_callbacks):
    body = {**_data(budi), "birth_date": BIRTH.isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(reverse("api-register"), body, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["channel"] == "sms" and response.json()["sent_to"] == "••••7890"
    wrong = api.post(reverse("api-register-confirm"), {"nik": budi.nik, "code": "000000"}, format="json")
    right = code_sent_to(budi.phone)
    if right != "000000":
        assert wrong.status_code == 400 and wrong.json()["code"] == "code_wrong"
    response = api.post(reverse("api-register-confirm"), {"nik": budi.nik, "code": right}, format="json")
    assert response.status_code == 201 and response.json()["token"]


# --- password reset -----------------------------------------------------------------


@pytest.fixture
def registered(budi):
    return register_with_code(**_data(budi)).user


def _reset(client, identifier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("claims:password_reset"), {"identifier": identifier})


def test_a_worker_resets_the_password_with_the_code_and_every_session_and_token_ends(
    client, registered, budi, django_capture_on_commit_callbacks
):
    other_device = type(client)()
    other_device.force_login(registered)
    api_token_create(user=registered)
    LogSmsGateway.sent.clear()
    response = _reset(client, budi.nik, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == reverse("claims:password_reset_confirm")
    code = code_sent_to(budi.phone)
    form = {"code": code, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("claims:password_reset_confirm"), form)
    assert response.status_code == 302 and response.url == reverse("login")
    registered.refresh_from_db()
    assert registered.check_password(NEW_PASSWORD)
    assert not ApiToken.objects.filter(user=registered).exists()
    # the other device's session is over
    assert other_device.get(reverse("claims:my_claims")).status_code == 302
    # told on the other channel: the code went by SMS, the notice by email
    assert mail.outbox[-1].to == ["budi@example.id"] and "diganti" in mail.outbox[-1].subject
    event = AuditEvent.objects.get(action="password_reset", object_id=str(registered.pk))
    assert event.data == {"proven_by": "sms", "api_tokens_ended": 1}


def test_the_reset_reveals_nothing_about_whether_an_account_exists(
    client, registered, budi, django_capture_on_commit_callbacks
):
    known = _reset(client, budi.nik, django_capture_on_commit_callbacks)
    known_page = client.get(known.url).content.decode()
    stranger = type(client)()
    unknown = _reset(stranger, "3201010101900001", django_capture_on_commit_callbacks)
    unknown_page = stranger.get(unknown.url).content.decode()
    assert known.url == unknown.url
    strip = lambda page: page.split("csrfmiddlewaretoken")[0]  # noqa: E731
    assert strip(known_page) == strip(unknown_page)
    form = {"code": "000000", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    answers = [c.post(reverse("claims:password_reset_confirm"), form).content.decode() for c in (client, stranger)]
    if code_sent_to(budi.phone) != "000000":
        assert all("Kode salah atau sudah tidak berlaku" in a for a in answers)
        assert "Sisa percobaan" not in answers[0]
    registered.refresh_from_db()
    assert registered.check_password(PASSWORD)


def test_staff_cannot_reset_themselves(client, office, django_capture_on_commit_callbacks):
    verifier = UserFactory(roles=["verifier"], office=office, phone="081299998888", email="v@bpjs.id")
    _reset(client, verifier.username, django_capture_on_commit_callbacks)
    assert not LogSmsGateway.sent and not mail.outbox
    assert not OneTimeCode.objects.exists()


def test_a_weak_new_password_keeps_the_code_and_says_why(client, registered, budi, django_capture_on_commit_callbacks):
    _reset(client, budi.nik, django_capture_on_commit_callbacks)
    code = code_sent_to(budi.phone)
    response = client.post(
        reverse("claims:password_reset_confirm"), {"code": code, "password": "password", "password_again": "password"}
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    form = {"code": code, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    assert client.post(reverse("claims:password_reset_confirm"), form).status_code == 302
