"""The demo data: benefits in every state, replayed through the services; idempotent."""

import io

import pytest
from django.db.models import F

from claims.payouts import demo
from claims.payouts.ledger import check_payout_ledger
from claims.payouts.models import BatchKind, BatchStatus, Benefit, Payment, PayoutBatch
from claims.payouts.selectors import benefit_ledger
from jkp_portal.accounts import demo as accounts_demo

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
