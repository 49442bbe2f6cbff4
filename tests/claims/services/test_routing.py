"""Routing: which office handles a claim, the unrouted queue's hand routing."""

from zoneinfo import ZoneInfo

import pytest
import time_machine

from claims.models import Routing
from claims.services.routing import claim_route, route_for
from jkp_portal.accounts.models import Office
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from tests.claims.claims_support import TODAY, make_participant, make_worker, submitted_claim
from tests.claims.factories import EmployerFactory, nik_for
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _env(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(TODAY.replace(tzinfo=ZoneInfo("Asia/Jakarta")), tick=True):
        yield


@pytest.fixture
def offices():
    head = OfficeFactory(code="KP", kind=Office.Kind.HEAD, province_codes=[])
    region = OfficeFactory(code="KW", kind=Office.Kind.REGIONAL, parent=head, province_codes=["33"])
    solo = OfficeFactory(code="KC-SKA", parent=region, regencies=["33.72", "33.11"])
    semarang = OfficeFactory(code="KC-SMG", parent=region, regencies=["33.74"])
    far = OfficeFactory(code="KC-BPN", parent=head, province_codes=["64"], regencies=["64.71"])
    return {"head": head, "region": region, "solo": solo, "semarang": semarang, "far": far}


_serials = iter(range(1, 9999))


def _participant(*, office=None, employer_regency="", domicile="", nik_region="947101", **kwargs):
    import datetime as dt

    employer = EmployerFactory(office=office, regency=employer_regency, province_code=employer_regency[:2] or "33")
    return make_participant(
        employer=employer,
        domicile_regency=domicile,
        nik=nik_for(dt.date(1990, 5, 1), region=nik_region, serial=next(_serials)),
        **kwargs,
    )


def test_the_rules_in_order(offices):
    # 1. the employer's office wins over everything else
    p = _participant(office=offices["far"], employer_regency="33.74", domicile="33.72", nik_region="337201")
    assert route_for(p) == (offices["far"].pk, Routing.EMPLOYER)
    # 2. no office: the branch covering the employer's regency
    p = _participant(employer_regency="33.74", domicile="33.72", nik_region="337201")
    assert route_for(p) == (offices["semarang"].pk, Routing.EMPLOYER_AREA)
    # 3. the employer's regency covered by no branch: the domicile
    p = _participant(employer_regency="34.71", domicile="33.11", nik_region="337401")
    assert route_for(p) == (offices["solo"].pk, Routing.DOMICILE)
    # 4. then the regency that issued the NIK (its first four digits: 33 74)
    p = _participant(employer_regency="34.71", nik_region="337401")
    assert route_for(p) == (offices["semarang"].pk, Routing.NIK)
    # no rule: unrouted
    p = _participant(employer_regency="34.71", nik_region="947101")
    assert route_for(p) == (None, "")


def test_a_submitted_claim_records_its_route_and_an_unrouted_one_waits(offices):
    routed = submitted_claim(make_worker(_participant(employer_regency="33.72")))
    assert (routed.office_id, routed.routed_by) == (offices["solo"].pk, Routing.EMPLOYER_AREA)
    unrouted = submitted_claim(make_worker(_participant(employer_regency="34.71")))
    assert unrouted.office_id is None and unrouted.routed_by == ""


def test_a_regional_supervisor_routes_by_hand_within_the_region(offices):
    claim = submitted_claim(make_worker(_participant(employer_regency="34.71")))
    supervisor = UserFactory(roles=["supervisor"], office=offices["region"])
    with pytest.raises(ApplicationError) as outside:
        claim_route(claim=claim, office=offices["far"], actor=supervisor, reason="domisili menurut KTP di Balikpapan")
    assert "wilayah" in outside.value.message
    with pytest.raises(ApplicationError) as short:
        claim_route(claim=claim, office=offices["solo"], actor=supervisor, reason="solo")
    assert "reason" in short.value.errors
    claim.refresh_from_db()
    assert claim.office_id is None  # refused attempts changed nothing

    claim_route(claim=claim, office=offices["solo"], actor=supervisor, reason="KTP diperiksa: domisili Kota Surakarta")
    claim.refresh_from_db()
    assert (claim.office_id, claim.routed_by) == (offices["solo"].pk, Routing.MANUAL)
    event = AuditEvent.objects.get(action="claim_routed", object_id=str(claim.pk))
    assert event.actor_id == supervisor.pk and event.to_state == "KC-SKA" and "Surakarta" in event.reason

    with pytest.raises(StateConflictError):
        claim_route(claim=claim, office=offices["semarang"], actor=supervisor, reason="sekali lagi, ke Semarang")


def test_a_branch_supervisor_may_not_route(offices):
    claim = submitted_claim(make_worker(_participant(employer_regency="34.71")))
    branch_head = UserFactory(roles=["supervisor"], office=offices["solo"])
    with pytest.raises(ApplicationError):
        claim_route(claim=claim, office=offices["solo"], actor=branch_head, reason="KTP diperiksa di cabang Solo")
    head = UserFactory(roles=["supervisor"], office=offices["head"])
    claim_route(claim=claim, office=offices["far"], actor=head, reason="KTP diperiksa: domisili Balikpapan")
