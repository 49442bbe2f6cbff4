"""Indonesian banks the portal pays into, and the BPJS debtor account.

A claim records the bank by name as the worker typed or chose it; payouts group
payments by bank and need the bank's BIC for the pain.001 file, so names are
matched to a code here. Unknown banks get ``LAINNYA`` and are sent with the
bank's name instead of a BIC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Bank:
    code: str
    bic: str
    name: str
    aliases: tuple[str, ...]


BANKS: tuple[Bank, ...] = (
    Bank("BRI", "BRINIDJA", "Bank Rakyat Indonesia (BRI)", ("bri", "bank bri", "bank rakyat indonesia")),
    Bank("BNI", "BNINIDJA", "Bank Negara Indonesia (BNI)", ("bni", "bank bni", "bank negara indonesia")),
    Bank("MANDIRI", "BMRIIDJA", "Bank Mandiri", ("mandiri", "bank mandiri")),
    Bank("BCA", "CENAIDJA", "Bank Central Asia (BCA)", ("bca", "bank bca", "bank central asia")),
    Bank("BSI", "BSMDIDJA", "Bank Syariah Indonesia (BSI)", ("bsi", "bank bsi", "bank syariah indonesia")),
    Bank("BTN", "BTANIDJA", "Bank Tabungan Negara (BTN)", ("btn", "bank btn", "bank tabungan negara")),
    Bank("CIMB", "BNIAIDJA", "CIMB Niaga", ("cimb", "cimb niaga", "bank cimb niaga")),
    Bank("DANAMON", "BDINIDJA", "Bank Danamon", ("danamon", "bank danamon")),
    Bank("PERMATA", "BBBAIDJA", "Bank Permata", ("permata", "bank permata")),
)
OTHER_CODE = "LAINNYA"
_BY_CODE = {bank.code: bank for bank in BANKS}
_NOISE = re.compile(r"\b(pt|tbk|persero)\b|[^a-z0-9 ]")


def _normalise(name: str) -> str:
    return " ".join(_NOISE.sub(" ", name.casefold()).split())


def bank_for(name_or_code: str) -> Bank | None:
    """The known bank for a code or a name such as "PT Bank Rakyat Indonesia (Persero) Tbk"."""
    if name_or_code in _BY_CODE:
        return _BY_CODE[name_or_code]
    text = _normalise(name_or_code)
    if not text:
        return None
    for bank in BANKS:
        if text == bank.code.casefold() or text in bank.aliases or _normalise(bank.name) == text:
            return bank
    for bank in BANKS:
        # "bank rakyat indonesia bri unit solo" still is BRI
        if any(re.search(rf"\b{re.escape(alias)}\b", text) for alias in bank.aliases if len(alias) > 3):
            return bank
    return None


def bank_code_for(name: str) -> str:
    bank = bank_for(name)
    return bank.code if bank else OTHER_CODE


def bank_choices() -> list[tuple[str, str]]:
    return [(bank.code, bank.name) for bank in BANKS]


@dataclass(frozen=True)
class Debtor:
    name: str
    account: str
    bic: str


def debtor() -> Debtor:
    """The BPJS account the benefits are paid from (settings may override)."""
    return Debtor(
        name=getattr(settings, "PAYOUT_DEBTOR_NAME", "BPJS Ketenagakerjaan - Rekening Manfaat JKP"),
        account=getattr(settings, "PAYOUT_DEBTOR_ACCOUNT", "020601000123301"),
        bic=getattr(settings, "PAYOUT_DEBTOR_BIC", "BRINIDJA"),
    )


def normalise_person_name(name: str) -> str:
    """For "account in the beneficiary's own name": case, punctuation and spacing do not matter."""
    return " ".join(re.sub(r"[^\w ]", " ", name.casefold()).split())
