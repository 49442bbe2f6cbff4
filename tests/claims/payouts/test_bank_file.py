"""The bank file: a GET only downloads it (never changes the batch); sending
is its own POST action ("tandai terkirim"), approver only, audited. A batch
without a file answers 409 (not yet sent) or 404 (file gone), never 500, in
the pages and the API; the file is never cached."""

import datetime as dt

import pytest
from django.urls import reverse

from claims.payouts.models import BatchStatus, PayoutBatch
from claims.payouts.services import payout_batch_approve, run_payouts
from jkp_portal.audit.selectors import audit_events_for
from tests.claims.payouts.factories import make_benefit

pytestmark = pytest.mark.django_db

D0 = dt.date(2025, 6, 2)


@pytest.fixture
def approved(branch, approver):
    make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    return payout_batch_approve(batch_id=PayoutBatch.objects.get().pk, actor=approver)


def _actions(batch):
    return [event.action for event in audit_events_for(batch)]


def test_get_never_sends_an_approved_batch(client, api, approver, approved):
    client.force_login(approver)
    api.force_authenticate(approver)
    page = client.get(reverse("payouts:batch_file", args=[approved.pk]))
    assert page.status_code == 409
    answer = api.get(f"/api/v1/payout-batches/{approved.pk}/file/")
    assert answer.status_code == 409 and answer.json()["code"] == "state_conflict"
    approved.refresh_from_db()
    assert approved.status == BatchStatus.APPROVED and not approved.file
    assert "batch.sent" not in _actions(approved)


def test_send_is_a_post_by_an_approver_then_get_downloads(client, approver, approved):
    client.force_login(approver)
    url = reverse("payouts:batch_send", args=[approved.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == BatchStatus.SENT and approved.sent_by == approver
    assert _actions(approved).count("batch.sent") == 1
    download = client.get(reverse("payouts:batch_file", args=[approved.pk]))
    assert download.status_code == 200 and b"CstmrCdtTrfInitn" in download.getvalue()
    assert "no-store" in download["Cache-Control"]
    approved.refresh_from_db()
    assert _actions(approved).count("batch.sent") == 1


def test_send_through_the_api(api, approver, approved):
    api.force_authenticate(approver)
    sent = api.post(f"/api/v1/payout-batches/{approved.pk}/send/")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    download = api.get(f"/api/v1/payout-batches/{approved.pk}/file/")
    assert download.status_code == 200 and download["Content-Type"] == "application/xml"
    assert "no-store" in download["Cache-Control"]


def test_only_an_approver_sends(client, api, supervisor, approved):
    client.force_login(supervisor)
    assert client.post(reverse("payouts:batch_send", args=[approved.pk])).status_code == 403
    api.force_authenticate(supervisor)
    assert api.post(f"/api/v1/payout-batches/{approved.pk}/send/").status_code == 403
    approved.refresh_from_db()
    assert approved.status == BatchStatus.APPROVED


def test_a_sent_batch_whose_file_is_missing_is_404(client, api, approver, approved):
    client.force_login(approver)
    client.post(reverse("payouts:batch_send", args=[approved.pk]))
    PayoutBatch.objects.filter(pk=approved.pk).update(file="")
    assert client.get(reverse("payouts:batch_file", args=[approved.pk])).status_code == 404
    api.force_authenticate(approver)
    answer = api.get(f"/api/v1/payout-batches/{approved.pk}/file/")
    assert answer.status_code == 404 and answer.json()["code"]
    PayoutBatch.objects.filter(pk=approved.pk).update(file="payouts/hilang.xml")
    assert client.get(reverse("payouts:batch_file", args=[approved.pk])).status_code == 404
    assert api.get(f"/api/v1/payout-batches/{approved.pk}/file/").status_code == 404
