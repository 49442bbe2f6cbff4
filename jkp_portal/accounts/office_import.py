"""Offices from a CSV file: the back office's "Impor kantor (CSV)" page,
``manage.py import_offices`` and the demo data all go through here.

The file (UTF-8, a header row; comma, semicolon or tab separated) has the
columns ``code,name,kind,parent_code,regencies,address,phone``:

- ``kind``: ``head``, ``regional`` or ``branch`` (or ``pusat``, ``wilayah``/
  ``kanwil``, ``cabang``);
- ``parent_code``: empty for the head office, the head office for a regional
  office, a regional office for a branch; the parent may come later in the file
  or already exist in the portal;
- ``regencies``: Kemendagri codes (``33.72``) or unambiguous official names
  (``Kota Surakarta``), separated by ``;`` (or ``,``; codes also by spaces). A
  regional office may give 2-digit province codes (``33``): the whole
  province. The head office covers the whole country and lists nothing. Each
  office's ``province_codes`` follow from what it covers;
- ``phone``: any Indonesian number, stored in E.164 (``+62271714050``).

Every row is checked before anything is written: the values, the hierarchy
(one head office; regional offices under it; branches under a regional
office), duplicate codes, and that no regency is covered by two branches (in
the file, or a branch of the portal the file does not list). If any row is
wrong nothing is saved and every error is reported (``OfficeImportInvalid``:
line, column and a sentence). Otherwise offices are created or updated by
code, each with an audit event naming the changed fields; a second import of
the same file changes nothing. Offices the file does not list are never
deleted; they are reported."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.phones import indonesian_phone

from .models import Office
from .regions import PROVINCE_CODE_RE, PROVINCES, clean_regency, regency_label

COLUMNS = ("code", "name", "kind", "parent_code", "regencies", "address", "phone")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,19}")
_AREA_CODE_RE = re.compile(r"\d{2}(?:\.\d{2})?")
_KINDS = {
    "head": Office.Kind.HEAD,
    "pusat": Office.Kind.HEAD,
    "kantor pusat": Office.Kind.HEAD,
    "regional": Office.Kind.REGIONAL,
    "wilayah": Office.Kind.REGIONAL,
    "kanwil": Office.Kind.REGIONAL,
    "kantor wilayah": Office.Kind.REGIONAL,
    "branch": Office.Kind.BRANCH,
    "cabang": Office.Kind.BRANCH,
    "kantor cabang": Office.Kind.BRANCH,
}
# The kind of office each kind must hang under.
_PARENT_KIND = {Office.Kind.REGIONAL: Office.Kind.HEAD, Office.Kind.BRANCH: Office.Kind.REGIONAL}
# Saved in this order, so a parent always exists before its children.
_SAVE_ORDER = (Office.Kind.HEAD, Office.Kind.REGIONAL, Office.Kind.BRANCH)
_FIELDS = ("name", "kind", "parent", "province_codes", "regencies", "address", "phone")


@dataclass(frozen=True)
class OfficeRow:
    """One record of the file as read: its first line (the header is line 1)
    and its cells by column name; ``width`` is how many cells it had."""

    line: int
    cells: dict[str, str]
    width: int


@dataclass(frozen=True)
class OfficeFile:
    rows: list[OfficeRow]
    header_width: int


@dataclass(frozen=True)
class RowError:
    line: int
    column: str  # "" when the whole row is wrong
    message: str

    def __str__(self) -> str:
        if not self.column:
            return _("Baris %(line)s: %(msg)s") % {"line": self.line, "msg": self.message}
        return _("Baris %(line)s, kolom %(col)s: %(msg)s") % {
            "line": self.line,
            "col": self.column,
            "msg": self.message,
        }


@dataclass
class OfficeImport:
    """What an import did, by office code."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Offices of the portal the file does not list: kept as they are.
    not_in_file: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return _("%(created)s kantor baru, %(updated)s diubah, %(unchanged)s tetap.") % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }


class OfficeImportInvalid(ApplicationError):
    """Some rows are wrong; nothing was saved. ``row_errors`` lists them all."""

    code = "invalid_rows"

    def __init__(self, row_errors: list[RowError], rows: int):
        bad = len({e.line for e in row_errors})
        super().__init__(
            _(
                "%(errors)s kesalahan pada %(bad)s dari %(total)s baris; tidak ada kantor yang disimpan. "
                "Perbaiki baris tersebut lalu impor ulang."
            )
            % {"errors": len(row_errors), "bad": bad, "total": rows},
            errors={"rows": [str(e) for e in row_errors]},
        )
        self.row_errors = row_errors


def _file_error(message: str, code: str = "invalid_csv") -> ApplicationError:
    return ApplicationError(message, code=code, errors={"csv_file": [message]})


# ---------------------------------------------------------------------------
# Reading the file


def _read_bytes(source: bytes | str | Path | IO[bytes]) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, (str, Path)):
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise _file_error(
                _("Berkas %(name)s tidak dapat dibuka: %(e)s") % {"name": source, "e": exc.strerror}, "file_missing"
            ) from exc
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _file_error(_("Berkas terlalu besar: maksimal 2 MB."), "file_too_large")
    return data


def offices_csv_read(source: bytes | str | Path | IO[bytes]) -> OfficeFile:
    """The records of an offices file (bytes, a path or an open binary file such
    as an upload). A file that cannot be read as a whole (not UTF-8 text,
    empty, missing columns, broken quoting, too big) raises ``ApplicationError``
    naming the line where it can; the rows themselves are checked by
    ``offices_import``."""
    data = _read_bytes(source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _file_error(
            _("Berkas bukan teks UTF-8 yang valid (baris %(line)s). Simpan ulang sebagai CSV UTF-8.") % {"line": line}
        ) from None
    if "\x00" in text:
        raise _file_error(_("Berkas ini bukan CSV (teks). Simpan daftar kantor sebagai CSV UTF-8 lalu impor ulang."))
    if not text.strip():
        raise _file_error(_("Berkas kosong: baris judul kolom tidak ada."), "file_empty")
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        while not any(h.strip() for h in header):
            header = next(reader)
    except (StopIteration, csv.Error):
        raise _file_error(_("Baris judul kolom tidak dapat dibaca.")) from None
    names = [h.strip().lower() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise _file_error(
            _("Kolom wajib tidak ada: %(missing)s. Baris judul harus: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ",".join(COLUMNS)},
            "missing_columns",
        )
    doubled = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if doubled:
        raise _file_error(_("Kolom ganda pada baris judul: %(cols)s.") % {"cols": ", ".join(doubled)})
    index = {c: names.index(c) for c in COLUMNS}
    rows: list[OfficeRow] = []
    last_line = reader.line_num
    while True:
        try:
            values = next(reader, None)
        except csv.Error as exc:
            raise _file_error(
                _("Berkas CSV rusak di baris %(line)s: %(e)s") % {"line": last_line + 1, "e": exc}
            ) from None
        if values is None:
            break
        line, last_line = last_line + 1, reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise _file_error(_("Terlalu banyak baris: maksimal %(n)s kantor per berkas.") % {"n": MAX_ROWS})
        cells = {c: values[i].strip() if i < len(values) else "" for c, i in index.items()}
        rows.append(OfficeRow(line=line, cells=cells, width=len(values)))
    if not rows:
        raise _file_error(_("Berkas tidak berisi kantor (hanya baris judul)."), "no_rows")
    return OfficeFile(rows=rows, header_width=len(header))


# ---------------------------------------------------------------------------
# Checking each row


@dataclass
class _Office:
    """A row as understood; ``None``/empty where a cell was wrong."""

    line: int
    code: str = ""
    name: str = ""
    kind: str | None = None
    parent_code: str = ""
    province_codes: list[str] = field(default_factory=list)
    regencies: list[str] = field(default_factory=list)
    address: str = ""
    phone: str = ""


def _area_tokens(cell: str) -> list[str]:
    """``33.72; 33.11 33.13; Kabupaten Sukoharjo`` → each code, each name."""
    tokens: list[str] = []
    for piece in re.split(r"[;,\n]", cell):
        words = piece.split()
        if not words:
            continue
        if all(_AREA_CODE_RE.fullmatch(w) for w in words):
            tokens.extend(words)
        else:
            tokens.append(" ".join(words))
    return tokens


class _Errors(list):
    """The errors found so far; ``add(line, column, message)``."""

    def add(self, line: int, column: str, message: str) -> None:
        self.append(RowError(line, column, message))


def _text(cells: dict, column: str, max_length: int, errors: _Errors, line: int, *, required: bool) -> str:
    value = cells[column]
    if required and not value:
        errors.add(line, column, _("wajib diisi"))
        return ""
    if len(value) > max_length:
        message = _("terlalu panjang (%(n)s karakter, maksimal %(max)s)") % {"n": len(value), "max": max_length}
        errors.add(line, column, message)
        return ""
    return value


def _check_coverage(office: _Office, cell: str, errors: _Errors) -> None:
    """``province_codes`` and ``regencies`` of ``office`` from its ``regencies`` cell."""
    line = office.line
    tokens = _area_tokens(cell)
    if office.kind == Office.Kind.HEAD:
        if tokens:
            errors.add(line, "regencies", _("kantor pusat mencakup seluruh Indonesia: kosongkan kolom regencies"))
        return
    provinces: list[str] = []
    regencies: list[str] = []
    complete = True
    for token in tokens:
        if PROVINCE_CODE_RE.fullmatch(token):
            if office.kind == Office.Kind.BRANCH:
                message = _(
                    "%(v)s adalah kode provinsi; kantor cabang mencakup kabupaten/kota: tulis kodenya (mis. 33.72)"
                ) % {"v": token}
                errors.add(line, "regencies", message)
                complete = False
            elif token not in PROVINCES:
                errors.add(line, "regencies", _("kode provinsi %(v)s tidak dikenal") % {"v": token})
                complete = False
            elif token not in provinces:
                provinces.append(token)
            continue
        try:
            regency = clean_regency(token)
        except ValueError as exc:
            errors.add(line, "regencies", str(exc))
            complete = False
            continue
        if regency not in regencies:
            regencies.append(regency)
        if regency[:2] not in provinces:
            provinces.append(regency[:2])
    office.province_codes, office.regencies = provinces, regencies
    if complete and office.kind == Office.Kind.BRANCH and not regencies:
        errors.add(line, "regencies", _("kantor cabang harus mencakup sedikitnya satu kabupaten/kota"))
    if complete and office.kind == Office.Kind.REGIONAL and not provinces:
        message = _("kantor wilayah harus mencakup sedikitnya satu provinsi (mis. 33) atau kabupaten/kota")
        errors.add(line, "regencies", message)


def _check_row(row: OfficeRow, header_width: int, errors: _Errors) -> _Office:
    """The row's values, each checked on its own; what is wrong goes to ``errors``."""
    line, cells = row.line, row.cells
    office = _Office(line=line)
    if row.width != header_width:
        errors.add(line, "", _("jumlah kolom %(n)s, seharusnya %(m)s") % {"n": row.width, "m": header_width})
        return office
    code = _text(cells, "code", 20, errors, line, required=True)
    if code and not _CODE_RE.fullmatch(code):
        message = _("kode %(v)s hanya boleh berisi huruf, angka, titik, garis bawah dan tanda hubung") % {"v": code}
        errors.add(line, "code", message)
        code = ""
    office.code = code
    office.name = _text(cells, "name", 200, errors, line, required=True)
    kind = _KINDS.get(" ".join(cells["kind"].lower().split()))
    if kind is None:
        message = _("jenis kantor %(v)s tidak dikenal (pilihan: head, regional, branch)") % {
            "v": cells["kind"][:40] or "-"
        }
        errors.add(line, "kind", message)
    else:
        office.kind = kind.value
    office.parent_code = _text(cells, "parent_code", 20, errors, line, required=False)
    _check_coverage(office, cells["regencies"], errors)
    office.address = _text(cells, "address", 300, errors, line, required=False)
    try:
        office.phone = indonesian_phone(cells["phone"])
    except ValidationError as exc:
        errors.add(line, "phone", f"{cells['phone'][:30]}: {exc.messages[0]}")
    return office


# ---------------------------------------------------------------------------
# Checking the rows together


def _kind_label(kind: str) -> str:
    return str(Office.Kind(kind).label).lower()


def _unique_codes(offices: list[_Office], existing: dict[str, Office], errors: _Errors) -> dict[str, _Office]:
    """The rows by code; a code given twice (or differing from one of the
    portal's only by case) is an error."""
    in_file: dict[str, _Office] = {}
    existing_folded = {code.casefold(): code for code in existing}
    seen: dict[str, _Office] = {}
    for office in offices:
        if not office.code:
            continue
        folded = office.code.casefold()
        if folded in seen:
            message = _("kode %(code)s sudah dipakai di baris %(line)s") % {
                "code": office.code,
                "line": seen[folded].line,
            }
            errors.add(office.line, "code", message)
            continue
        seen[folded] = office
        other = existing_folded.get(folded)
        if other is not None and other != office.code:
            message = _(
                "kode %(code)s hanya berbeda huruf besar/kecil dengan kantor %(other)s di portal: tulis %(other)s"
            ) % {"code": office.code, "other": other}
            errors.add(office.line, "code", message)
            continue
        in_file[office.code] = office
    return in_file


def _check_file(offices: list[_Office], existing: dict[str, Office], errors: _Errors) -> None:
    in_file = _unique_codes(offices, existing, errors)
    code_of = {o.pk: code for code, o in existing.items()}
    # The kind of every office once the file is applied (None: the row's kind is wrong).
    kinds: dict[str, str | None] = {code: o.kind for code, o in existing.items()}
    kinds.update({code: o.kind for code, o in in_file.items()})

    def where(code: str) -> str:
        if code in in_file:
            return _("%(code)s (baris %(line)s)") % {"code": code, "line": in_file[code].line}
        return _("%(code)s (sudah ada di portal)") % {"code": code}

    # The hierarchy: each office under the kind of office its kind requires.
    for office in in_file.values():
        parent, line = office.parent_code, office.line
        if office.kind is None:
            continue
        if office.kind == Office.Kind.HEAD:
            if parent:
                errors.add(
                    line, "parent_code", _("kantor pusat tidak berinduk ke kantor lain: kosongkan kolom parent_code")
                )
            continue
        wanted = _PARENT_KIND[office.kind]
        if not parent:
            if office.kind == Office.Kind.REGIONAL:
                message = _("kantor wilayah harus berinduk ke kantor pusat: isi parent_code dengan kode kantor pusat")
            else:
                message = _(
                    "kantor cabang harus berinduk ke kantor wilayah: isi parent_code dengan kode kantor wilayahnya"
                )
            errors.add(line, "parent_code", message)
        elif parent == office.code:
            errors.add(line, "parent_code", _("kantor tidak dapat berinduk ke dirinya sendiri"))
        elif parent not in kinds:
            message = _("kantor induk %(p)s tidak dikenal: tidak ada di berkas maupun di portal") % {"p": parent}
            errors.add(line, "parent_code", message)
        elif kinds[parent] is not None and kinds[parent] != wanted:
            message = _("kantor induk %(kind)s harus %(wanted)s; %(p)s adalah %(actual)s") % {
                "kind": _kind_label(office.kind),
                "wanted": _kind_label(wanted),
                "p": where(parent),
                "actual": _kind_label(kinds[parent]),
            }
            errors.add(line, "parent_code", message)

    # Offices the file does not list keep their parent: its new kind must still fit them.
    children: dict[str, list[str]] = {}
    for code, o in existing.items():
        parent = code_of.get(o.parent_id)
        if code in in_file or parent not in in_file or o.kind not in _PARENT_KIND:
            continue
        if in_file[parent].kind not in (None, _PARENT_KIND[o.kind]):
            children.setdefault(parent, []).append(code)
    for parent, codes in children.items():
        message = _(
            "jenis tidak dapat diubah menjadi %(kind)s: kantor %(codes)s (tidak ada di berkas) berinduk ke kantor ini"
        ) % {"kind": _kind_label(in_file[parent].kind), "codes": ", ".join(sorted(codes))}
        errors.add(in_file[parent].line, "kind", message)

    # One head office.
    heads = [code for code, kind in kinds.items() if kind == Office.Kind.HEAD]
    for code in heads if len(heads) > 1 else ():
        if code in in_file:
            others = ", ".join(where(other) for other in heads if other != code)
            message = _("hanya boleh ada satu kantor pusat; kantor pusat lain: %(others)s") % {"others": others}
            errors.add(in_file[code].line, "kind", message)

    # No regency covered by two branches.
    owner: dict[str, str] = {}
    for code, o in existing.items():
        if code not in in_file and o.kind == Office.Kind.BRANCH:
            for regency in o.regencies:
                owner.setdefault(regency, code)
    for office in in_file.values():
        if office.kind != Office.Kind.BRANCH:
            continue
        for regency in office.regencies:
            first = owner.setdefault(regency, office.code)
            if first == office.code:
                continue
            if first in in_file:
                message = _("%(r)s sudah dicakup kantor cabang %(other)s") % {
                    "r": regency_label(regency),
                    "other": where(first),
                }
            else:
                message = _(
                    "%(r)s sudah dicakup kantor cabang %(other)s yang tidak ada di berkas: "
                    "sertakan kantor itu dengan cakupan barunya"
                ) % {"r": regency_label(regency), "other": first}
            errors.add(office.line, "regencies", message)


# ---------------------------------------------------------------------------
# Saving


def _shown(name: str, value, code_of: dict[int, str]):
    """A field's value as the audit trail keeps it (the parent by its code)."""
    if name == "parent":
        return code_of.get(value.pk) if value is not None else None
    return list(value) if isinstance(value, list) else value


def _stored(office: Office, name: str, code_of: dict[int, str]):
    if name == "parent":
        return code_of.get(office.parent_id)
    return _shown(name, getattr(office, name), code_of)


@transaction.atomic
def offices_import(
    *,
    office_file: OfficeFile,
    actor,
    source_name: str = "",
    progress: Callable[[int], None] | None = None,
) -> OfficeImport:
    """Check every row of ``office_file`` (from ``offices_csv_read``), then create or
    update the offices by code. Raises ``OfficeImportInvalid`` with every error
    (nothing saved) when any row is wrong. ``progress(n)`` is told of each row
    done."""
    existing = {o.code: o for o in Office.objects.select_for_update().order_by("code")}
    rows = office_file.rows
    errors = _Errors()
    offices = [_check_row(row, office_file.header_width, errors) for row in rows]
    _check_file(offices, existing, errors)
    if errors:
        if progress:
            progress(len(rows))
        errors.sort(key=lambda e: (e.line, COLUMNS.index(e.column) if e.column in COLUMNS else -1))
        raise OfficeImportInvalid(errors, rows=len(rows))

    result = OfficeImport()
    code_of = {o.pk: code for code, o in existing.items()}
    reason = _("impor kantor dari %(name)s") % {"name": source_name} if source_name else _("impor kantor")
    for office in sorted(offices, key=lambda o: _SAVE_ORDER.index(o.kind)):
        values = {
            "name": office.name,
            "kind": office.kind,
            "parent": existing[office.parent_code] if office.parent_code else None,
            "province_codes": office.province_codes,
            "regencies": office.regencies,
            "address": office.address,
            "phone": office.phone,
        }
        current = existing.get(office.code)
        if current is None:
            current = Office.objects.create(code=office.code, **values)
            existing[office.code] = current
            code_of[current.pk] = office.code
            audit_record(
                actor=actor,
                obj=current,
                action="office_created",
                to_state=office.kind,
                reason=reason,
                data={"fields": {"code": office.code, **{n: _shown(n, v, code_of) for n, v in values.items()}}},
            )
            result.created.append(office.code)
        else:
            changes = {}
            for name in _FIELDS:
                old = _stored(current, name, code_of)
                new = _shown(name, values[name], code_of)
                if old != new:
                    changes[name] = [old, new]
            if not changes:
                result.unchanged.append(office.code)
            else:
                before_kind = current.kind
                for name in changes:
                    setattr(current, name, values[name])
                current.save(update_fields=list(changes))
                audit_record(
                    actor=actor,
                    obj=current,
                    action="office_updated",
                    from_state=before_kind,
                    to_state=current.kind,
                    reason=reason,
                    data={"changes": changes},
                )
                result.updated.append(office.code)
        if progress:
            progress(1)
    listed = {office.code for office in offices}
    result.not_in_file = sorted(code for code in existing if code not in listed)
    return result


def offices_import_file(
    *, source: bytes | str | Path | IO[bytes], actor, source_name: str = "", progress=None
) -> OfficeImport:
    """``offices_csv_read`` then ``offices_import``: one call for a whole file."""
    if not source_name and isinstance(source, (str, Path)):
        source_name = Path(source).name
    return offices_import(office_file=offices_csv_read(source), actor=actor, source_name=source_name, progress=progress)
