"""The printed receipt of a filed claim, read back from the PDF."""

import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from claims.receipts import claim_receipt_pdf, mask_nik_last4
from claims.services.drafts import claim_create_draft
from tests.claims.claims_support import TODAY, make_worker, submitted_claim
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.PORTAL_BASE_URL = "https://jkp.bpjsketenagakerjaan.go.id/"
    settings.SMS_INBOUND_NUMBER = "99175"
    with time_machine.travel(TODAY.replace(tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        yield


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def office():
    return OfficeFactory(
        code="KC-SKA",
        name="Kantor Cabang Surakarta",
        address="Jl. Slamet Riyadi No. 2, Surakarta",
        phone="+62271714050",
    )


def test_the_receipt_says_what_the_worker_needs(office):
    worker = make_worker(office=office, full_name="Sri Wahyuni", nik="3372015506900004")
    claim = submitted_claim(worker)
    text = pdf_text(claim_receipt_pdf(claim))
    assert "TANDA TERIMA PENGAJUAN KLAIM JKP" in text
    assert f"Nomor klaim: {claim.pk}" in text
    assert "10 Juli 2025 pukul 10.00 WIB" in text
    assert "Sri Wahyuni" in text
    assert "************0004" in text and "3372015506900004" not in text and "337201" not in text
    assert "Kantor Cabang Surakarta" in text and "Jl. Slamet Riyadi No. 2, Surakarta" in text
    assert "(0271) 714050" in text
    for step in ("Pemeriksaan.", "Keputusan.", "Pembayaran pertama."):
        assert step in text
    assert f"STATUS {claim.pk}" in text and "99175" in text
    assert "jkp.bpjsketenagakerjaan.go.id" in text and f"/klaim/{claim.pk}/" in text
    assert "diajukan dengan bantuan" not in text


def test_the_assisted_line_is_printed_when_given(office):
    claim = submitted_claim(make_worker(office=office))
    line = "Diajukan dengan bantuan petugas Budi Santoso, Kantor Cabang Surakarta <KC-SKA>"
    text = pdf_text(claim_receipt_pdf(claim, assisted_line=line))
    assert line in text


def test_without_an_sms_number_or_address_those_ways_are_left_out(office, settings):
    settings.SMS_INBOUND_NUMBER = ""
    settings.PORTAL_BASE_URL = ""
    claim = submitted_claim(make_worker(office=office))
    text = pdf_text(claim_receipt_pdf(claim))
    assert "Lewat SMS" not in text and "Lewat peramban" not in text
    assert "Datang ke kantor" in text


def test_an_unrouted_claim_says_its_office_is_being_chosen(office):
    claim = submitted_claim(make_worker(office=office))
    claim.office = None
    text = pdf_text(claim_receipt_pdf(claim))
    assert "Sedang ditentukan" in text


def test_a_draft_has_no_receipt(office):
    draft, _created = claim_create_draft(actor=make_worker(office=office))
    with pytest.raises(ValueError):
        claim_receipt_pdf(draft)


@pytest.mark.parametrize(("nik", "masked"), [("3372015506900004", "************0004"), ("1234", "****"), ("", "")])
def test_mask_nik_last4(nik, masked):
    assert mask_nik_last4(nik) == masked
