"""Claim documents: judged by their content, stored under random names, never trusted.

A document is accepted only when its bytes are a PDF, a JPEG or a PNG (the
file name and the browser's content type are ignored), it is not empty, not
larger than ``settings.MAX_DOCUMENT_BYTES``, and, for a PDF, it carries no
JavaScript, no action other than a jump inside the document and no attached
file. Anything else is refused with an Indonesian
message and nothing is written, neither a row nor a file.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from claims.models import Claim, ClaimDocument, ClaimStatus, DocumentKind
from claims.services.claim_state import assisted_audit, mark_assisted, require_filer
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

# PDF names that run code or open other programs when the file is opened.
_PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch", "/RichMedia", "/XFA"}
_PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"}
# Any other action than a plain /GoTo (a jump inside the document) is refused
# too: /URI, /SubmitForm, /GoToR, /GoToE ... reach outside the file.
# Files carried inside the PDF (attachments) are refused whatever they are.
_PDF_EMBEDDED_KEYS = {"/EmbeddedFiles", "/EF"}
_PDF_EMBEDDED_TYPES = {"/EmbeddedFile"}
_PDF_EMBEDDED_SUBTYPES = {"/FileAttachment"}
# A fast first look at the raw bytes (long names only: short ones would match
# random bytes of compressed images); the object walk below is the real check.
_RAW_ACTIVE_MARKERS = (b"/JavaScript", b"/Launch")

# Images larger than this (in pixels) are refused as decompression bombs.
_MAX_IMAGE_PIXELS = 60_000_000


def _refuse(message: str, code: str = "invalid_document") -> ApplicationError:
    return ApplicationError(message, code=code, errors={"file": [message]})


def clean_file_name(name: str) -> str:
    """The uploaded name reduced to a harmless label: no directories, no control
    characters, at most 120 characters. It is only ever displayed."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFKC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip().lstrip(".")
    return name[:120] or "dokumen"


def _read_limited(upload) -> bytes:
    limit = settings.MAX_DOCUMENT_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _refuse(_too_big_message(), code="file_too_large")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _refuse(_too_big_message(), code="file_too_large")
    return data


def _too_big_message() -> str:
    return _("Berkas terlalu besar: maksimal %(mb)s MB.") % {"mb": settings.MAX_DOCUMENT_BYTES // (1024 * 1024)}


def _pdf_is_active(data: bytes) -> str | None:
    """What makes the PDF unsafe, or None: ``"script"`` for JavaScript or a
    launch action, ``"action"`` for any other action than a plain ``/GoTo``
    (opening a web address, submitting a form, opening another document),
    ``"embedded"`` for an attached file. Every object is visited (catalogue,
    pages, annotations, form fields, outline items, compressed object streams),
    so an action hidden in the catalogue's or a page's /AA, an annotation's /A
    or /AA, an outline item or a /Next chain is found wherever it sits."""
    if any(marker in data for marker in _RAW_ACTIVE_MARKERS):
        return "script"
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        # Encrypted PDFs cannot be inspected, so they cannot be trusted.
        raise _refuse(_("PDF yang dilindungi kata sandi tidak dapat diterima. Unggah PDF tanpa kata sandi."))
    numbers: set[tuple[int, int]] = set()
    for generation, objects in reader.xref.items():
        for number in objects:
            numbers.add((number, generation))
    for number in reader.xref_objStm:
        numbers.add((number, 0))
    seen: set[int] = set()

    def resolved(value):
        return value.get_object() if isinstance(value, IndirectObject) else value

    def action_verdict(action, depth, *, chain=False) -> str | None:
        """An action dictionary (``chain``: or an array of them, as /Next may
        hold): None only for a plain /GoTo."""
        action = resolved(action)
        if depth > 40:
            return None
        if chain and isinstance(action, ArrayObject):
            for item in action:
                if verdict := action_verdict(item, depth + 1):
                    return verdict
            return None
        if not isinstance(action, DictionaryObject) or "/S" not in action:
            return None  # an explicit destination (array) or a named destination is no action
        kind = resolved(action["/S"])
        if kind in _PDF_ACTIVE_ACTIONS:
            return "script"
        if kind != "/GoTo":
            return "action"
        return action_verdict(action["/Next"], depth + 1, chain=True) if "/Next" in action else None

    def active(obj, depth=0) -> str | None:
        if depth > 40:
            return None
        if isinstance(obj, IndirectObject):
            return None  # every indirect object is visited on its own
        if isinstance(obj, DictionaryObject):
            if id(obj) in seen:
                return None
            seen.add(id(obj))
            if obj.get("/Type") in _PDF_EMBEDDED_TYPES or obj.get("/Subtype") in _PDF_EMBEDDED_SUBTYPES:
                return "embedded"
            if obj.get("/Type") == "/Action" and (verdict := action_verdict(obj, depth)):
                return verdict
            for key, value in obj.items():
                if key in _PDF_ACTIVE_KEYS:
                    return "script"
                if key in _PDF_EMBEDDED_KEYS:
                    return "embedded"
                if key == "/S" and isinstance(value, NameObject) and value in _PDF_ACTIVE_ACTIONS:
                    return "script"
                if key in ("/A", "/OpenAction", "/Next") and (
                    verdict := action_verdict(value, depth + 1, chain=key == "/Next")
                ):
                    return verdict
                if key == "/AA":
                    triggers = resolved(value)
                    if isinstance(triggers, DictionaryObject):
                        for trigger in triggers.values():
                            if verdict := action_verdict(trigger, depth + 1):
                                return verdict
                if verdict := active(value, depth + 1):
                    return verdict
            return None
        if isinstance(obj, ArrayObject):
            for item in obj:
                if verdict := active(item, depth + 1):
                    return verdict
        return None

    for number, generation in numbers:
        try:
            obj = reader.get_object(IndirectObject(number, generation, reader))
        except Exception:  # noqa: S112 - a broken object cannot run code; keep looking
            continue
        if verdict := active(obj):
            return verdict
    return active(reader.trailer)


_PDF_REFUSALS = {
    "script": lambda: _(
        "PDF berisi JavaScript atau perintah otomatis dan tidak dapat diterima. Cetak ulang ke PDF biasa."
    ),
    "action": lambda: _(
        "PDF berisi tautan atau tindakan otomatis (membuka alamat web, mengirim formulir, membuka dokumen lain) "
        "dan tidak dapat diterima. Cetak ulang ke PDF biasa."
    ),
    "embedded": lambda: _(
        "PDF berisi berkas lampiran di dalamnya dan tidak dapat diterima. Cetak ulang ke PDF biasa tanpa lampiran."
    ),
}


def inspect_document(upload) -> tuple[bytes, str]:
    """Read and judge one upload: ``(content, content_type)`` or ApplicationError."""
    if upload is None:
        raise _refuse(_("Pilih berkas yang akan diunggah."), code="file_missing")
    data = _read_limited(upload)
    if not data:
        raise _refuse(_("Berkas kosong. Pilih berkas yang berisi dokumen."), code="file_empty")
    kind = filetype.guess(data)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise _refuse(
            _("Jenis berkas tidak diterima. Unggah PDF, JPG atau PNG (dinilai dari isi berkas, bukan namanya)."),
            code="file_type",
        )
    if mime == "application/pdf":
        try:
            verdict = _pdf_is_active(data)
        except ApplicationError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, RecursionError, OSError) as exc:
            raise _refuse(_("PDF rusak atau tidak dapat dibaca. Unggah ulang dokumen dalam PDF yang utuh.")) from exc
        if verdict:
            raise _refuse(
                _PDF_REFUSALS[verdict](),
                code="file_embedded" if verdict == "embedded" else "file_active_content",
            )
    else:
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > _MAX_IMAGE_PIXELS:
                    raise _refuse(_("Gambar terlalu besar (resolusi). Perkecil foto lalu unggah ulang."))
                image.verify()
        except ApplicationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            raise _refuse(_("Gambar rusak atau tidak dapat dibaca. Foto ulang dokumen lalu unggah lagi.")) from exc
    return data, mime


def _claim_for_upload(claim_id: int, actor):
    claim = Claim.objects.select_for_update().select_related("participant").get(pk=claim_id)
    try:
        session = require_filer(claim, actor)
    except ForbiddenError as exc:
        if exc.code == "no_consent":
            raise
        raise ForbiddenError(_("Hanya pekerja pemilik klaim yang dapat mengunggah dokumen.")) from None
    if claim.status not in (ClaimStatus.DRAFT, ClaimStatus.NEEDS_CORRECTION):
        raise StateConflictError(
            _("Dokumen tidak dapat diubah: klaim berstatus %(status)s.") % {"status": claim.get_status_display()},
            errors={"status": [claim.status]},
        )
    return claim, session


def claim_document_upload(*, claim: Claim, actor, kind: str, upload) -> ClaimDocument:
    """Attach one document to a draft (or a claim sent back for correction).

    A new document of a kind replaces the earlier one (which is kept, marked
    ``replaced``, for the audit trail); "other" documents accumulate. While a
    correction is requested only the documents the verifier named may change.
    """
    if kind not in DocumentKind.values:
        raise ApplicationError(
            _("Jenis dokumen tidak dikenal."), code="invalid_kind", errors={"kind": [_("Pilih jenis dokumen.")]}
        )
    data, mime = inspect_document(upload)
    stored_name = None
    try:
        with transaction.atomic():
            claim, session = _claim_for_upload(claim.pk, actor)
            if claim.status == ClaimStatus.NEEDS_CORRECTION:
                allowed = set(claim.correction_request.get("documents", []))
                if kind not in allowed:
                    raise ApplicationError(
                        _("Petugas tidak meminta perbaikan dokumen ini. Dokumen yang diminta: %(kinds)s.")
                        % {"kinds": ", ".join(str(DocumentKind(k).label) for k in sorted(allowed)) or "-"},
                        code="not_requested",
                        errors={"kind": [_("Dokumen ini tidak diminta untuk diperbaiki.")]},
                    )
            replaced = []
            if kind != DocumentKind.OTHER:
                replaced = list(
                    ClaimDocument.objects.filter(claim=claim, kind=kind, replaced=False).values_list("pk", flat=True)
                )
                ClaimDocument.objects.filter(pk__in=replaced).update(replaced=True)
            original = clean_file_name(getattr(upload, "name", ""))
            document = ClaimDocument(
                claim=claim,
                kind=kind,
                original_name=original,
                content_type=mime,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=actor,
            )
            document.file.save(f"{ALLOWED_TYPES[mime]}", ContentFile(data), save=False)
            stored_name = document.file.name
            document.save()
            claim.save(update_fields=["updated_at", *mark_assisted(claim, session)])
            audit_record(
                actor=actor,
                obj=claim,
                action="document_uploaded",
                data={
                    "document_id": document.pk,
                    "kind": kind,
                    "content_type": mime,
                    "size": len(data),
                    "sha256": document.sha256,
                    "replaces": replaced,
                    **assisted_audit(session),
                },
            )
    except Exception:
        if stored_name:
            document.file.storage.delete(stored_name)
        raise
    return document


def document_review_mark(*, documents, review: str, note: str = "") -> None:
    """Mark documents accepted or to be replaced (inside a decision's transaction)."""
    ids = [d.pk for d in documents]
    if ids:
        ClaimDocument.objects.filter(pk__in=ids).update(review=review, review_note=note[:300])


def documents_uploaded_since(claim: Claim, since_iso: str | None) -> set[str]:
    """Kinds of current documents uploaded after the correction request."""
    qs = ClaimDocument.objects.filter(claim=claim, replaced=False)
    if since_iso:
        qs = qs.filter(uploaded_at__gt=since_iso)
    return set(qs.values_list("kind", flat=True))
