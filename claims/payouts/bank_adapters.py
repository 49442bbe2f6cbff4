"""How the portal talks to the paying bank.

``BankAdapter`` is the interface: ``submit`` hands over a pain.001 file and
returns the bank's reference; ``fetch_results`` returns the bank's answer
(pain.002) when it has one. ``SimulatedBank`` is the deterministic bank used by
the demo and the tests; a real host-to-host adapter plugs in through the
``PAYOUT_BANK_ADAPTER`` setting (a class path).
"""

from __future__ import annotations

import abc
import hashlib

from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from .bankfiles import PAIN001_NS, write_pain002


class BankAdapter(abc.ABC):
    name = "bank"

    @abc.abstractmethod
    def submit(self, *, batch, content: bytes) -> str:
        """Hand the pain.001 file to the bank; return the bank's reference."""

    @abc.abstractmethod
    def fetch_results(self, *, batch) -> bytes | None:
        """The bank's answer (pain.002 or CSV) when it has one, else None."""


class ManualBank(BankAdapter):
    """Files are uploaded to the bank's portal by hand and results come back as uploads."""

    name = "manual"

    def submit(self, *, batch, content: bytes) -> str:
        return ""

    def fetch_results(self, *, batch) -> bytes | None:
        return None


class SimulatedBank(BankAdapter):
    """A deterministic bank. It accepts any well-formed pain.001 and answers each
    transfer by the account number, the way a real bank fails:

    * ending in ``404``: AC04, account closed;
    * ending in ``101``: BE01, the holder's name does not match the account;
    * ending in ``001``: AC01, no such account number;
    * otherwise settled (ACSC), except a share of accounts chosen by hash when
      ``SIMULATED_BANK_FAILURE_PERCENT`` is set (AC04 or BE01), for realistic volumes.
    """

    name = "simulated"
    RULES = (("404", "AC04"), ("101", "BE01"), ("001", "AC01"))

    def outcome(self, account_number: str, holder: str) -> tuple[str, str]:
        for suffix, code in self.RULES:
            if account_number.endswith(suffix):
                return "RJCT", code
        percent = int(getattr(settings, "SIMULATED_BANK_FAILURE_PERCENT", 0))
        if percent:
            digest = int(hashlib.sha256(f"{account_number}|{holder}".encode()).hexdigest()[:8], 16)
            if digest % 100 < percent:
                return "RJCT", "AC04" if digest % 2 else "BE01"
        return "ACSC", ""

    def submit(self, *, batch, content: bytes) -> str:
        root = SafeET.fromstring(content, forbid_dtd=True)
        q = f"{{{PAIN001_NS}}}"
        message_id = root.findtext(f"{q}CstmrCdtTrfInitn/{q}GrpHdr/{q}MsgId")
        if not message_id:
            raise ValueError("not a pain.001.001.09 credit transfer")
        return f"SIM-{message_id}"

    def fetch_results(self, *, batch, booked_at=None) -> bytes | None:
        """The bank's pain.002 for a submitted batch; ``booked_at`` is the booking
        time it reports (now by default; the demo replays history with it)."""
        if not batch.file:
            return None
        with batch.file.open("rb") as handle:
            root = SafeET.fromstring(handle.read(), forbid_dtd=True)
        q = f"{{{PAIN001_NS}}}"
        results = []
        for tx in root.iter(q + "CdtTrfTxInf"):
            e2e = tx.findtext(f"{q}PmtId/{q}EndToEndId")
            instr = tx.findtext(f"{q}PmtId/{q}InstrId") or f"{e2e}-1"
            account = tx.findtext(f"{q}CdtrAcct/{q}Id/{q}Othr/{q}Id") or ""
            holder = tx.findtext(f"{q}Cdtr/{q}Nm") or ""
            status, code = self.outcome(account, holder)
            results.append((int(e2e), int(instr.rsplit("-", 1)[-1]), status, code))
        when = booked_at or timezone.now()
        return write_pain002(
            message_id=f"SIMBANK-{batch.pk}-{when:%Y%m%d%H%M%S}"[:35],
            original_message_id=batch.message_id,
            created_at=when,
            results=results,
        )


def bank_adapter() -> BankAdapter:
    path = getattr(settings, "PAYOUT_BANK_ADAPTER", "claims.payouts.bank_adapters.SimulatedBank")
    return import_string(path)()
