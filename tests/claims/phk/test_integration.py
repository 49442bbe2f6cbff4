"""With the claims and payouts apps: a disputed PHK blocks approval until the
court decides; an employer in arrears over three months then pays the benefit
and sees it on its page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from claims.phk.selectors import employer_paid_benefits
from claims.phk.services import phk_row_mark_disputed, phk_row_resolve
from claims.services.transitions import claim_approve
from jkp_portal.common.exceptions import ApplicationError
from tests.claims.factories import add_contributions
from tests.factories import UserFactory

from .factories import pdf_upload

pytestmark = pytest.mark.django_db


def test_dispute_blocks_approval_then_employer_pays_after_the_court(client, world, make_workers, submit):
    (worker,) = make_workers(1, full_name="Sri Handayani")
    add_contributions(worker, start="2023-11", months=20)
    add_contributions(worker, start="2025-07", months=4, status="arrears")  # 4 months in arrears at the PHK
    row = submit([worker], phk_date="2025-10-31", accepted="no").rows.get()
    phk_row_mark_disputed(actor=world.mediator, row=row, court_case_number="31/Pdt.Sus-PHI/2025", court_name="PHI Smg")

    approver = UserFactory(roles=["approver"], office=world.office)
    claim = Claim.objects.create(
        participant=worker,
        office=world.office,
        status="verified",
        phk_date=row.phk_date,
        phk_reason="business_closure",
        proof_type="employer_report",
        bank_name="BRI",
        bank_account_number="002301000123567",
        bank_account_last4="3567",
        bank_account_holder=worker.full_name,
        kapk_signed=True,
        kapk_signed_at=timezone.now(),
        filed_on=world.today,
        submitted_at=timezone.now(),
        verified_by=world.verifier,
        verified_at=timezone.now(),
    )
    with pytest.raises(ApplicationError) as exc:
        claim_approve(claim=claim, actor=approver)
    assert "PHK masih diperselisihkan (perkara di PHI)" in exc.value.message

    phk_row_resolve(
        actor=world.mediator,
        row=row,
        decision_number="31/Pdt.Sus-PHI/2025/PN Smg",
        inkracht_date=world.today,
        outcome="upheld",
        document=pdf_upload("putusan.pdf"),
    )
    claim = claim_approve(claim=claim, actor=approver)
    assert claim.payer == "employer"

    (benefit,) = employer_paid_benefits(world.employer)
    assert benefit.claim_id == claim.pk and benefit.worker == "Sri Handayani"
    assert len(benefit.months) == 6
    assert benefit.total == 6 * benefit.months[0]["amount"]  # 60 % of the capped wage, six months (PP 6/2025)

    client.force_login(world.hr)
    page = client.get(reverse("phk:employer_home")).content.decode()
    assert 'data-testid="paid-benefit"' in page
    assert "Sri Handayani" in page
