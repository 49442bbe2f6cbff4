"""The unrouted queue page and the hand-routing form."""

import datetime as dt

import pytest
from django.urls import reverse

from claims.models import Routing
from jkp_portal.accounts.models import Office
from tests.claims.claims_support import make_participant, make_worker, submitted_claim
from tests.claims.factories import EmployerFactory, nik_for
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    head = OfficeFactory(code="KP", kind=Office.Kind.HEAD, province_codes=[])
    region = OfficeFactory(code="KW", kind=Office.Kind.REGIONAL, parent=head, province_codes=["33"])
    solo = OfficeFactory(code="KC-SKA", name="KC Surakarta", parent=region, regencies=["33.72"])
    employer = EmployerFactory(office=None, regency="34.71", province_code="34")
    participant = make_participant(
        employer=employer, domicile_regency="34.04", nik=nik_for(dt.date(1990, 5, 1), region="947101", serial=3)
    )
    claim = submitted_claim(make_worker(participant))
    assert claim.office_id is None
    return {"region": region, "solo": solo, "claim": claim}


def test_regional_supervisor_sees_the_claim_with_its_areas_and_routes_it(client, world):
    supervisor = UserFactory(roles=["supervisor"], office=world["region"])
    client.force_login(supervisor)
    page = client.get(reverse("claims:unrouted_queue"))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-claim="{world["claim"].pk}"' in html
    assert "Kota Yogyakarta (34.71)" in html and "Kabupaten Sleman (34.04)" in html
    assert 'href="/petugas/belum-diarahkan/"' in html  # in the menu

    url = reverse("claims:claim_route", args=[world["claim"].pk])
    prefix = f"c{world['claim'].pk}"
    bad = client.post(url, {f"{prefix}-office": world["solo"].pk, f"{prefix}-reason": "singkat"})
    assert bad.status_code == 400
    assert 'value="singkat"' in bad.content.decode()  # what was typed is kept
    world["claim"].refresh_from_db()
    assert world["claim"].office_id is None

    good = client.post(
        url, {f"{prefix}-office": world["solo"].pk, f"{prefix}-reason": "KTP diperiksa: domisili Kota Surakarta"}
    )
    assert good.status_code == 302
    world["claim"].refresh_from_db()
    assert (world["claim"].office_id, world["claim"].routed_by) == (world["solo"].pk, Routing.MANUAL)
    assert client.get(reverse("claims:unrouted_queue")).content.decode().count("data-claim=") == 0
    # routed once: the form's URL now answers 404
    assert client.post(url, {f"{prefix}-office": world["solo"].pk, f"{prefix}-reason": "x" * 12}).status_code == 404


def test_branch_staff_get_403_and_no_menu_entry(client, world):
    for user in (
        UserFactory(roles=["supervisor"], office=world["solo"]),
        UserFactory(roles=["verifier"], office=world["solo"]),
    ):
        client.force_login(user)
        assert client.get(reverse("claims:unrouted_queue")).status_code == 403
        assert "belum-diarahkan" not in client.get(reverse("claims:verifier_queue")).content.decode()
