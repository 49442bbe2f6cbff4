"""Indonesian provinces and regencies/cities by their Kemendagri codes.

The reference data lives in the tables ``Province`` and ``Regency``, loaded
from the idn-area-data package's CSV files (``data/regions/``, see
``load_regions``). Everything that stores an area keeps the code: a province
as ``33``, a regency or city as ``33.72``. This module answers names, choices
and checks from one in-process copy of the tables (a few hundred rows),
refreshed by ``load_regions`` and at the next process start.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

DATA_DIR = Path(__file__).resolve().parent / "data" / "regions"
PROVINCE_CODE_RE = re.compile(r"\d{2}")
REGENCY_CODE_RE = re.compile(r"\d{2}\.\d{2}")

__all__ = [
    "PROVINCES",
    "area_name",
    "RegencyResolver",
    "RegionFile",
    "clean_regency",
    "clean_regency_field",
    "clean_regency_list",
    "clear_cache",
    "is_regency",
    "province_choices",
    "province_name",
    "read_region_files",
    "regencies_of",
    "regency_choices",
    "regency_for_nik",
    "regency_label",
    "regency_name",
    "resolve_regency",
]


@dataclass(frozen=True)
class _Tables:
    provinces: dict[str, str]
    regencies: dict[str, str]


_cached: _Tables | None = None


def _tables() -> _Tables:
    global _cached
    if _cached is None:
        from .models import Province, Regency

        tables = _Tables(
            provinces=dict(Province.objects.order_by("code").values_list("code", "name")),
            regencies=dict(Regency.objects.order_by("code").values_list("code", "name")),
        )
        if not tables.regencies:
            return tables  # not loaded yet (``load_regions``): ask again next time
        _cached = tables
    return _cached


def clear_cache() -> None:
    global _cached
    global _default_resolver
    _cached = None
    _default_resolver = None


class _Provinces(Mapping):
    """``PROVINCES[code] -> name``, read from the database on first use."""

    def __getitem__(self, code: str) -> str:
        return _tables().provinces[code]

    def __iter__(self) -> Iterator[str]:
        return iter(_tables().provinces)

    def __len__(self) -> int:
        return len(_tables().provinces)


PROVINCES: Mapping[str, str] = _Provinces()


def province_name(code: str) -> str:
    return _tables().provinces.get(code, code)


def province_choices() -> list[tuple[str, str]]:
    """Provinces sorted by name, for a select; a callable so forms read it late."""
    return sorted(_tables().provinces.items(), key=lambda item: item[1])


def is_regency(code: str) -> bool:
    return isinstance(code, str) and code in _tables().regencies


def regency_name(code: str) -> str:
    """The name of a regency code (``33.72`` → ``Kota Surakarta``); an unknown
    value is returned as it is."""
    if not code:
        return ""
    return _tables().regencies.get(code, code)


def area_name(code: str) -> str:
    """A province code (``33``) or a regency code (``33.72``) as its name."""
    if not code:
        return ""
    return regency_name(code) if "." in code else province_name(code)


def regency_label(code: str) -> str:
    """``Kota Surakarta (33.72)``: the name with its code, for staff pages."""
    if not code:
        return ""
    name = _tables().regencies.get(code)
    return f"{name} ({code})" if name else code


def regencies_of(province_code: str) -> list[tuple[str, str]]:
    return [(code, name) for code, name in _tables().regencies.items() if code[:2] == province_code]


def regency_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Regencies grouped by province (``<optgroup>``), provinces by name."""
    return [(name, regencies_of(code)) for code, name in province_choices()]


def regency_for_nik(nik: str) -> str:
    """The regency that issued a NIK (its first four digits), or ``""`` when
    those digits name no regency we know."""
    if not isinstance(nik, str) or len(nik) < 4 or not nik[:4].isdigit():
        return ""
    code = f"{nik[:2]}.{nik[2:4]}"
    return code if code in _tables().regencies else ""


def _normalise(name: str) -> str:
    text = " ".join(name.replace(".", ". ").split()).lower()
    text = re.sub(r"^kab\. ", "kabupaten ", text)
    text = text.replace(" administrasi ", " ").replace("kabupaten administrasi ", "kabupaten ")
    return " ".join(text.replace(".", "").split())


def _bare(normalised: str) -> str:
    return re.sub(r"^(kabupaten|kota) ", "", normalised)


def _name_index(table: Mapping[str, str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    exact: dict[str, list[str]] = {}
    bare: dict[str, list[str]] = {}
    for code, name in table.items():
        normalised = _normalise(name)
        exact.setdefault(normalised, []).append(code)
        bare.setdefault(_bare(normalised), []).append(code)
    return exact, bare


class RegencyResolver:
    """Codes for what people and files give, from one copy of the tables taken
    when it is made. An import makes one before it streams rows into ``COPY``,
    because no query may run on that connection while the copy is open."""

    def __init__(self, regencies: Mapping[str, str] | None = None, provinces: Mapping[str, str] | None = None):
        tables = _tables() if regencies is None or provinces is None else None
        self.regencies = dict(regencies if regencies is not None else tables.regencies)
        self.provinces = dict(provinces if provinces is not None else tables.provinces)
        self.exact, self.bare = _name_index(self.regencies)

    def resolve(self, value: str) -> str | None:
        value = (value or "").strip()
        if value in self.regencies:
            return value
        wanted = _normalise(value)
        codes = self.exact[wanted] if wanted in self.exact else self.bare.get(wanted, [])
        return codes[0] if len(codes) == 1 else None

    def clean(self, value: str, *, province_code: str = "", required: bool = False) -> str:
        value = (value or "").strip()
        if not value:
            if required:
                raise ValueError(_("Kabupaten/kota wajib diisi."))
            return ""
        code = self.resolve(value)
        if code is None:
            raise ValueError(
                _(
                    "Kabupaten/kota %(v)s tidak dikenal: tulis kode Kemendagri (mis. 33.72) "
                    "atau nama resminya (mis. Kota Surakarta)."
                )
                % {"v": value[:60]}
            )
        if province_code and code[:2] != province_code:
            raise ValueError(
                _("%(r)s tidak berada di provinsi %(p)s.")
                % {
                    "r": f"{self.regencies[code]} ({code})",
                    "p": self.provinces.get(province_code, province_code),
                }
            )
        return code


_default_resolver: RegencyResolver | None = None


def _resolver() -> RegencyResolver:
    global _default_resolver
    tables = _tables()
    if _default_resolver is None or _default_resolver.regencies is not tables.regencies:
        _default_resolver = RegencyResolver(tables.regencies, tables.provinces)
        _default_resolver.regencies = tables.regencies  # identity marks the copy it was built from
    return _default_resolver


def resolve_regency(value: str, regencies: Mapping[str, str] | None = None) -> str | None:
    """The code for ``value``: a code itself, or a name that names exactly one
    regency ("Kota Jakarta Pusat" for "Kota Administrasi Jakarta Pusat",
    "Sukoharjo" for "Kabupaten Sukoharjo"). ``None`` when it names none or
    more than one ("Bandung": the city or the regency?). Never a guess."""
    if regencies is not None:
        return RegencyResolver(regencies, {}).resolve(value)
    return _resolver().resolve(value)


def clean_regency(value: str, *, province_code: str = "", required: bool = False) -> str:
    """The regency code for what a person or a file gave (a code or an
    unambiguous name); ``""`` for blank when not required. Raises
    ``ValueError`` with a sentence for the user."""
    return _resolver().clean(value, province_code=province_code, required=required)


@dataclass(frozen=True)
class RegionFile:
    provinces: list[tuple[str, str]]
    regencies: list[tuple[str, str, str]]


def read_region_files(directory: Path = DATA_DIR) -> RegionFile:
    """Read ``provinces.csv`` (code,name) and ``regencies.csv``
    (code,province_code,name) as the idn-area-data package ships them.
    Raises ``ValueError`` naming the file and line of the first bad row."""
    provinces: list[tuple[str, str]] = []
    regencies: list[tuple[str, str, str]] = []
    with open(directory / "provinces.csv", encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
            if not PROVINCE_CODE_RE.fullmatch(code) or not name:
                raise ValueError(f"provinces.csv baris {line}: kode provinsi dua digit dan nama wajib ({code!r}).")
            provinces.append((code, name))
    known = {code for code, _ in provinces}
    with open(directory / "regencies.csv", encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code = (row.get("code") or "").strip()
            province = (row.get("province_code") or "").strip()
            name = (row.get("name") or "").strip()
            if not REGENCY_CODE_RE.fullmatch(code) or not name:
                raise ValueError(f"regencies.csv baris {line}: kode kabupaten/kota (NN.NN) dan nama wajib ({code!r}).")
            if province not in known or code[:2] != province:
                raise ValueError(f"regencies.csv baris {line}: provinsi {province!r} tidak cocok dengan kode {code}.")
            regencies.append((code, province, name))
    return RegionFile(provinces=provinces, regencies=regencies)


def clean_regency_field(fields: dict, *, province_code: str = "", name: str = "regency") -> None:
    """Services' form of ``clean_regency``: ``fields[name]`` (when present)
    becomes its code, or an ``ApplicationError`` names the field."""
    if name not in fields:
        return
    from jkp_portal.common.exceptions import ApplicationError

    try:
        fields[name] = clean_regency(fields[name] or "", province_code=province_code)
    except ValueError as exc:
        raise ApplicationError(str(exc), errors={name: [str(exc)]}) from None


def clean_regency_list(values: list[str], *, name: str = "regencies") -> list[str]:
    """A list of regencies (codes or names) as their codes, without repeats."""
    from jkp_portal.common.exceptions import ApplicationError

    codes: list[str] = []
    for value in values or []:
        if not (value or "").strip():
            continue
        try:
            code = clean_regency(value)
        except ValueError as exc:
            raise ApplicationError(str(exc), errors={name: [str(exc)]}) from None
        if code not in codes:
            codes.append(code)
    return codes
