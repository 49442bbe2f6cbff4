"""Claim documents: judged by content, hostile files refused with nothing stored,
served only to the claim's worker and its office's staff."""

import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from claims.models import ClaimDocument
from claims.services.documents import claim_document_upload, clean_file_name
from claims.services.drafts import claim_create_draft
from jkp_portal.common.exceptions import ApplicationError
from tests.claims.claims_support import TODAY, Staff, image_bytes, make_office, make_worker, pdf_bytes, upload_file
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(TODAY.replace(tzinfo=ZoneInfo("Asia/Jakarta")), tick=True):
        yield


@pytest.fixture
def office():
    return make_office("KC-DOK")


@pytest.fixture
def worker(office):
    return make_worker(office=office)


@pytest.fixture
def claim(worker):
    claim, _ = claim_create_draft(actor=worker, proof_type="uncontested")
    return claim


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hai');")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_launch_action() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    action = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_escaped_javascript_name() -> bytes:
    """``/J#61vaScript`` is ``/JavaScript`` once the name is decoded: a byte
    search misses it, the object walk does not."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


HOSTILE = {
    "text_named_pdf": ("surat.pdf", b"Ini bukan PDF, hanya teks biasa.\n" * 5, "application/pdf", "file_type"),
    "html_named_png": ("foto.png", b"<html><script>alert(1)</script></html>", "image/png", "file_type"),
    "svg_with_script": (
        "ktp.jpg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/jpeg",
        "file_type",
    ),
    "exe_named_pdf": ("surat.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "application/pdf", "file_type"),
    "zip_named_pdf": ("surat.pdf", b"PK\x03\x04" + b"\x00" * 200, "application/pdf", "file_type"),
    "empty": ("kosong.pdf", b"", "application/pdf", "file_empty"),
    "pdf_javascript": ("surat.pdf", None, "application/pdf", "file_active_content"),
    "pdf_launch": ("surat.pdf", None, "application/pdf", "file_active_content"),
    "pdf_escaped_js": ("surat.pdf", None, "application/pdf", "file_active_content"),
    "broken_pdf": ("surat.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "application/pdf", "invalid_document"),
    "truncated_png": ("foto.png", None, "image/png", "invalid_document"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_uploads_are_refused_with_a_message_and_nothing_stored(claim, worker, settings, case):
    name, data, content_type, code = HOSTILE[case]
    if data is None:
        data = {
            "pdf_javascript": pdf_with_javascript,
            "pdf_launch": pdf_with_launch_action,
            "pdf_escaped_js": pdf_with_escaped_javascript_name,
            "truncated_png": lambda: image_bytes("PNG", (400, 400))[:120],
        }[case]()
    with pytest.raises(ApplicationError) as exc:
        claim_document_upload(
            claim=claim, actor=worker, kind="phk_letter", upload=upload_file(name, data, content_type)
        )
    assert exc.value.code == code
    assert exc.value.errors["file"] and exc.value.message
    assert not ClaimDocument.objects.exists()
    assert stored_files(settings) == []


def test_oversized_file_is_refused(claim, worker, settings):
    data = b"%PDF-1.4\n" + b"0" * settings.MAX_DOCUMENT_BYTES
    with pytest.raises(ApplicationError) as exc:
        claim_document_upload(claim=claim, actor=worker, kind="phk_letter", upload=upload_file("besar.pdf", data))
    assert exc.value.code == "file_too_large" and "10 MB" in exc.value.message
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("data", "mime"),
    [(pdf_bytes(), "application/pdf"), (image_bytes("PNG"), "image/png"), (image_bytes("JPEG"), "image/jpeg")],
)
def test_pdf_jpeg_png_accepted_by_content_whatever_the_name(claim, worker, settings, data, mime):
    document = claim_document_upload(
        claim=claim, actor=worker, kind="phk_letter", upload=upload_file("../../etc/passwd.txt", data, "text/plain")
    )
    assert document.content_type == mime and document.size == len(data)
    assert document.original_name == "passwd.txt"
    stored = Path(document.file.path)
    assert stored.is_file() and stored.read_bytes() == data
    assert stored.parent.name == str(claim.pk) and "passwd" not in stored.name and len(stored.name) >= 32
    assert Path(settings.MEDIA_ROOT) in stored.parents


def test_file_names_are_reduced_to_a_harmless_label():
    assert clean_file_name("C:\\Users\\x\\..\\surat phk.pdf") == "surat phk.pdf"
    assert clean_file_name("../../.bashrc") == "bashrc"
    assert clean_file_name("a\x00b\n.pdf") == "ab.pdf"
    assert clean_file_name("") == "dokumen"
    assert len(clean_file_name("x" * 500 + ".pdf")) == 120


def test_a_new_upload_replaces_the_earlier_document_of_that_kind(claim, worker):
    first = claim_document_upload(claim=claim, actor=worker, kind="phk_letter", upload=upload_file("a.pdf"))
    second = claim_document_upload(claim=claim, actor=worker, kind="phk_letter", upload=upload_file("b.pdf"))
    first.refresh_from_db()
    assert first.replaced and not second.replaced
    other1 = claim_document_upload(claim=claim, actor=worker, kind="other", upload=upload_file("c.pdf"))
    other2 = claim_document_upload(claim=claim, actor=worker, kind="other", upload=upload_file("d.pdf"))
    assert not ClaimDocument.objects.get(pk=other1.pk).replaced and not other2.replaced


def test_documents_cannot_change_after_submission(worker):
    from tests.claims.claims_support import submitted_claim

    claim = submitted_claim(worker)
    with pytest.raises(ApplicationError) as exc:
        claim_document_upload(claim=claim, actor=worker, kind="other", upload=upload_file())
    assert exc.value.status_code == 409


# --- serving ---------------------------------------------------------------------


@pytest.fixture
def document(claim, worker):
    return claim_document_upload(claim=claim, actor=worker, kind="phk_letter", upload=upload_file("surat phk.pdf"))


def _get(client, user, document, **params):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("claims:document_file", args=[document.claim_id, document.pk]), params)


def test_the_owner_gets_the_file_inline_with_nosniff(client, worker, document):
    response = _get(client, worker, document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "surat phk.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    download = _get(client, None, document, download="1")
    assert download["Content-Disposition"].startswith("attachment")


def test_staff_of_the_office_see_it_others_do_not(client, office, worker):
    """Staff see documents of submitted claims of their office (a draft stays the worker's)."""
    from tests.claims.claims_support import submitted_claim

    document = submitted_claim(worker).documents.first()
    staff = Staff(office)
    assert _get(client, staff.verifier, document).status_code == 200
    other_office = Staff(make_office("KC-LAIN"))
    client.logout()
    assert _get(client, other_office.verifier, document).status_code == 404


def test_staff_do_not_see_documents_of_a_draft(client, office, document):
    assert _get(client, Staff(office).verifier, document).status_code == 404


def test_another_worker_gets_404_and_other_roles_403(client, office, document):
    assert _get(client, make_worker(office=office), document).status_code == 404
    client.logout()
    assert _get(client, UserFactory(roles=["konselor"]), document).status_code == 403
    client.logout()
    anonymous = client.get(reverse("claims:document_file", args=[document.claim_id, document.pk]))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_document_of_another_claim_is_not_reachable_through_mine(client, office, worker, document):
    other = make_worker(office=office)
    other_claim, _ = claim_create_draft(actor=other, proof_type="uncontested")
    theirs = claim_document_upload(claim=other_claim, actor=other, kind="phk_letter", upload=upload_file())
    client.force_login(worker)
    response = client.get(reverse("claims:document_file", args=[document.claim_id, theirs.pk]))
    assert response.status_code == 404


def test_upload_through_the_browser_with_progress_endpoint(client, worker, claim):
    client.force_login(worker)
    url = reverse("claims:document_upload", args=[claim.pk])
    ok = client.post(
        url,
        {"kind": "phk_letter", "file": upload_file("surat.pdf")},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert ok.status_code == 201 and ok.json()["kind"] == "phk_letter"
    bad = client.post(
        url,
        {"kind": "phk_letter", "file": upload_file("x.pdf", b"<svg onload=alert(1)>", "application/pdf")},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert bad.status_code == 400 and "PDF, JPG atau PNG" in bad.json()["detail"]
    plain = client.post(url, {"kind": "phk_letter", "file": upload_file("x.pdf", b"", "application/pdf")})
    assert plain.status_code == 302
    page = client.get(plain["Location"])
    assert "kosong" in page.content.decode()
    assert ClaimDocument.objects.filter(claim=claim).count() == 1


# --- PDF actions other than a plain /GoTo, and embedded files -------------------


def _action(kind: str) -> DictionaryObject:
    extra = {
        "/URI": {"/URI": TextStringObject("https://contoh.invalid/x")},
        "/SubmitForm": {"/F": TextStringObject("https://contoh.invalid/kirim")},
        "/GoToR": {"/F": TextStringObject("lain.pdf"), "/D": ArrayObject([NumberObject(0), NameObject("/Fit")])},
        "/GoToE": {"/D": ArrayObject([NumberObject(0), NameObject("/Fit")])},
        "/GoTo": {"/D": ArrayObject([NumberObject(0), NameObject("/Fit")])},
    }[kind]
    return DictionaryObject({NameObject("/S"): NameObject(kind), **{NameObject(k): v for k, v in extra.items()}})


def _pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _annotation(writer, subtype: str, **entries):
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(50)]),
            **{NameObject(k): v for k, v in entries.items()},
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])


def _open_action(kind):
    return lambda w: w._root_object.__setitem__(NameObject("/OpenAction"), w._add_object(_action(kind)))


def _outline_action(kind):
    def build(writer):
        item = writer.add_outline_item(title="Bab 1", page_number=0).get_object()
        item[NameObject("/A")] = _action(kind)
        if "/Dest" in item:
            del item["/Dest"]

    return build


REFUSED_PDFS = {
    "open_action_uri": (_open_action("/URI"), "file_active_content"),
    "open_action_submit_form": (_open_action("/SubmitForm"), "file_active_content"),
    "open_action_gotor": (_open_action("/GoToR"), "file_active_content"),
    "open_action_gotoe": (_open_action("/GoToE"), "file_active_content"),
    "catalog_aa_uri": (
        lambda w: w._root_object.__setitem__(NameObject("/AA"), DictionaryObject({NameObject("/WC"): _action("/URI")})),
        "file_active_content",
    ),
    "page_aa_submit": (
        lambda w: w.pages[0].__setitem__(
            NameObject("/AA"), DictionaryObject({NameObject("/O"): _action("/SubmitForm")})
        ),
        "file_active_content",
    ),
    "link_annotation_uri": (lambda w: _annotation(w, "/Link", **{"/A": _action("/URI")}), "file_active_content"),
    "annotation_aa_gotor": (
        lambda w: _annotation(w, "/Widget", **{"/AA": DictionaryObject({NameObject("/E"): _action("/GoToR")})}),
        "file_active_content",
    ),
    "goto_then_uri": (
        lambda w: w._root_object.__setitem__(
            NameObject("/OpenAction"),
            DictionaryObject({**_action("/GoTo"), NameObject("/Next"): _action("/URI")}),
        ),
        "file_active_content",
    ),
    "outline_uri": (_outline_action("/URI"), "file_active_content"),
    "embedded_file": (lambda w: w.add_attachment("data.exe", b"MZ\x90\x00"), "file_embedded"),
    "file_attachment_annotation": (
        lambda w: _annotation(
            w,
            "/FileAttachment",
            **{
                "/FS": DictionaryObject(
                    {NameObject("/Type"): NameObject("/Filespec"), NameObject("/F"): TextStringObject("x.exe")}
                )
            },
        ),
        "file_embedded",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED_PDFS))
def test_pdf_with_an_action_or_an_embedded_file_is_refused(claim, worker, settings, case):
    """Only a plain /GoTo (a jump inside the document) is allowed: links out,
    form submission, other documents and attached files are refused, nothing stored."""
    build, code = REFUSED_PDFS[case]
    with pytest.raises(ApplicationError) as exc:
        claim_document_upload(
            claim=claim, actor=worker, kind="phk_letter", upload=upload_file("surat.pdf", _pdf(build))
        )
    assert exc.value.code == code and exc.value.errors["file"]
    assert not ClaimDocument.objects.exists() and stored_files(settings) == []


def test_pdf_with_internal_jumps_only_is_accepted(claim, worker):
    """A table of contents (outline /GoTo, a /GoTo link, an OpenAction destination) is harmless."""

    def build(writer):
        writer.add_outline_item(title="Bab 1", page_number=0)
        _annotation(writer, "/Link", **{"/A": _action("/GoTo")})
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )

    document = claim_document_upload(
        claim=claim, actor=worker, kind="phk_letter", upload=upload_file("toc.pdf", _pdf(build))
    )
    assert document.content_type == "application/pdf"
