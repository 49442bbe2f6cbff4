"""The demo claims: every status through the real services, loaded once."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine

from claims.models import Claim, Participant
from jkp_portal.audit.models import AuditEvent
from jkp_portal.demo.claims import filing
from tests.claims.factories import EmployerFactory, ParticipantFactory, add_contributions
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_claims_cover_every_decision_and_load_once(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(filing, "OFFICES", {"KC-DEMO": ("verif.demo", "setuju.demo")})
    monkeypatch.setattr(filing, "PLAN", (("approved", 1), ("verified", 1), ("needs_correction", 1), ("submitted", 1)))
    office = OfficeFactory(code="KC-DEMO")
    UserFactory(username="verif.demo", roles=["verifier"], office=office)
    UserFactory(username="setuju.demo", roles=["approver"], office=office)
    employer = EmployerFactory(office=office)
    # Laid off in October 2026; the last one has five paid months only: rejected.
    for start, months in (("2024-07", 28), ("2024-07", 28), ("2024-07", 28), ("2024-07", 28), ("2026-06", 5)):
        participant = ParticipantFactory(employer=employer, employment_status=Participant.EmploymentStatus.NON_ACTIVE)
        add_contributions(participant, start=start, months=months)

    out = io.StringIO()
    with time_machine.travel(dt.datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))):
        filing.load(out)
    statuses = sorted(Claim.objects.values_list("status", flat=True))
    # ... and the Wonogiri worker's claim, which no rule routes: it waits unrouted.
    assert statuses == ["approved", "needs_correction", "rejected", "submitted", "submitted", "verified"]
    unrouted = Claim.objects.get(participant__nik=filing.UNROUTED_WORKER[0])
    assert unrouted.office_id is None and unrouted.routed_by == ""
    approved = Claim.objects.get(status="approved")
    assert approved.verdict["eligible"] and approved.decided_by.username == "setuju.demo"
    assert AuditEvent.objects.filter(action="claim_approved").count() == 1
    assert Claim.objects.get(status="rejected").rejection_reasons == ["INSUFFICIENT_CONTRIBUTIONS"]

    filing.load(out)
    assert Claim.objects.count() == 6
    assert "already loaded" in out.getvalue()
