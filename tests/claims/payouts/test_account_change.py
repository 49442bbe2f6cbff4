"""Changing a benefit's bank account: the worker's password, a one-time code
sent to the phone of the national registry, a notice to the old contact, staff
review when a payment is due within 3 working days, and an audit trail. A
stolen session alone cannot redirect the payouts."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from claims.payouts.bank_adapters import SimulatedBank
from claims.payouts.models import AccountChangeStatus, BankAccountChange, Benefit, Payment, PaymentStatus, PayoutBatch
from claims.payouts.services import (
    activity_record,
    bank_account_change_approve,
    bank_account_change_reject,
    bank_account_change_request,
    bank_account_change_resend,
    bank_account_change_verify,
    payout_batch_approve,
    payout_batch_fetch_results,
    payout_batch_send,
    run_payouts,
)
from claims.payouts.services.accounts import due_payment_within_review_window
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from jkp_portal.common.notifications import LogSmsGateway
from tests.claims.payouts.factories import account_number, make_benefit
from tests.factories import PASSWORD, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db

D0 = dt.date(2025, 6, 2)
S = AccountChangeStatus


def at(day: dt.date, hour: int = 10):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC), tick=False)


@pytest.fixture(autouse=True)
def _sms():
    LogSmsGateway.sent.clear()
    yield
    LogSmsGateway.sent.clear()


@pytest.fixture
def benefit(branch):
    b = make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)  # month 1 is in a batch; month 2 is the next due
    user = b.participant.user
    user.phone = "089999999999"  # the account's phone: not where the code goes
    user.save(update_fields=["phone"])
    return Benefit.objects.select_related("participant__user").get(pk=b.pk)


@pytest.fixture
def reviewer(branch):
    return UserFactory(roles=["verifier"], office=branch)


def _code() -> str:
    phone, text = LogSmsGateway.sent[-1]
    return re.search(r"\b(\d{6})\b", text).group(1)


def _request(benefit, number="0987654321", password=PASSWORD, **kw):
    return bank_account_change_request(
        benefit=benefit,
        actor=benefit.participant.user,
        password=password,
        bank_code="BNI",
        account_number=number,
        holder=benefit.participant.full_name,
        **kw,
    )


def _far_day(benefit) -> dt.date:
    return benefit.months.get(month_no=2).due_date - dt.timedelta(days=14)


def _near_day(benefit) -> dt.date:
    due = benefit.months.get(month_no=2).due_date
    day = due - dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _actions(change) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(change.pk), action__startswith="account_change.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_wrong_or_missing_password_is_refused_and_audited(benefit, django_capture_on_commit_callbacks):
    """No code is sent, no change is created, the account stays; the refusal is audited."""
    for password in ("", "salah-sekali"):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError) as exc:
            _request(benefit, password=password)
        assert "password" in exc.value.errors
    assert not BankAccountChange.objects.exists() and not LogSmsGateway.sent
    assert AuditEvent.objects.filter(action="account_change.password_refused").count() == 2
    assert Benefit.objects.get().bank_account_last4 == benefit.bank_account_last4


def test_wrong_passwords_are_rate_limited(benefit):
    """Whoever holds the session cannot guess the password here: after 5 wrong
    passwords in an hour even the right one is refused until the hour has passed."""
    day = _far_day(benefit)
    with at(day):
        for _ in range(5):
            with pytest.raises(ApplicationError):
                _request(benefit, password="tebakan")
        with pytest.raises(ApplicationError) as exc:
            _request(benefit)
        assert exc.value.status_code == 429 and not BankAccountChange.objects.exists()
    with at(day, hour=12):
        assert _request(benefit).status == S.REQUESTED


def test_only_the_owner_can_ask(benefit, branch):
    other = make_benefit(decision_date=D0, office=branch)
    with pytest.raises(ForbiddenError):
        bank_account_change_request(
            benefit=benefit,
            actor=other.participant.user,
            password=PASSWORD,
            bank_code="BNI",
            account_number="0987654321",
            holder=benefit.participant.full_name,
        )


def test_change_far_from_a_payment_applies_after_the_code_and_tells_the_old_contact(
    benefit, django_capture_on_commit_callbacks
):
    """The code goes by SMS to the registry phone (not the account's); a right
    code applies the change; the registry phone and email are told; every step is audited."""
    old_last4 = benefit.bank_account_last4
    with at(_far_day(benefit)):
        with django_capture_on_commit_callbacks(execute=True):
            change = _request(benefit)
        assert change.status == S.REQUESTED
        assert Benefit.objects.get().bank_account_last4 == old_last4  # nothing changes before the code
        phone, text = LogSmsGateway.sent[-1]
        assert phone == benefit.participant.phone != benefit.participant.user.phone
        assert "4321" in text and "10 menit" in text
        assert change.otp_hash and _code() not in change.otp_hash
        with django_capture_on_commit_callbacks(execute=True):
            outcome = bank_account_change_verify(change_id=change.pk, actor=benefit.participant.user, code=_code())
    assert outcome.change.status == S.APPLIED
    benefit.refresh_from_db()
    assert (benefit.bank_code, benefit.bank_account_number, benefit.bank_account_last4) == ("BNI", "0987654321", "4321")
    assert _actions(change) == ["account_change.requested", "account_change.verified", "account_change.applied"]
    assert AuditEvent.objects.filter(action="benefit.account_changed", object_id=str(benefit.pk)).exists()
    notice_sms = [t for p, t in LogSmsGateway.sent if p == benefit.participant.phone and "diubah" in t]
    assert notice_sms and f"****{old_last4}" in notice_sms[0] and "****4321" in notice_sms[0]
    notice_mail = [m for m in mail.outbox if benefit.participant.email in m.to]
    assert notice_mail and "Bila bukan Anda" in notice_mail[0].body


def test_wrong_codes_are_refused_counted_and_the_fifth_cancels(benefit, django_capture_on_commit_callbacks):
    with at(_far_day(benefit)):
        with django_capture_on_commit_callbacks(execute=True):
            change = _request(benefit)
        right = _code()
        wrong = "000000" if right != "000000" else "111111"
        for attempt in range(1, 5):
            with pytest.raises(ApplicationError) as exc:
                bank_account_change_verify(change_id=change.pk, actor=benefit.participant.user, code=wrong)
            assert exc.value.errors["code"]
            change.refresh_from_db()
            assert (change.otp_attempts, change.status) == (attempt, S.REQUESTED)
            assert f"Sisa percobaan: {5 - attempt}" in exc.value.message
        with pytest.raises(ApplicationError):
            bank_account_change_verify(change_id=change.pk, actor=benefit.participant.user, code=wrong)
        change.refresh_from_db()
        assert (change.otp_attempts, change.status) == (5, S.REJECTED)
        with pytest.raises(StateConflictError):
            bank_account_change_verify(change_id=change.pk, actor=benefit.participant.user, code=right)
    assert Benefit.objects.get().bank_account_last4 == benefit.bank_account_last4
    assert _actions(change).count("account_change.code_refused") == 5


def test_an_expired_code_is_refused(benefit, django_capture_on_commit_callbacks):
    day = _far_day(benefit)
    with at(day):
        with django_capture_on_commit_callbacks(execute=True):
            change = _request(benefit)
        code = _code()
    with at(day, hour=11), pytest.raises(ApplicationError) as exc:
        bank_account_change_verify(change_id=change.pk, actor=benefit.participant.user, code=code)
    assert "kedaluwarsa" in exc.value.message
    change.refresh_from_db()
    assert change.status == S.EXPIRED and "account_change.expired" in _actions(change)


def test_sends_are_rate_limited(benefit, django_capture_on_commit_callbacks):
    """A new code at most once a minute, at most 5 codes in 24 hours."""
    day = _far_day(benefit)
    with at(day), django_capture_on_commit_callbacks(execute=True):
        change = _request(benefit)
        with pytest.raises(ApplicationError) as exc:
            bank_account_change_resend(change_id=change.pk, actor=benefit.participant.user)
        assert exc.value.status_code == 429
    for minute in range(2, 6):
        with time_machine.travel(dt.datetime.combine(day, dt.time(10, minute), tzinfo=dt.UTC), tick=False):
            bank_account_change_resend(change_id=change.pk, actor=benefit.participant.user)
    with time_machine.travel(dt.datetime.combine(day, dt.time(10, 30), tzinfo=dt.UTC), tick=False):
        with pytest.raises(ApplicationError) as exc:
            bank_account_change_resend(change_id=change.pk, actor=benefit.participant.user)
        assert "5 kali" in exc.value.message
        with pytest.raises(ApplicationError):
            _request(benefit, number="0987650000")
    change.refresh_from_db()
    assert change.otp_sends == 5


def test_change_shortly_before_a_payment_waits_for_review_and_the_payment_goes_to_the_old_account(
    benefit, reviewer, branch, django_capture_on_commit_callbacks
):
    """Less than 3 working days before month 2: the change lands in review and is
    not applied; the month is paid to the old account; an approver of another
    office cannot decide; a verifier of the office approves and it applies."""
    old = (benefit.bank_code, benefit.bank_account_last4)
    near = _near_day(benefit)
    due = benefit.months.get(month_no=2).due_date
    with at(near):
        assert due_payment_within_review_window(benefit) == due
        with django_capture_on_commit_callbacks(execute=True):
            change = _request(benefit)
        with django_capture_on_commit_callbacks(execute=True):
            outcome = bank_account_change_verify(change_id=change.pk, actor=benefit.participant.user, code=_code())
    change = outcome.change
    assert change.status == S.IN_REVIEW and change.review_due_date == due
    assert (Benefit.objects.get().bank_code, Benefit.objects.get().bank_account_last4) == old
    assert any("sedang diperiksa" in t for p, t in LogSmsGateway.sent if p == benefit.participant.phone)
    for i in range(5):  # month 2's job-search report, so the run pays it
        activity_record(
            participant=benefit.participant,
            kind="application",
            occurred_on=near,
            source="training.application",
            reference=f"{benefit.pk}-{i}",
            company=f"PT Lowongan {i}",
        )
    run_payouts(run_date=due, notify=False)
    month2 = Payment.objects.get(month__benefit=benefit, month__month_no=2)
    assert (month2.bank_code, month2.account_last4) == old
    with pytest.raises(ForbiddenError):
        bank_account_change_approve(change_id=change.pk, actor=UserFactory(roles=["approver"], office=OfficeFactory()))
    with pytest.raises(ForbiddenError):
        bank_account_change_approve(change_id=change.pk, actor=UserFactory(roles=["supervisor"], office=branch))
    with django_capture_on_commit_callbacks(execute=True):
        bank_account_change_approve(change_id=change.pk, actor=reviewer, note="Buku tabungan cocok")
    change.refresh_from_db()
    assert change.status == S.APPLIED and change.decided_by == reviewer
    assert Benefit.objects.get().bank_account_last4 == "4321"
    assert _actions(change) == [
        "account_change.requested",
        "account_change.verified",
        "account_change.in_review",
        "account_change.applied",
    ]
    assert any("disetujui" in m.subject for m in mail.outbox)


def test_staff_can_reject_a_change_in_review(benefit, reviewer, django_capture_on_commit_callbacks):
    with at(_near_day(benefit)), django_capture_on_commit_callbacks(execute=True):
        with django_capture_on_commit_callbacks(execute=True):
            change = _request(benefit)
        bank_account_change_verify(change_id=change.pk, actor=benefit.participant.user, code=_code())
        with pytest.raises(ApplicationError) as exc:
            bank_account_change_reject(change_id=change.pk, actor=reviewer, note="")
        assert "note" in exc.value.errors
        bank_account_change_reject(change_id=change.pk, actor=reviewer, note="Pemilik menyangkal perubahan")
    change.refresh_from_db()
    assert change.status == S.REJECTED
    assert Benefit.objects.get().bank_account_last4 == benefit.bank_account_last4
    assert _actions(change)[-1] == "account_change.rejected"
    assert any("ditolak" in m.subject and "menyangkal" in m.body for m in mail.outbox)
    with pytest.raises(StateConflictError):
        bank_account_change_approve(change_id=change.pk, actor=reviewer)


def test_worker_pages_without_password_change_nothing_then_the_code_flow_works(
    client, benefit, django_capture_on_commit_callbacks
):
    """The old form (no password) is refused; with the password the page asks
    for the code; a wrong code keeps the user on the page with the attempts left."""
    url = reverse("payouts:account", args=[benefit.pk])
    client.force_login(benefit.participant.user)
    data = {"bank_code": "BNI", "account_number": "0987654321", "holder": benefit.participant.full_name}
    with at(_far_day(benefit)):
        page = client.post(url, data).content.decode()
        assert "Kata sandi" in page and not BankAccountChange.objects.exists()
        page = client.post(url, {**data, "password": "salah"}).content.decode()
        assert "Kata sandi salah" in page and "0987654321" in page and "salah" not in _password_value(page)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {**data, "password": PASSWORD})
        otp_url = reverse("payouts:account_otp", args=[benefit.pk])
        assert response.status_code == 302 and response["Location"] == otp_url
        page = client.get(otp_url).content.decode()
        assert 'name="viewport"' in page and "••••7890" in page and 'autocomplete="one-time-code"' in page
        wrong = client.post(otp_url, {"code": "12345"}).content.decode()
        assert "Sisa percobaan: 4" in wrong
        assert Benefit.objects.get().bank_account_last4 == benefit.bank_account_last4
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(otp_url, {"code": _code()}, follow=True).content.decode()
    assert "Rekening diperbarui" in done
    assert Benefit.objects.get().bank_account_last4 == "4321"


def _password_value(page: str) -> str:
    match = re.search(r'<input[^>]*name="password"[^>]*>', page)
    return match.group(0) if match else ""


def test_failed_transfer_correction_goes_through_review_and_reissue(
    client, benefit, branch, approver, reviewer, django_capture_on_commit_callbacks
):
    """pekerja.gagal's journey: the bank refused month 1; the new account is a
    payment due now, so staff review it on their (office-scoped) page; once
    approved the failed payment is ready for re-issue to the new account."""
    closed = make_benefit(decision_date=D0, office=branch, account=account_number("404"))
    run_payouts(run_date=D0, notify=False)
    batch = PayoutBatch.objects.get(payments__month__benefit=closed)
    payout_batch_approve(batch_id=batch.pk, actor=approver)
    payout_batch_send(batch_id=batch.pk, actor=approver)
    payout_batch_fetch_results(batch_id=batch.pk, actor=approver, adapter=SimulatedBank())
    payment = Payment.objects.get(month__benefit=closed)
    assert payment.status == PaymentStatus.FAILED
    worker = closed.participant.user
    client.force_login(worker)
    url = reverse("payouts:account", args=[closed.pk])
    with at(_far_day(closed)):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                url,
                {
                    "bank_code": "BNI",
                    "account_number": "0871234567",
                    "holder": closed.participant.full_name,
                    "password": PASSWORD,
                },
            )
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(reverse("payouts:account_otp", args=[closed.pk]), {"code": _code()}, follow=True)
    assert "diperiksa petugas" in done.content.decode()
    change = BankAccountChange.objects.get(benefit=closed)
    assert change.status == S.IN_REVIEW
    assert 'data-testid="change-in-review"' in client.get(url).content.decode()
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.FAILED
    stranger = UserFactory(roles=["verifier"], office=OfficeFactory())
    client.force_login(stranger)
    assert f'data-change="{change.pk}"' not in client.get(reverse("payouts:account_changes")).content.decode()
    decide = reverse("payouts:account_change_decide", args=[change.pk, "setujui"])
    assert client.post(decide).status_code == 404
    client.force_login(worker)
    assert client.get(reverse("payouts:account_changes")).status_code == 403
    client.force_login(reviewer)
    listing = client.get(reverse("payouts:account_changes")).content.decode()
    assert f'data-change="{change.pk}"' in listing and "•••• 4567" in listing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"note": "Buku tabungan diperiksa"})
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REISSUE_READY
    assert Benefit.objects.get(pk=closed.pk).bank_account_last4 == "4567"


def test_review_page_queries_do_not_grow_with_changes(client, branch, reviewer, django_assert_max_num_queries):
    """The staff page issues a fixed number of queries whatever the number of changes waiting."""
    for i in range(8):
        b = make_benefit(decision_date=D0, office=branch)
        number = f"08712{i:05d}"
        BankAccountChange.objects.create(
            benefit=b,
            status=S.IN_REVIEW,
            old_bank_code=b.bank_code,
            old_bank_name=b.bank_name,
            old_account_number=b.bank_account_number,
            old_account_last4=b.bank_account_last4,
            new_bank_code="BNI",
            new_bank_name="BNI",
            new_account_number=number,
            new_account_last4=number[-4:],
            new_account_holder=b.participant.full_name,
            requested_by=b.participant.user,
            review_due_date=D0,
        )
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("payouts:account_changes")).content.decode()
    assert page.count('data-testid="account-change"') == 8
