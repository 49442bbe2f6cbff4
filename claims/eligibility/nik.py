"""NIK (Nomor Induk Kependudukan) validation.

Layout: ``PP KK CC DDMMYY SSSS`` – province, regency, district, birth date
(women: day + 40), serial. The embedded date is deliberately *not* compared
with the recorded birth date: NIKs whose date differs exist and are never
reissued.
"""

from __future__ import annotations

__all__ = ["NikError", "validate_nik", "nik_sex"]


class NikError(ValueError):
    """The string is not a valid NIK; the message is shown to the user."""


def validate_nik(nik: str) -> None:
    if not isinstance(nik, str):
        raise NikError("NIK harus berupa teks 16 digit.")
    # isascii() keeps out non-ASCII digits that str.isdigit() would accept.
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        raise NikError("NIK harus terdiri dari tepat 16 digit angka.")
    day = int(nik[6:8])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        raise NikError("Tanggal lahir pada NIK (digit 7–8) harus 01–31 atau 41–71 untuk perempuan.")
    month = int(nik[8:10])
    if not 1 <= month <= 12:
        raise NikError("Bulan lahir pada NIK (digit 9–10) harus 01–12.")
    if nik[12:16] == "0000":
        raise NikError("Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000.")


def nik_sex(nik: str) -> str:
    """``"M"`` or ``"F"`` from the day field (women have day + 40)."""
    validate_nik(nik)
    return "F" if int(nik[6:8]) > 40 else "M"
