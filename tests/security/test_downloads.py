"""Downloads are named after the type the portal detected, never after the
uploader's extension (a PNG uploaded as ``doc.html`` downloads as ``doc.png``),
and every Content-Disposition header is built by Django's helper, so a hostile
file name cannot add parameters of its own."""

from __future__ import annotations

import datetime as dt
import re
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from claims.payouts.services.evidence import activity_record
from claims.services.documents import claim_document_upload
from claims.services.drafts import claim_create_draft
from tests.claims.claims_support import TODAY, image_bytes, make_office, make_worker, upload_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _env(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(TODAY.replace(tzinfo=ZoneInfo("Asia/Jakarta")), tick=True):
        yield


PARAM = re.compile(r';\s*([\w*]+)=("(?:[^"\\]|\\.)*"|[^;]*)')


def disposition(response) -> tuple[str, dict]:
    """(type, parameters) of the Content-Disposition header, parsed as a mail
    client would; a parameter given twice fails the test."""
    raw = response["Content-Disposition"]
    names = [name for name, _value in PARAM.findall(raw)]
    assert len(names) == len(set(names)), raw
    message = EmailMessage()
    message["Content-Disposition"] = raw
    header = message["Content-Disposition"]
    return header.content_disposition, dict(header.params)


@pytest.fixture
def worker():
    return make_worker(office=make_office("KC-UNDUH"))


@pytest.fixture
def png_as_html(worker):
    claim, _ = claim_create_draft(actor=worker, proof_type="uncontested")
    document = claim_document_upload(
        claim=claim, actor=worker, kind="phk_letter", upload=upload_file("doc.html", image_bytes("PNG"), "text/html")
    )
    return claim, document


def test_claim_document_page_download_is_named_after_the_detected_type(client, worker, png_as_html):
    claim, document = png_as_html
    client.force_login(worker)
    url = reverse("claims:document_file", kwargs={"pk": claim.pk, "doc_pk": document.pk})
    for query, kind in (("", "inline"), ("?download=1", "attachment")):
        response = client.get(url + query)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert disposition(response) == (kind, {"filename": "doc.png"})


def test_claim_document_api_download_is_named_after_the_detected_type(client, worker, png_as_html):
    claim, document = png_as_html
    client.force_login(worker)
    response = client.get(f"/api/v1/claims/{claim.pk}/documents/{document.pk}/file/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert disposition(response) == ("attachment", {"filename": "doc.png"})


def test_evidence_name_cannot_inject_header_parameters(client, worker):
    """An uploaded name with quotes and a second filename parameter stays one
    quoted filename (with the detected extension)."""
    activity, _ = activity_record(
        participant=worker.participant,
        kind="application",
        occurred_on=dt.date(2025, 7, 2),
        source="test",
        reference="unduh-1",
        actor=worker,
        evidence=upload_file('bukti"; filename=evil.html', image_bytes("PNG"), "image/png"),
    )
    client.force_login(worker)
    response = client.get(reverse("payouts:evidence", kwargs={"pk": activity.pk}))
    assert response.status_code == 200
    kind, params = disposition(response)
    assert kind == "inline" and list(params) == ["filename"]
    assert params["filename"].endswith(".png") and not params["filename"].endswith(".html")
