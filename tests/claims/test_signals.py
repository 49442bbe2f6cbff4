"""The claims core asks the apps inside it through hooks it owns
(claims/signals.py) instead of importing them: any receiver can stop a
decision."""

from zoneinfo import ZoneInfo

import pytest
import time_machine

from claims.models import ClaimStatus
from claims.selectors.completeness import phk_blockers
from claims.services.transitions import claim_approve
from claims.signals import claim_decision_blockers
from jkp_portal.common.exceptions import ApplicationError
from tests.claims.claims_support import TODAY, Staff, make_office, make_worker, verified_claim

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY.replace(tzinfo=ZoneInfo("Asia/Jakarta")), tick=True):
        yield


def test_a_decision_blocker_from_any_receiver_stops_the_approval():
    office = make_office("KC-UJI")
    staff = Staff(office)
    claim = verified_claim(make_worker(office=office), staff.verifier)

    def veto(sender, claim, **kwargs):
        return ["Uji: keputusan ditahan"]

    claim_decision_blockers.connect(veto, dispatch_uid="test.veto")
    try:
        assert "Uji: keputusan ditahan" in phk_blockers(claim)
        with pytest.raises(ApplicationError) as excinfo:
            claim_approve(claim=claim, actor=staff.approver)
    finally:
        claim_decision_blockers.disconnect(dispatch_uid="test.veto")
    assert excinfo.value.code == "phk_not_settled"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    claim_approve(claim=claim, actor=staff.approver)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
