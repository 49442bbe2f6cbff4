"""The HTML pages: the worker's benefit and report, account correction, staff
batches with approve / download / upload, in fixed numbers of queries."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.test import TestCase
from django.urls import reverse

from claims.payouts.models import (
    BankAccountChange,
    BatchStatus,
    Benefit,
    JobSearchActivity,
    Payment,
    PaymentStatus,
    PayoutBatch,
)
from claims.payouts.services import run_payouts
from jkp_portal.common.notifications import LogSmsGateway
from tests.claims.payouts.factories import account_number, make_benefit
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

D0 = dt.date(2025, 6, 2)


def at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC))


def test_worker_page_shows_months_what_is_missing_and_by_when(client, branch):
    benefit = make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    client.force_login(benefit.participant.user)
    with at(dt.date(2025, 6, 20)):
        page = client.get(reverse("payouts:benefit_mine"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-month="1" data-state="prepared"' in html
    assert "Rp 2.700.000" in html
    assert "Laporkan 5 lamaran kerja lagi" in html and "2 Juli 2025" in html
    assert reverse("payouts:report", args=[benefit.pk]) in html


def test_worker_without_benefit_sees_an_explanation(client):
    client.force_login(UserFactory(roles=["worker"]))
    assert b"Belum ada manfaat" in client.get(reverse("payouts:benefit_mine")).content


def test_report_page_adds_an_application_and_keeps_input_on_error(client, branch):
    benefit = make_benefit(decision_date=D0, office=branch)
    client.force_login(benefit.participant.user)
    url = reverse("payouts:report", args=[benefit.pk])
    with at(dt.date(2025, 6, 20)):
        bad = client.post(
            url,
            {
                "kind": "application",
                "app-company": "PT Kita",
                "app-position": "Sopir",
                "app-occurred_on": "2025-06-30",
                "app-channel": "walk_in",
            },
        )
        assert bad.status_code == 200
        assert "masa depan" in bad.content.decode() and 'value="PT Kita"' in bad.content.decode()
        ok = client.post(
            url,
            {
                "kind": "application",
                "app-company": "PT Kita",
                "app-position": "Sopir",
                "app-occurred_on": "2025-06-18",
                "app-channel": "walk_in",
            },
        )
        assert ok.status_code == 302
        page = client.get(url).content.decode()
    assert "PT Kita" in page and JobSearchActivity.objects.filter(company="PT Kita").count() == 1


def test_other_worker_gets_404_on_report_and_account(client, branch):
    benefit = make_benefit(decision_date=D0, office=branch)
    client.force_login(UserFactory(roles=["worker"]))
    assert client.get(reverse("payouts:report", args=[benefit.pk])).status_code == 404
    assert client.get(reverse("payouts:account", args=[benefit.pk])).status_code == 404
    assert client.get(reverse("payouts:benefit_detail", args=[benefit.pk])).status_code == 404


def test_staff_pages_need_their_role(client, branch):
    client.force_login(UserFactory(roles=["worker"]))
    assert client.get(reverse("payouts:batches")).status_code == 403
    client.force_login(UserFactory(roles=["verifier"], office=branch))
    assert client.get(reverse("payouts:batches")).status_code == 403


def test_batch_journey_in_the_browser_pages(client, branch, approver):
    """Approve, download the file, upload the bank's CSV: the batch is reconciled and the month paid."""
    benefit = make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    batch = PayoutBatch.objects.get()
    client.force_login(approver)
    listing = client.get(reverse("payouts:batches")).content.decode()
    assert f"#{batch.pk}" in listing
    detail = reverse("payouts:batch_detail", args=[batch.pk])
    assert 'data-testid="approve-batch"' in client.get(detail).content.decode()
    client.post(reverse("payouts:batch_approve", args=[batch.pk]))
    assert 'data-testid="send-batch"' in client.get(detail).content.decode()
    client.post(reverse("payouts:batch_send", args=[batch.pk]))
    file = client.get(reverse("payouts:batch_file", args=[batch.pk]))
    assert file.status_code == 200 and b"CstmrCdtTrfInitn" in file.getvalue()
    pid = Payment.objects.get().pk
    upload = io.BytesIO(f"payment_id,status,reason_code\n{pid},paid,\n".encode())
    upload.name = "hasil.csv"
    # The approver may not import the results of a batch they approved: a second person does.
    client.force_login(UserFactory(roles=["supervisor"], office=branch))
    client.post(reverse("payouts:batch_results", args=[batch.pk]), {"file": upload})
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RECONCILED
    client.force_login(benefit.participant.user)
    assert 'data-month="1" data-state="paid"' in client.get(reverse("payouts:benefit_mine")).content.decode()


def test_worker_corrects_account_after_failure(client, branch, approver):
    benefit = make_benefit(decision_date=D0, office=branch, account=account_number("404"))
    run_payouts(run_date=D0, notify=False)
    batch = PayoutBatch.objects.get()
    client.force_login(approver)
    client.post(reverse("payouts:batch_approve", args=[batch.pk]))
    client.post(reverse("payouts:batch_send", args=[batch.pk]))
    client.post(reverse("payouts:batch_fetch", args=[batch.pk]))
    assert Payment.objects.get().status == PaymentStatus.FAILED
    client.force_login(benefit.participant.user)
    page = client.get(reverse("payouts:benefit_mine")).content.decode()
    assert 'data-testid="failed-alert"' in page and "Rekening sudah ditutup (AC04)" in page
    url = reverse("payouts:account", args=[benefit.pk])
    data = {"bank_code": "BNI", "account_number": "0987654321", "password": PASSWORD}
    wrong = client.post(url, {**data, "holder": "Bukan Saya"})
    assert "atas nama Anda sendiri" in wrong.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url, {**data, "holder": benefit.participant.full_name})
    code = re.search(r"\b(\d{6})\b", LogSmsGateway.sent[-1][1]).group(1)
    client.post(reverse("payouts:account_otp", args=[benefit.pk]), {"code": code})
    # A failed transfer waits for re-issue: the change is reviewed by the office first.
    assert Payment.objects.get().status == PaymentStatus.FAILED
    change = BankAccountChange.objects.get()
    client.force_login(UserFactory(roles=["verifier"], office=branch))
    client.post(reverse("payouts:account_change_decide", args=[change.pk, "setujui"]))
    assert Payment.objects.get().status == PaymentStatus.REISSUE_READY
    assert Benefit.objects.get().bank_account_last4 == "4321"


def test_batch_list_and_detail_queries_do_not_grow_with_rows(client, branch, approver, django_assert_max_num_queries):
    """Batch list and detail pages: a fixed number of queries whatever the number of payments or batches."""
    for i in range(12):
        make_benefit(decision_date=D0, office=branch, bank_name=("BRI", "BNI", "Bank Mandiri")[i % 3])
    run_payouts(run_date=D0, notify=False)
    client.force_login(approver)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("payouts:batches")).status_code == 200
    batch = PayoutBatch.objects.first()
    with django_assert_max_num_queries(16):
        assert client.get(reverse("payouts:batch_detail", args=[batch.pk])).status_code == 200


def test_worker_page_queries_are_fixed(client, branch, django_assert_max_num_queries):
    benefit = make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    client.force_login(benefit.participant.user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("payouts:benefit_mine")).status_code == 200


def test_ids_are_not_formatted_as_numbers(client, branch, approver):
    """Ids of 1000 and more appear as ids (#5001), not as localized numbers (#5.001)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('payouts_payoutbatch', 'id'), 5000)")
    make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    batch = PayoutBatch.objects.get()
    client.force_login(approver)
    html = client.get(reverse("payouts:batches")).content.decode()
    assert f'data-testid="batch-link-{batch.pk}"' in html and f"#{batch.pk}<" in html


def test_back_office_lists_payout_records_read_only(client, branch):
    make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    client.force_login(UserFactory(roles=["admin"], office=None))
    for model in ("benefit", "payment", "payoutbatch", "payoutrun", "employerreimbursement"):
        assert client.get(f"/admin/payouts/{model}/").status_code == 200
    benefit = Benefit.objects.get()
    page = client.get(f"/admin/payouts/benefit/{benefit.pk}/change/")
    assert page.status_code == 200 and benefit.bank_account_number not in page.content.decode()


def test_sla_card_counts_what_is_still_open_and_lists_paid_late_apart(client, branch, approver):
    """The batches page's SLA card is for action: payments still unpaid after the
    deadline. Payments the bank paid late are a record, listed on their own tab."""
    late_paid, still_open = make_benefit(decision_date=D0, office=branch), make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    payments = {p.month.benefit_id: p for p in Payment.objects.select_related("month")}
    deadline = payments[late_paid.pk].sla_deadline
    Payment.objects.filter(pk=payments[late_paid.pk].pk).update(
        status=PaymentStatus.PAID, paid_on=deadline + dt.timedelta(days=2)
    )
    Payment.objects.filter(pk=payments[still_open.pk].pk).update(status=PaymentStatus.PENDING)
    client.force_login(approver)
    with at(deadline + dt.timedelta(days=5)):
        page = client.get(reverse("payouts:batches")).content.decode()
        assert 'data-testid="late-count">1<' in page and "1 dibayar terlambat" in page
        late = client.get(reverse("payouts:payments") + "?view=late").content.decode()
        paid_late = client.get(reverse("payouts:payments") + "?view=paid_late").content.decode()
        unknown = client.get(reverse("payouts:payments") + "?view=<script>")
    open_link, paid_link = (f'href="{reverse("payouts:benefit_detail", args=[b.pk])}"' for b in (still_open, late_paid))
    assert open_link in late and paid_link not in late
    assert paid_link in paid_late and open_link not in paid_late
    assert unknown.status_code == 200 and "<script>" not in unknown.content.decode().split("<main", 1)[-1]
