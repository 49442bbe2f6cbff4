"""Sign-in abuse: a per-address limit on failures that is checked before any
password is hashed, and an account lockout that an attacker elsewhere cannot
use against the account's owner."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import base_user
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"
LIMIT = 4


@pytest.fixture(autouse=True)
def _frozen_clock():
    """The per-address budget is a fixed window (django-ratelimit); a test that
    straddled the window's end started again from zero and saw 200 where it
    counted on 429 (more likely the slower the machine). The clock stands still."""
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False):
        yield


@pytest.fixture
def address_limit(settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = f"{LIMIT}/15m"
    return LIMIT


@pytest.fixture
def hashing():
    """Counts password hashing (the CPU cost an attacker wants to cause) without
    changing it: ModelBackend hashes once per attempt, known user or not."""
    with (
        mock.patch.object(base_user, "check_password", wraps=base_user.check_password) as check,
        mock.patch.object(base_user, "make_password", wraps=base_user.make_password) as make,
    ):

        class Counter:
            @property
            def calls(self):
                return check.call_count + make.call_count

        yield Counter()


def _html_login(client, username, password, addr, path=None):
    return client.post(path or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=addr)


def test_failures_from_one_address_are_refused_with_429_before_any_hashing(client, address_limit, hashing):
    """Past the limit, an address gets 429 with Retry-After and an Indonesian
    message, and no password is hashed any more (different user names each time,
    as in the attack that slowed /healthz)."""
    for i in range(address_limit):
        response = _html_login(client, f"nobody{i}", "Salah-Sandi-1", ATTACKER)
        assert response.status_code == 200
    hashed_before = hashing.calls
    assert hashed_before >= address_limit

    refused = _html_login(client, "nobody-else", "Salah-Sandi-1", ATTACKER)

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 15 * 60
    assert "Terlalu banyak percobaan masuk yang gagal dari alamat jaringan ini" in refused.content.decode()
    assert hashing.calls == hashed_before


def test_the_admin_login_has_the_same_address_limit(client, address_limit, hashing):
    for i in range(address_limit):
        _html_login(client, f"nobody{i}", "Salah-Sandi-1", ATTACKER, path="/admin/login/")
    hashed_before = hashing.calls

    refused = _html_login(client, "admin", "Salah-Sandi-1", ATTACKER, path="/admin/login/")

    assert refused.status_code == 429
    assert refused.has_header("Retry-After")
    assert hashing.calls == hashed_before


def test_the_api_token_endpoint_has_the_same_address_limit(api, address_limit, hashing):
    for i in range(address_limit):
        response = api.post(
            "/api/v1/auth/token/", {"username": f"nobody{i}", "password": "Salah-Sandi-1"}, REMOTE_ADDR=ATTACKER
        )
        assert response.status_code == 400
    hashed_before = hashing.calls

    refused = api.post("/api/v1/auth/token/", {"username": "x", "password": "Salah-Sandi-1"}, REMOTE_ADDR=ATTACKER)

    assert refused.status_code == 429
    assert refused.json()["code"] == "address_limited"
    assert "alamat jaringan" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    assert hashing.calls == hashed_before


def test_failures_are_counted_across_the_three_sign_in_doors(client, api, address_limit):
    """One budget per address, whichever login page the attempts go to."""
    _html_login(client, "a", "Salah-Sandi-1", ATTACKER)
    _html_login(client, "b", "Salah-Sandi-1", ATTACKER, path="/admin/login/")
    for name in ("c", "d")[: address_limit - 2]:
        api.post("/api/v1/auth/token/", {"username": name, "password": "Salah-Sandi-1"}, REMOTE_ADDR=ATTACKER)

    assert _html_login(client, "e", "Salah-Sandi-1", ATTACKER).status_code == 429


def test_other_addresses_and_successes_are_not_limited(client, make_user, address_limit):
    """A busy office signing in successfully never trips the limit, and one
    address's failures leave every other address alone."""
    worker = make_user("worker")
    for _ in range(address_limit + 2):
        assert _html_login(client, worker.username, PASSWORD, OFFICE).status_code == 302
        client.logout()
    for i in range(address_limit):
        _html_login(client, f"nobody{i}", "Salah-Sandi-1", ATTACKER)

    assert _html_login(client, "nobody", "Salah-Sandi-1", ATTACKER).status_code == 429
    assert _html_login(client, "nobody", "Salah-Sandi-1", OFFICE).status_code == 200
    assert _html_login(client, worker.username, PASSWORD, OFFICE).status_code == 302


def test_a_forged_forwarded_for_header_does_not_give_new_addresses(client, address_limit):
    """With no trusted proxy (NUM_PROXIES=0) the socket address counts, so an
    attacker cannot reset the budget by inventing X-Forwarded-For values."""
    for i in range(address_limit):
        client.post(
            reverse("login"),
            {"username": f"nobody{i}", "password": "Salah-Sandi-1"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}",
        )

    refused = client.post(
        reverse("login"),
        {"username": "nobody", "password": "Salah-Sandi-1"},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="10.0.0.99",
    )
    assert refused.status_code == 429


def test_an_ipv6_client_cannot_step_through_its_own_prefix(client, address_limit):
    """One subscriber gets a whole /64: its addresses share one budget."""
    for i in range(address_limit):
        _html_login(client, f"nobody{i}", "Salah-Sandi-1", f"2001:db8:0:1::{i + 1:x}")

    assert _html_login(client, "n", "Salah-Sandi-1", "2001:db8:0:1::ffff").status_code == 429
    assert _html_login(client, "n", "Salah-Sandi-1", "2001:db8:0:2::1").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, settings, address_limit):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.1.1.1"
    for i in range(address_limit):
        client.post(
            reverse("login"),
            {"username": f"nobody{i}", "password": "Salah-Sandi-1"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )

    blocked = client.post(
        reverse("login"), {"username": "n", "password": "x"}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=ATTACKER
    )
    other = client.post(
        reverse("login"), {"username": "n", "password": "x"}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=OFFICE
    )
    assert blocked.status_code == 429
    assert other.status_code == 200


def test_an_attacker_elsewhere_cannot_lock_the_approver_out(client, make_user, settings):
    """The lock is on the user name *from that address*: failures from address A
    lock A out of the approver's account, and the approver still signs in from B."""
    approver = make_user("approver")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _html_login(client, approver.username, "Salah-Sandi-1", ATTACKER)

    locked = _html_login(client, approver.username, PASSWORD, ATTACKER)
    assert locked.status_code == 429
    assert b"dikunci" in locked.content
    assert int(locked["Retry-After"]) == int(settings.AXES_COOLOFF_TIME * 3600)

    office = _html_login(client, approver.username, PASSWORD, OFFICE)
    assert office.status_code == 302
    assert client.session.get("_auth_user_id") == str(approver.pk)


def test_a_locked_pair_signs_in_again_after_the_cooloff(client, make_user, settings):
    approver = make_user("approver")
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _html_login(client, approver.username, "Salah-Sandi-1", OFFICE)
        assert _html_login(client, approver.username, PASSWORD, OFFICE).status_code == 429

    cooloff = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    with time_machine.travel(start + cooloff + dt.timedelta(minutes=1), tick=False):
        assert _html_login(client, approver.username, PASSWORD, OFFICE).status_code == 302
