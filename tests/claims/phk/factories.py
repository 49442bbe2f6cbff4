"""Files and CSV bodies for PHK tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, format="PNG")
    return out.getvalue()


def pdf_upload(name: str = "surat-phk.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def csv_upload(
    lines, *, header="nik,phk_date,reason,accepted,notes", name="phk.csv", delimiter=","
) -> SimpleUploadedFile:
    body = (
        header.replace(",", delimiter) + "\n" + "\n".join(delimiter.join(str(v) for v in line) for line in lines) + "\n"
    )
    return SimpleUploadedFile(name, body.encode("utf-8"), content_type="text/csv")
