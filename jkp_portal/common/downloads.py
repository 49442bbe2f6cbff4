"""Names and headers of files the portal sends back.

A download is named after the type the portal *detected* in the file's
content, never after the extension its uploader chose: a PNG uploaded as
``doc.html`` downloads as ``doc.png`` (a browser or desktop that trusts the
extension would otherwise open it as a web page). The Content-Disposition
header is always built by Django's ``content_disposition_header``, which quotes
and RFC 5987-encodes the name, so a file name cannot add parameters of its own.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata

from django.utils.http import content_disposition_header

EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "text/csv": "csv",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}

# Characters that mean something in a header or a path.
_UNSAFE = re.compile(r'["\\/;:*?<>|]+')


def extension_for(content_type: str) -> str:
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in EXTENSIONS:
        return EXTENSIONS[mime]
    guessed = mimetypes.guess_extension(mime) if mime else None
    return guessed.lstrip(".") if guessed else "bin"


def download_name(name: str, content_type: str, *, default: str = "dokumen") -> str:
    """``name`` without directories, control or header characters, and with the
    extension of ``content_type`` in place of its own."""
    name = unicodedata.normalize("NFKC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub(" ", name)
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = re.sub(r"\s+", " ", stem).strip(" .")[:100] or default
    return f"{stem}.{extension_for(content_type)}"


def set_disposition(response, *, filename: str, as_attachment: bool = True):
    """Set Content-Disposition on ``response`` through Django's helper."""
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response
