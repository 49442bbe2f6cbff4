"""The receipt download: the claim's worker and its office's staff, nothing for
a draft, a 404 for anyone else's claim; staff downloads are logged."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from claims.services.drafts import claim_create_draft
from jkp_portal.audit.models import PersonalDataAccess
from tests.claims.claims_support import Staff, make_office, make_worker, submitted_claim

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_worker_downloads_the_receipt_of_a_submitted_claim(client, worker):
    claim = submitted_claim(worker)
    client.force_login(worker)
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    url = reverse("claims:claim_receipt", args=[claim.pk])
    assert f'href="{url}"' in page and "Tanda terima (PDF)" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'attachment; filename="tanda-terima-klaim-jkp-{claim.pk}.pdf"' == response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert f"Nomor klaim: {claim.pk}" in _text(response)
    assert not PersonalDataAccess.objects.exists()  # one's own data is not logged


def test_a_draft_has_no_receipt_and_no_link(client, worker):
    draft, _created = claim_create_draft(actor=worker)
    client.force_login(worker)
    page = client.get(reverse("claims:claim_detail", args=[draft.pk])).content.decode()
    assert "receipt-link" not in page
    assert client.get(reverse("claims:claim_receipt", args=[draft.pk])).status_code == 404


def test_staff_of_the_office_download_it_and_are_logged(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    page = client.get(reverse("claims:staff_claim", args=[claim.pk])).content.decode()
    url = reverse("claims:claim_receipt", args=[claim.pk])
    assert f'href="{url}"' in page
    PersonalDataAccess.objects.all().delete()
    response = client.get(url)
    assert response.status_code == 200 and worker.participant.full_name in _text(response)
    record = PersonalDataAccess.objects.get()
    assert record.user == staff.verifier and record.object_id == str(worker.participant.pk)
    assert record.fields == ["full_name"] and record.purpose == url


def test_nobody_else_gets_it(client, worker):
    claim = submitted_claim(worker)
    url = reverse("claims:claim_receipt", args=[claim.pk])
    assert client.get(url).status_code == 302  # to the login page
    other_office = make_office("KC-LAIN")
    client.force_login(make_worker(office=other_office))
    assert client.get(url).status_code == 404
    client.force_login(Staff(other_office).verifier)
    assert client.get(url).status_code == 404
