"""KBLI 2020 (Klasifikasi Baku Lapangan Usaha Indonesia, Peraturan BPS No. 2 Tahun 2020):
the one place the portal knows it.

An employer's sector is its KBLI section (*kategori*, a letter A–U), stored as
the letter; the registry may also give its 5-digit KBLI code (*kelompok*), whose
first two digits are the division (*golongan pokok*) and so name the section.
Only the divisions are checked: the 1,790 five-digit codes are not listed here,
so a code is accepted when its division exists.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The sections with their official titles (the KBLI 2020 table of sections).
TITLES = {
    "A": _("Pertanian, Kehutanan dan Perikanan"),
    "B": _("Pertambangan dan Penggalian"),
    "C": _("Industri Pengolahan"),
    "D": _("Pengadaan Listrik, Gas, Uap/Air Panas dan Udara Dingin"),
    "E": _("Treatment Air, Treatment Air Limbah, Treatment dan Pemulihan Material Sampah, dan Aktivitas Remediasi"),
    "F": _("Konstruksi"),
    "G": _("Perdagangan Besar dan Eceran; Reparasi dan Perawatan Mobil dan Sepeda Motor"),
    "H": _("Pengangkutan dan Pergudangan"),
    "I": _("Penyediaan Akomodasi dan Penyediaan Makan Minum"),
    "J": _("Informasi dan Komunikasi"),
    "K": _("Aktivitas Keuangan dan Asuransi"),
    "L": _("Real Estat"),
    "M": _("Aktivitas Profesional, Ilmiah dan Teknis"),
    "N": _(
        "Aktivitas Penyewaan dan Sewa Guna Usaha Tanpa Hak Opsi, Ketenagakerjaan, Agen Perjalanan "
        "dan Penunjang Usaha Lainnya"
    ),
    "O": _("Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib"),
    "P": _("Pendidikan"),
    "Q": _("Aktivitas Kesehatan Manusia dan Aktivitas Sosial"),
    "R": _("Kesenian, Hiburan dan Rekreasi"),
    "S": _("Aktivitas Jasa Lainnya"),
    "T": _(
        "Aktivitas Rumah Tangga sebagai Pemberi Kerja; Aktivitas yang Menghasilkan Barang dan Jasa oleh "
        "Rumah Tangga yang Digunakan untuk Memenuhi Kebutuhan Sendiri"
    ),
    "U": _("Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya"),
}

# Shorter titles for chart axes and the dashboard filter, where the official one
# is too long (the official title stays in tables, tooltips and pages).
SHORT_TITLES = {
    "D": _("Listrik, Gas dan Uap"),
    "E": _("Air, Limbah dan Daur Ulang"),
    "G": _("Perdagangan; Reparasi Kendaraan"),
    "I": _("Akomodasi dan Makan Minum"),
    "K": _("Keuangan dan Asuransi"),
    "M": _("Jasa Profesional dan Teknis"),
    "N": _("Penyewaan dan Penunjang Usaha"),
    "O": _("Pemerintahan dan Jaminan Sosial Wajib"),
    "Q": _("Kesehatan dan Aktivitas Sosial"),
    "T": _("Rumah Tangga sebagai Pemberi Kerja"),
    "U": _("Badan Internasional"),
}

# The divisions (golongan pokok) of each section, as inclusive ranges; the
# numbers between them (04, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89) are not divisions.
_DIVISION_RANGES = {
    "A": ((1, 3),),
    "B": ((5, 9),),
    "C": ((10, 33),),
    "D": ((35, 35),),
    "E": ((36, 39),),
    "F": ((41, 43),),
    "G": ((45, 47),),
    "H": ((49, 53),),
    "I": ((55, 56),),
    "J": ((58, 63),),
    "K": ((64, 66),),
    "L": ((68, 68),),
    "M": ((69, 75),),
    "N": ((77, 82),),
    "O": ((84, 84),),
    "P": ((85, 85),),
    "Q": ((86, 88),),
    "R": ((90, 93),),
    "S": ((94, 96),),
    "T": ((97, 98),),
    "U": ((99, 99),),
}
# "14" -> "C": the section of each of the 88 divisions.
DIVISIONS: dict[str, str] = {
    f"{number:02d}": section
    for section, ranges in _DIVISION_RANGES.items()
    for low, high in ranges
    for number in range(low, high + 1)
}

# The sector values used before KBLI (English slugs); the import names them as such when refused.
FORMER_SECTORS = frozenset(
    {
        "consumer_goods",
        "chemicals",
        "trade_services",
        "manufacturing",
        "mining",
        "plantation",
        "construction",
        "transport",
        "hospitality",
        "finance",
        "ict",
        "other",
    }
)

CODE_RE = re.compile(r"^[0-9]{5}\Z")  # ASCII digits only; anchored for RegexValidator's search


def _label(code: str, title) -> str:
    return format_lazy("{} — {}", code, title)


# The employer's sector: the section letter, labelled "C — Industri Pengolahan".
Sector = models.TextChoices(
    "Sector", [(code, (code, _label(code, title))) for code, title in TITLES.items()], module=__name__
)


def section_label(code: str) -> str:
    """'C — Industri Pengolahan' (lazy); '' for an unknown section."""
    return _label(code, TITLES[code]) if code in TITLES else ""


def short_label(code: str) -> str:
    """For a chart axis or a drop-down: 'G — Perdagangan; Reparasi Kendaraan' (lazy;
    the official title where it is short enough); '' for an unknown section."""
    return _label(code, SHORT_TITLES.get(code, TITLES[code])) if code in TITLES else ""


def section_of_code(code: str) -> str | None:
    """The section of a 5-digit KBLI 2020 code ('14111' -> 'C'), None when it is not one."""
    if not CODE_RE.fullmatch(code or ""):
        return None
    return DIVISIONS.get(code[:2])


class KbliError(ValueError):
    """A sector value that is neither a KBLI 2020 section nor a 5-digit KBLI 2020 code (message in Indonesian)."""


def _expected() -> str:
    return str(_("isi huruf kategori KBLI 2020 (A–U) atau kode KBLI 2020 5 digit, mis. C atau 14111"))


def parse_sector(value: str) -> tuple[str, str]:
    """(section, 5-digit code) from what the registry gives for an employer's
    sector: a section letter in either case ('c' -> ('C', '')), a 5-digit code
    ('14111' -> ('C', '14111')) or nothing (('', ''): not known). Anything else
    raises ``KbliError``; nothing is guessed."""
    value = (value or "").strip()
    if not value:
        return "", ""
    if len(value) == 1 and value.upper() in TITLES:
        return value.upper(), ""
    if CODE_RE.fullmatch(value):
        section = DIVISIONS.get(value[:2])
        if section is None:
            raise KbliError(
                _("golongan pokok %(division)s tidak ada di KBLI 2020; %(expected)s")
                % {"division": value[:2], "expected": _expected()}
            )
        return section, value
    if value.lower() in FORMER_SECTORS:
        raise KbliError(_("kode sektor lama tidak dipakai lagi; %(expected)s") % {"expected": _expected()})
    raise KbliError(_expected())
