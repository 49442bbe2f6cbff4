"""The one registry of the Indonesian banks a JKP benefit can be paid into.

Every bank the claim wizard offers is here with its short code and its BIC
(SWIFT): the wizard and the claim API list ``wizard_label`` (the value a claim
stores in ``bank_name``), the payouts store ``code`` on the benefit and group
batches by it, and the pain.001 bank file names the creditor's bank by ``bic``.
A bank whose BIC is not confirmed keeps an empty ``bic``: the bank file then
names it by its full name, still under its own code. Any bank outside the
registry (chosen as "Bank lain" on the account-change form) gets ``LAINNYA``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Bank:
    code: str
    bic: str
    name: str
    wizard_label: str
    aliases: tuple[str, ...]


BANKS: tuple[Bank, ...] = (
    Bank("BRI", "BRINIDJA", "Bank Rakyat Indonesia (BRI)", "BRI", ("bri", "bank bri", "bank rakyat indonesia")),
    Bank("BNI", "BNINIDJA", "Bank Negara Indonesia (BNI)", "BNI", ("bni", "bank bni", "bank negara indonesia")),
    Bank("MANDIRI", "BMRIIDJA", "Bank Mandiri", "Mandiri", ("mandiri", "bank mandiri")),
    Bank("BTN", "BTANIDJA", "Bank Tabungan Negara (BTN)", "BTN", ("btn", "bank btn", "bank tabungan negara")),
    Bank("BSI", "BSMDIDJA", "Bank Syariah Indonesia (BSI)", "BSI", ("bsi", "bank bsi", "bank syariah indonesia")),
    Bank("BCA", "CENAIDJA", "Bank Central Asia (BCA)", "BCA", ("bca", "bank bca", "bank central asia")),
    Bank("CIMB", "BNIAIDJA", "CIMB Niaga", "CIMB Niaga", ("cimb", "cimb niaga", "bank cimb niaga")),
    Bank("DANAMON", "BDINIDJA", "Bank Danamon", "Danamon", ("danamon", "bank danamon")),
    Bank("PERMATA", "BBBAIDJA", "Bank Permata", "Permata", ("permata", "bank permata")),
    Bank("OCBC", "NISPIDJA", "Bank OCBC NISP", "OCBC", ("ocbc", "ocbc nisp", "bank ocbc", "bank ocbc nisp")),
    Bank(
        "MAYBANK",
        "IBBKIDJA",
        "Maybank Indonesia",
        "Maybank Indonesia",
        ("maybank", "maybank indonesia", "bank maybank indonesia"),
    ),
    Bank("PANIN", "PINBIDJA", "Panin Bank", "Panin", ("panin", "bank panin", "panin bank")),
    Bank(
        "JATENG",
        "PDJGIDJ1",
        "Bank Jateng (BPD Jawa Tengah)",
        "BPD Jateng",
        ("bpd jateng", "bank jateng", "bpd jawa tengah", "bank jawa tengah"),
    ),
    Bank(
        "JATIM",
        "PDJTIDJ1",
        "Bank Jatim (BPD Jawa Timur)",
        "BPD Jatim",
        ("bpd jatim", "bank jatim", "bpd jawa timur", "bank jawa timur"),
    ),
    Bank("DIY", "", "Bank BPD DIY", "BPD DIY", ("bpd diy", "bank bpd diy", "bpd yogyakarta")),
    Bank("DKI", "BDKIIDJA", "Bank DKI", "Bank DKI", ("dki", "bank dki")),
    Bank("BJB", "PDJBIDJA", "Bank BJB", "Bank BJB", ("bjb", "bank bjb", "bank jabar", "bank jabar banten")),
    Bank("BANTEN", "", "Bank Banten", "Bank Banten", ("bank banten", "bpd banten")),
    Bank("KALBAR", "PDKBIDJ1", "Bank Kalbar", "Bank Kalbar", ("kalbar", "bank kalbar", "bank kalimantan barat")),
    Bank("KALSEL", "", "Bank Kalsel", "Bank Kalsel", ("kalsel", "bank kalsel", "bank kalimantan selatan")),
    Bank(
        "KALTIMTARA",
        "PDKTIDJ1",
        "Bankaltimtara",
        "Bankaltimtara",
        ("bankaltimtara", "kaltimtara", "bank kaltimtara", "bank kaltim"),
    ),
    Bank("KALTENG", "", "Bank Kalteng", "Bank Kalteng", ("kalteng", "bank kalteng", "bank kalimantan tengah")),
    Bank("SUMUT", "", "Bank Sumut", "Bank Sumut", ("sumut", "bank sumut", "bank sumatera utara")),
    Bank("NAGARI", "", "Bank Nagari", "Bank Nagari", ("nagari", "bank nagari", "bank sumatera barat")),
    Bank("SULSELBAR", "", "Bank Sulselbar", "Bank Sulselbar", ("sulselbar", "bank sulselbar")),
    Bank("PAPUA", "", "Bank Papua", "Bank Papua", ("bank papua", "bpd papua")),
)
OTHER_CODE = "LAINNYA"
_BY_CODE = {bank.code: bank for bank in BANKS}
_BY_LABEL = {bank.wizard_label: bank for bank in BANKS}
_NOISE = re.compile(r"\b(pt|tbk|persero)\b|[^a-z0-9 ]")

# What the wizard offers and a claim stores in ``bank_name`` (unchanged values).
WIZARD_BANK_LABELS: tuple[str, ...] = tuple(bank.wizard_label for bank in BANKS)


def _normalise(name: str) -> str:
    return " ".join(_NOISE.sub(" ", name.casefold()).split())


def bank_for(name_or_code: str) -> Bank | None:
    """The registry bank for a code, a wizard label or a name such as
    "PT Bank Rakyat Indonesia (Persero) Tbk"; None for any other bank."""
    if name_or_code in _BY_CODE:
        return _BY_CODE[name_or_code]
    if name_or_code in _BY_LABEL:
        return _BY_LABEL[name_or_code]
    text = _normalise(name_or_code or "")
    if not text:
        return None
    for bank in BANKS:
        if (
            text == bank.code.casefold()
            or text in bank.aliases
            or text == _normalise(bank.name)
            or text == _normalise(bank.wizard_label)
        ):
            return bank
    for bank in BANKS:
        # "bank rakyat indonesia bri unit solo" still is BRI
        if any(re.search(rf"\b{re.escape(alias)}\b", text) for alias in bank.aliases if len(alias) > 3):
            return bank
    return None


def bank_choices() -> list[tuple[str, str]]:
    """(code, full name) of every registry bank, for the account-change form."""
    return [(bank.code, bank.name) for bank in BANKS]


def wizard_bank_choices() -> list[tuple[str, str]]:
    """(stored value, label) of every registry bank, for the claim wizard."""
    return [(bank.wizard_label, bank.wizard_label) for bank in BANKS]


# --- the account number -----------------------------------------------------------------

ACCOUNT_NUMBER_MESSAGE = _("Nomor rekening hanya boleh berisi angka 0–9, 6 sampai 20 digit.")
_ACCOUNT_SEPARATORS = re.compile(r"[\s.\-]")
_ACCOUNT_RE = re.compile(r"[0-9]{6,20}")


def clean_account_number(raw) -> str:
    """The account number as the bank wants it: spaces, dots and dashes dropped,
    full-width digits read as digits. Raises ValueError unless it is then 6 to
    20 ASCII digits (other scripts' digits are refused: no bank takes them).
    An empty input gives ""; whether it is required is the caller's business."""
    text = unicodedata.normalize("NFKC", str(raw or ""))
    number = _ACCOUNT_SEPARATORS.sub("", text)
    if number and not _ACCOUNT_RE.fullmatch(number):
        raise ValueError(str(ACCOUNT_NUMBER_MESSAGE))
    return number
