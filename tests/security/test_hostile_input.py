"""Hostile uploads: whatever its name, a file that is not a clean PDF, JPEG or
PNG (HTML, SVG with script, an executable, a PDF with JavaScript), an empty
file or an oversized one is refused with a clear Indonesian message and
nothing is stored - no database row, no file under MEDIA_ROOT - for claim
documents, PHK notice letters and job-search evidence. PDFs that link out
(an action other than a jump inside the document) or carry an attached file
are refused the same way. A path trick in the file name never reaches the
storage path."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from claims.models import ClaimDocument
from claims.phk.models import PhkDocument, PhkReport
from claims.services.documents import claim_document_upload
from jkp_portal.common.exceptions import ApplicationError
from tests.claims.claims_support import TODAY, draft_fields, make_office, make_worker, pdf_bytes
from tests.claims.factories import EmployerFactory, ParticipantFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 200_000


def _pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('x')")}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_with_link_out() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://contoh.invalid/")}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_with_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("gaji.exe", b"MZ\x90\x00")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BUILT = {
    "pdf_with_javascript": _pdf_with_javascript,
    "pdf_with_uri_action": _pdf_with_link_out,
    "pdf_with_attachment": _pdf_with_attachment,
}

HOSTILE = {
    "html_named_pdf": ("surat.pdf", b"<html><body><script>alert(1)</script></body></html>", "application/pdf"),
    "svg_with_script_named_png": (
        "foto.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/png",
    ),
    "svg_as_svg": ("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
    "executable_named_jpg": ("ktp.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 400, "image/jpeg"),
    "empty": ("kosong.pdf", b"", "application/pdf"),
    "oversized_pdf": ("besar.pdf", b"%PDF-1.4\n" + b"0" * (LIMIT + 10), "application/pdf"),
    "pdf_with_javascript": ("aktif.pdf", None, "application/pdf"),
    "pdf_with_uri_action": ("tautan.pdf", None, "application/pdf"),
    "pdf_with_attachment": ("lampiran.pdf", None, "application/pdf"),
}


def _upload(key):
    name, data, content_type = HOSTILE[key]
    if data is None:
        data = BUILT[key]()
    return SimpleUploadedFile(name, data, content_type=content_type)


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAX_DOCUMENT_BYTES = LIMIT
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path / "media"


@pytest.fixture
def draft(media):
    from claims.services.drafts import claim_create_draft

    with time_machine.travel(TODAY, tick=False):
        worker = make_worker(office=make_office())
        claim, _ = claim_create_draft(actor=worker, **draft_fields(worker.participant))
    return worker, claim


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_claim_document_refuses_hostile_files(draft, media, key):
    """Claim documents: refused with an Indonesian message; no row, no file."""
    worker, claim = draft
    with time_machine.travel(TODAY, tick=False), pytest.raises(ApplicationError) as exc:
        claim_document_upload(claim=claim, actor=worker, kind="phk_letter", upload=_upload(key))
    assert any(w in str(exc.value.message) for w in ("Berkas", "berkas", "PDF", "Jenis"))
    assert not ClaimDocument.objects.filter(claim=claim).exists()
    assert _files(media) == []


def test_claim_document_api_refuses_with_400_and_message(draft, media, client):
    """Through the API: 400 with the message in Indonesian and nothing stored."""
    worker, claim = draft
    client.force_login(worker)
    with time_machine.travel(TODAY, tick=False):
        r = client.post(
            f"/api/v1/claims/{claim.pk}/documents/", {"kind": "phk_letter", "file": _upload("pdf_with_javascript")}
        )
    assert r.status_code == 400, r.content
    assert "JavaScript" in r.json()["detail"]
    assert not ClaimDocument.objects.exists() and _files(media) == []


def test_claim_document_path_trick_stays_inside_media_root(draft, media):
    """A clean PDF named ../../etc/passwd.pdf is stored under MEDIA_ROOT with a harmless name."""
    worker, claim = draft
    upload = SimpleUploadedFile("../../etc/passwd.pdf", pdf_bytes(), content_type="application/pdf")
    with time_machine.travel(TODAY, tick=False):
        doc = claim_document_upload(claim=claim, actor=worker, kind="phk_letter", upload=upload)
    stored = _files(media)
    assert len(stored) == 1
    assert stored[0].resolve().is_relative_to(media.resolve())
    assert ".." not in doc.file.name and "/etc/" not in doc.file.name
    assert "/" not in doc.original_name and ".." not in doc.original_name


@pytest.fixture
def hr(media):
    office = make_office()
    employer = EmployerFactory(office=office, regency="33.72")
    user = UserFactory(roles=["employer"], employer_npp=employer.npp)
    return user, employer


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_phk_notice_letter_refuses_hostile_files(hr, media, key):
    """PHK report: a hostile notice letter refuses the whole report; nothing stored."""
    from claims.phk.services import phk_report_submit

    user, employer = hr
    worker = ParticipantFactory(employer=employer)
    with time_machine.travel(TODAY, tick=False), pytest.raises(ApplicationError) as exc:
        phk_report_submit(
            actor=user,
            lines=[{"line": 2, "nik": worker.nik, "phk_date": "2025-06-30", "reason": "efficiency", "accepted": "yes"}],
            notice_letter=_upload(key),
        )
    assert str(exc.value.message)
    assert not PhkReport.objects.exists() and not PhkDocument.objects.exists()
    assert _files(media) == []


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_job_search_evidence_refuses_hostile_files(media, key):
    """Job-search evidence (payouts): the file check refuses every hostile file."""
    from claims.payouts.services.evidence import check_evidence_file

    with pytest.raises(ApplicationError) as exc:
        check_evidence_file(_upload(key))
    assert str(exc.value.message)
    assert _files(media) == []
