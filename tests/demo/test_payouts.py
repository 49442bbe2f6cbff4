"""The demo data: benefits in every state, replayed through the services; idempotent."""

import io
import re

import pytest
from django.db.models import F

from claims.payouts.ledger import check_payout_ledger
from claims.payouts.models import (
    AccountChangeStatus,
    BankAccountChange,
    BatchKind,
    BatchStatus,
    Benefit,
    Payment,
    PayoutBatch,
)
from claims.payouts.selectors import benefit_ledger
from claims.payouts.services import (
    bank_account_change_approve,
    bank_account_change_request,
    bank_account_change_verify,
)
from jkp_portal.accounts.models import User
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.notifications import LogSmsGateway
from jkp_portal.demo import accounts as accounts_demo
from jkp_portal.demo import payouts as demo
from jkp_portal.demo.accounts import DEMO_PASSWORD

# Real commits, as in `make run`: what the services do after commit (paying
# month 1 on approval) happens when each approval commits.
pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_shows_every_state_and_loads_once():
    accounts_demo.load(io.StringIO())
    logins = demo.load(io.StringIO())
    assert {"pekerja.manfaat", "pekerja.ditahan", "pekerja.gagal"} <= {u for u, _p, _d in logins}
    states = set()
    for benefit in Benefit.objects.all():
        states |= {row.state for row in benefit_ledger(benefit).rows}
    assert {"prepared", "approved", "sent", "paid", "failed", "reissue_ready", "withheld", "forfeited", "stopped",
            "employer", "scheduled"} <= states  # fmt: skip
    assert {b.status for b in Benefit.objects.all()} == {"active", "completed", "ended"}
    today = Benefit.objects.get(participant__user__username="pekerja.manfaat")
    assert benefit_ledger(today).rows[0].state == "prepared"
    withheld = Benefit.objects.get(participant__user__username="pekerja.ditahan")
    assert benefit_ledger(withheld).rows[1].state == "withheld"
    assert withheld.months.get(month_no=2).applications == 3
    batches = {(b.kind, b.status) for b in PayoutBatch.objects.all()}
    assert {(BatchKind.SCHEDULED, s) for s in BatchStatus.values} <= batches
    assert (BatchKind.REISSUE, BatchStatus.PREPARED) in batches
    assert not PayoutBatch.objects.filter(status="prepared", payment_count=0).exists()
    assert check_payout_ledger().ok
    # Replayed days, not today: no month is paid before it falls due.
    early = Payment.objects.filter(paid_on__lt=F("month__due_date"))
    assert list(early.values_list("pk", "month__due_date", "paid_on")) == []
    count = Benefit.objects.count()
    demo.load(io.StringIO())
    assert Benefit.objects.count() == count


def test_demo_failed_transfer_is_corrected_through_the_account_change_flow():
    """As in `make run`: pekerja.gagal asks for a new account with the demo
    password and the SMS code (registry phone), the change waits for review
    because a transfer failed, verifikator.solo approves it, the failed month is
    ready for re-issue; penyetuju.solo cannot import the results of a batch
    they approved. Wulan's and Dimas's changes of the replayed history went the same way."""
    accounts_demo.load(io.StringIO())
    demo.load(io.StringIO())
    benefit = Benefit.objects.select_related("participant__user").get(participant__user__username="pekerja.gagal")
    LogSmsGateway.sent.clear()
    change = bank_account_change_request(
        benefit=benefit,
        actor=benefit.participant.user,
        password=DEMO_PASSWORD,
        bank_code="BNI",
        account_number="0871239999",
        holder=benefit.participant.full_name,
    )
    phone, text = LogSmsGateway.sent[-1]
    assert phone == benefit.participant.phone
    code = re.search(r"\b(\d{6})\b", text).group(1)
    outcome = bank_account_change_verify(change_id=change.pk, actor=benefit.participant.user, code=code)
    assert outcome.change.status == AccountChangeStatus.IN_REVIEW
    reviewer = User.objects.get(username="verifikator.solo")
    assert bank_account_change_approve(change_id=change.pk, actor=reviewer).reissue_ready == 1
    assert set(
        BankAccountChange.objects.filter(
            benefit__participant__user__username__in=["pekerja.wulan", "pekerja.dimas"]
        ).values_list("status", flat=True)
    ) == {AccountChangeStatus.APPLIED}
    assert not AuditEvent.objects.filter(action="batch.results_imported", actor__username="penyetuju.solo").exists()
