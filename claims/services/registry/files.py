"""Reading a registry file: the documented columns, decoding line by line, the
header, and the validated rows streamed in ``COPY`` format. A file that cannot
be read at all raises ``ImportFileError`` and nothing of it is saved."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING

from django.utils.translation import gettext as _

from claims.models import RegistryImport

from .checks import _RowError

if TYPE_CHECKING:
    from .base import _Kind
    from .staging import _Outcome

COLUMNS: dict[str, tuple[str, ...]] = {
    RegistryImport.Kind.EMPLOYERS: (
        "npp",
        "name",
        "size",
        "sector",
        "province_code",
        "regency",
        "office_code",
        "bankrupt_or_closed",
    ),
    RegistryImport.Kind.PARTICIPANTS: (
        "nik",
        "kpj",
        "full_name",
        "birth_date",
        "citizenship",
        "employer_npp",
        "contract_type",
        "contract_start",
        "contract_end",
        "jkp_registered_on",
        "programs",
        "jkn_segment",
        "phone",
        "email",
    ),
    RegistryImport.Kind.CONTRIBUTIONS: ("nik", "period", "wage", "status"),
}

# Columns a file may carry or leave out; a missing or blank one keeps what the
# registry holds (``domicile_regency``: a Kemendagri code or an official name).
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    RegistryImport.Kind.PARTICIPANTS: ("domicile_regency",),
}

_COPY_CHUNK_ROWS = 20_000


class ImportFileError(Exception):
    """The file as a whole cannot be imported; nothing of it is saved."""


class _CountingReader(io.RawIOBase):
    """Counts the bytes read from the source, for the progress bar."""

    def __init__(self, raw: IO[bytes], progress: Callable[[int], None] | None) -> None:
        self._raw = raw
        self._progress = progress
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.bytes_read += n
        if self._progress and n:
            self._progress(n)
        return n


class _CopySource:
    """A file-like object for ``copy_expert`` that pulls its data from a generator.
    An exception in the generator is kept and re-raised after the COPY, so the
    caller sees the real reason (psycopg2 would only report a failed read)."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> str:
        if self.error is not None:
            return ""
        try:
            return next(self._chunks, "")
        except BaseException as exc:  # re-raised by the caller after the COPY ends
            self.error = exc
            return ""


def _open_text(source: IO[bytes], progress) -> Iterator[str]:
    """The file's lines, decoded one by one so that a byte that is not UTF-8 is
    reported with its exact line (``\n`` never occurs inside a UTF-8 sequence)."""
    buffered = io.BufferedReader(_CountingReader(source, progress), buffer_size=1 << 20)
    for number, raw in enumerate(buffered, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(
                _(
                    "Berkas bukan teks UTF-8 yang valid (baris %(line)s). Simpan ulang sebagai CSV UTF-8; tidak ada data yang disimpan."
                )
                % {"line": number}
            )
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]  # a spreadsheet's byte-order mark is not part of the header
        yield text


def _header(reader, kind: str) -> tuple[dict[str, int], int]:
    """The position of each documented column, and the number of columns."""
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ImportFileError(_("Baris judul tidak dapat dibaca sebagai CSV: %(e)s") % {"e": exc})
    if not header:
        raise ImportFileError(_("Berkas kosong: baris judul kolom tidak ada."))
    names = [h.strip().lower() for h in header]
    expected = COLUMNS[kind]
    missing = [c for c in expected if c not in names]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada: %(missing)s. Kolom berkas %(kind)s: %(expected)s.")
            % {"missing": ", ".join(missing), "kind": kind, "expected": ",".join(expected)}
        )
    duplicated = sorted({n for n in names if names.count(n) > 1 and n in expected})
    if duplicated:
        raise ImportFileError(_("Kolom ganda pada baris judul: %(cols)s.") % {"cols": ", ".join(duplicated)})
    optional = [name for name in OPTIONAL_COLUMNS.get(kind, ()) if name in names]
    return {name: names.index(name) for name in (*expected, *optional)}, len(names)


def _stream(text: Iterator[str], spec: _Kind, outcome: _Outcome, error_writer) -> Iterator[str]:
    """Validated rows in the temp table's COPY format, in chunks; refused rows
    go to ``error_writer`` as (line, key, reason). ``line`` is the physical line
    where the record starts (the header is line 1)."""
    reader = csv.reader(text)
    columns, header_width = _header(reader, spec.kind)
    # An optional column the file leaves out reads as "" (-1 below).
    order = [columns.get(c, -1) for c in (*COLUMNS[spec.kind], *OPTIONAL_COLUMNS.get(spec.kind, ()))]
    # The usual case: exactly the documented columns in the documented order.
    natural = order == list(range(header_width))
    chunk: list[str] = []
    total = 0
    convert = spec.row
    last_line = reader.line_num
    while True:
        line = last_line + 1
        try:
            values = next(reader, None)
        except csv.Error as exc:
            # csv starts afresh on the next call: the rest of the file is still read.
            total += 1
            error_writer.writerow((line, "", _("baris tidak dapat dibaca sebagai CSV: %(e)s") % {"e": exc}))
            last_line = reader.line_num
            continue
        if values is None:
            break
        last_line = reader.line_num
        if not values or (len(values) == 1 and not values[0].strip()):
            continue  # blank line
        total += 1
        try:
            if len(values) != header_width:
                raise _RowError(_("jumlah kolom %(n)s, seharusnya %(m)s") % {"n": len(values), "m": header_width})
            if natural:
                row = [v.strip() for v in values]
            else:
                row = [values[i].strip() if i >= 0 else "" for i in order]
            chunk.append(convert(row, line))
        except _RowError as exc:
            ordered = [values[i].strip() if 0 <= i < len(values) else "" for i in order]
            error_writer.writerow((line, spec.key(ordered), str(exc)))
            continue
        if len(chunk) >= _COPY_CHUNK_ROWS:
            yield "".join(chunk)
            chunk.clear()
    if chunk:
        yield "".join(chunk)
    outcome.total = total


# ---------------------------------------------------------------------------
# Services
