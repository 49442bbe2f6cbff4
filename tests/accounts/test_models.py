"""Office: its telephone is kept in E.164 however it was typed, also through
the back office's change form (``Office.clean``)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from jkp_portal.accounts.models import Office
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_office_phone_is_cleaned_to_e164_and_a_bad_one_is_refused():
    office = Office(code="KC-X", name="KC X", kind="branch", phone="(0271) 714-050")
    office.full_clean()
    assert office.phone == "+62271714050"
    office.phone = "12345"
    with pytest.raises(ValidationError) as caught:
        office.full_clean()
    assert "Nomor telepon tidak valid" in caught.value.message_dict["phone"][0]
    office.phone = ""
    office.full_clean()
    assert office.phone == ""


def test_the_back_office_change_form_stores_the_phone_in_e164():
    office = OfficeFactory(code="KC-UJI", name="KC Uji", regencies=["33.72"])
    client = Client()
    client.force_login(UserFactory(roles=["admin"]))
    url = reverse("admin:accounts_office_change", args=[office.pk])
    data = {
        "code": "KC-UJI",
        "name": "KC Uji",
        "kind": "branch",
        "parent": "",
        "province_codes": "33",
        "regencies": "33.72",
        "address": "",
        "phone": "0271 714050",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    office.refresh_from_db()
    assert office.phone == "+62271714050"
