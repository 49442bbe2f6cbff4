"""Files of PHK reports: judged by content like claim documents (PDF, JPEG or
PNG, at most 10 MB, no active PDF content), stored under random names and
served only through the permission-checked document view."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from claims.services.documents import ALLOWED_TYPES, clean_file_name, inspect_document
from jkp_portal.common.exceptions import ApplicationError

from ..models import PhkDocument, PhkReport, PhkReportRow


def inspect_upload(upload, *, field: str) -> tuple[bytes, str, str]:
    """``(content, content_type, display name)`` of an acceptable file, or an
    ApplicationError whose field errors point at ``field``."""
    try:
        data, mime = inspect_document(upload)
    except ApplicationError as exc:
        exc.errors = {field: exc.errors.get("file", [exc.message])}
        raise
    return data, mime, clean_file_name(getattr(upload, "name", ""))


class StoredFiles:
    """Collects the files written inside a transaction so a rollback can remove them."""

    def __init__(self):
        self.names: list[str] = []
        self.storage = None

    def cleanup(self) -> None:
        for name in self.names:
            self.storage.delete(name)
        self.names.clear()


def document_store(
    *,
    report: PhkReport,
    row: PhkReportRow | None,
    kind: str,
    data: bytes,
    mime: str,
    name: str,
    actor,
    stored: StoredFiles,
) -> PhkDocument:
    document = PhkDocument(
        report=report,
        row=row,
        kind=kind,
        original_name=name,
        content_type=mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    document.file.save(ALLOWED_TYPES[mime], ContentFile(data), save=False)
    stored.storage = document.file.storage
    stored.names.append(document.file.name)
    document.save()
    return document
