"""Separation of duties on reconciliation: whoever approved a batch cannot
import its bank results (a second person does, or the bank adapter fetches
them). Enforced in the service, so HTML and API both refuse, with an audit event."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from claims.payouts.bank_adapters import SimulatedBank
from claims.payouts.models import BatchStatus, PaymentStatus, PayoutBatch
from claims.payouts.services import (
    payout_batch_approve,
    payout_batch_fetch_results,
    payout_batch_import_results,
    payout_batch_send,
    run_payouts,
)
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError
from tests.claims.payouts.factories import make_benefit

pytestmark = pytest.mark.django_db

D0 = dt.date(2025, 6, 2)


@pytest.fixture
def sent(branch, approver):
    make_benefit(decision_date=D0, office=branch)
    run_payouts(run_date=D0, notify=False)
    batch = PayoutBatch.objects.get()
    payout_batch_approve(batch_id=batch.pk, actor=approver)
    return payout_batch_send(batch_id=batch.pk, actor=approver)


def _csv(batch) -> bytes:
    pid = batch.payments.get().pk
    return f"payment_id,status,reason_code\n{pid},ACSC,\n".encode()


def test_the_approver_cannot_import_results_another_staff_member_can(sent, approver, supervisor):
    """The approver's import is refused (in Indonesian) and audited; nothing is
    marked paid. A supervisor of the office imports the same file."""
    with pytest.raises(ApplicationError) as exc:
        payout_batch_import_results(batch_id=sent.pk, actor=approver, content=_csv(sent), source_name="hasil.csv")
    assert "petugas lain" in exc.value.message
    sent.refresh_from_db()
    assert sent.status == BatchStatus.SENT
    assert not sent.payments.filter(status=PaymentStatus.PAID).exists()
    refused = AuditEvent.objects.get(action="batch.results_import_refused")
    assert refused.actor == approver and refused.object_id == str(sent.pk)
    summary = payout_batch_import_results(batch_id=sent.pk, actor=supervisor, content=_csv(sent))
    assert summary.paid == 1 and summary.reconciled
    assert AuditEvent.objects.get(action="batch.results_imported").actor == supervisor


def test_results_fetched_from_the_bank_adapter_are_accepted_for_the_approver(sent, approver):
    """The bank's own answer through the adapter is not a file a person provides."""
    summary = payout_batch_fetch_results(batch_id=sent.pk, actor=approver, adapter=SimulatedBank())
    assert summary.reconciled


def test_html_hides_the_import_from_the_approver_and_refuses_a_forged_post(client, sent, approver, supervisor):
    detail = reverse("payouts:batch_detail", args=[sent.pk])
    client.force_login(approver)
    page = client.get(detail).content.decode()
    assert 'data-testid="results-form"' not in page and 'data-testid="results-import-blocked"' in page
    upload = io.BytesIO(_csv(sent))
    upload.name = "hasil.csv"
    response = client.post(reverse("payouts:batch_results", args=[sent.pk]), {"file": upload}, follow=True)
    assert "petugas lain" in response.content.decode()
    assert PayoutBatch.objects.get().status == BatchStatus.SENT
    client.force_login(supervisor)
    assert 'data-testid="results-form"' in client.get(detail).content.decode()
    upload = io.BytesIO(_csv(sent))
    upload.name = "hasil.csv"
    client.post(reverse("payouts:batch_results", args=[sent.pk]), {"file": upload})
    assert PayoutBatch.objects.get().status == BatchStatus.RECONCILED


def test_api_refuses_the_approver_with_403_and_accepts_another(api, sent, approver, supervisor):
    url = f"/api/v1/payout-batches/{sent.pk}/results/"
    api.force_authenticate(approver)
    upload = io.BytesIO(_csv(sent))
    upload.name = "hasil.csv"
    refused = api.post(url, {"file": upload}, format="multipart")
    assert refused.status_code == 403 and "petugas lain" in refused.json()["detail"]
    assert AuditEvent.objects.filter(action="batch.results_import_refused").count() == 1
    api.force_authenticate(supervisor)
    upload = io.BytesIO(_csv(sent))
    upload.name = "hasil.csv"
    accepted = api.post(url, {"file": upload}, format="multipart")
    assert accepted.status_code == 200 and accepted.json()["reconciled"] is True
