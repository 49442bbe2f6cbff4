"""How the portal talks to the paying bank.

``BankAdapter`` is the interface: ``submit`` hands over a pain.001 file and
returns the bank's reference; ``fetch_results`` returns the bank's answer
(pain.002 or CSV) when it has one. The adapter is the class path in the
``PAYOUT_BANK_ADAPTER`` setting:

* ``FileExchangeBank``: the pain.001 goes to an outbox folder the bank collects
  from (a shared or SFTP-mounted directory), the answers come back in an inbox
  folder and are archived once imported;
* ``HostToHostBank``: the pain.001 is posted to the bank's HTTPS endpoint, the
  answer fetched from it;
* ``ManualBank``: staff download the file and upload the answer by hand;
* ``SimulatedBank``: the deterministic bank of the demo and the tests. It is
  ``simulated``, so outside development and test the portal refuses to start
  with it (system check jkp.E001, claims/payouts/checks.py).
"""

from __future__ import annotations

import abc
import hashlib
import os
import tempfile
from pathlib import Path

import requests
from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from jkp_portal.common.exceptions import ApplicationError

from .bankfiles import PAIN001_NS, PAIN002_PREFIX, write_pain002


class BankTransportError(ApplicationError):
    """The bank could not be reached or refused the hand-over; nothing was marked sent."""

    status_code = 502
    code = "bank_unavailable"


def batch_reference(batch) -> str:
    """The batch's stable name towards the bank: the same on every retry (the
    message id carries a timestamp, the batch never changes)."""
    return f"jkp-batch-{batch.pk}"


class BankAdapter(abc.ABC):
    name = "bank"
    simulated = False  # a stand-in for a bank: refused outside development and test

    @classmethod
    def configuration_problems(cls) -> list[str]:
        """What is missing from the settings for this adapter to work (empty: ready)."""
        return []

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
    simulated = True
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


class FileExchangeBank(BankAdapter):
    """File exchange through folders the bank shares with the portal.

    ``submit`` writes the pain.001 to ``PAYOUT_BANK_OUTBOX`` as
    ``jkp-batch-<id>.xml``: first to a hidden temporary file in the same folder,
    flushed to disk, then renamed, so the bank never collects half a file, and a
    resend of the same batch replaces the file rather than adding a second one.
    ``fetch_results`` reads ``PAYOUT_BANK_INBOX`` for the batch's answer: a
    pain.002 whose OrgnlMsgId is the batch's message id, or a CSV named after
    the batch (``jkp-batch-<id>*.csv``); files starting with ``.`` or ending in
    ``.part``/``.tmp`` are still being written and are skipped. Once the import
    has committed, the file moves to ``PAYOUT_BANK_ARCHIVE``; an answer the
    portal refuses stays in the inbox.
    """

    name = "file"
    SETTINGS = ("PAYOUT_BANK_OUTBOX", "PAYOUT_BANK_INBOX", "PAYOUT_BANK_ARCHIVE")

    @classmethod
    def configuration_problems(cls) -> list[str]:
        problems = []
        for name in cls.SETTINGS:
            value = getattr(settings, name, None)
            if not value:
                problems.append(f"{name} is not set")
            elif not Path(value).is_dir():
                problems.append(f"{name} ({value}) is not a directory")
            elif not os.access(value, os.W_OK | os.X_OK):
                problems.append(f"{name} ({value}) is not writable by the portal")
        return problems

    @staticmethod
    def _folder(name: str) -> Path:
        value = getattr(settings, name, None)
        if not value:
            raise ImproperlyConfigured(f"{name} is not set")
        return Path(value)

    def submit(self, *, batch, content: bytes) -> str:
        outbox = self._folder("PAYOUT_BANK_OUTBOX")
        final = outbox / f"jkp-batch-{batch.pk:09d}.xml"
        try:
            fd, tmp_name = tempfile.mkstemp(dir=outbox, prefix=f".{final.name}.", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(content)
                    out.flush()
                    os.fsync(out.fileno())
                os.chmod(tmp_name, 0o640)
                os.replace(tmp_name, final)
            except BaseException:
                Path(tmp_name).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise BankTransportError(
                _("Berkas batch tidak dapat ditaruh di folder kirim bank (%(err)s); batch tidak ditandai terkirim.")
                % {"err": exc.__class__.__name__}
            ) from exc
        return f"FILE-{batch.message_id}"

    def _answer_of(self, path: Path, batch) -> bool:
        if path.suffix.lower() == ".csv":
            return path.name.startswith(f"jkp-batch-{batch.pk:09d}")
        if path.suffix.lower() != ".xml":
            return False
        try:
            root = SafeET.parse(path, forbid_dtd=True, forbid_entities=True, forbid_external=True).getroot()
        except Exception:  # noqa: BLE001 - not a readable XML answer: not ours to take
            return False
        ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
        if not ns.startswith(PAIN002_PREFIX):
            return False
        q = f"{{{ns}}}"
        original = root.findtext(f"{q}CstmrPmtStsRpt/{q}OrgnlGrpInfAndSts/{q}OrgnlMsgId", default="").strip()
        return bool(batch.message_id) and original == batch.message_id

    def fetch_results(self, *, batch) -> bytes | None:
        inbox = self._folder("PAYOUT_BANK_INBOX")
        archive = self._folder("PAYOUT_BANK_ARCHIVE")
        for path in sorted(inbox.iterdir(), key=lambda p: (p.stat().st_mtime, p.name)):
            if path.name.startswith(".") or path.suffix in (".part", ".tmp") or not path.is_file():
                continue
            if self._answer_of(path, batch):
                content = path.read_bytes()
                transaction.on_commit(lambda path=path: self._archive(path, archive))
                return content
        return None

    @staticmethod
    def _archive(path: Path, archive: Path) -> None:
        target = archive / path.name
        if target.exists():
            target = archive / f"{path.stem}-{timezone.now():%Y%m%d%H%M%S%f}{path.suffix}"
        os.replace(path, target)


class HostToHostBank(BankAdapter):
    """The bank's host-to-host HTTPS interface.

    ``submit`` POSTs the pain.001 to ``<PAYOUT_BANK_H2H_URL>/payment-files`` with
    an ``Idempotency-Key`` that is the batch (``jkp-batch-<id>``), so a retry
    (timeouts, 429 and 5xx answers are retried by urllib3, with backoff) or a
    resend after a rollback is booked once; the answer is JSON with the bank's
    ``reference``. ``fetch_results`` GETs
    ``<url>/payment-files/jkp-batch-<id>/status-report``: 200 with the pain.002
    (or CSV), 404/202/204 while the bank has none. Authentication: a bearer
    ``PAYOUT_BANK_H2H_API_KEY`` and/or a client certificate
    (``PAYOUT_BANK_H2H_CLIENT_CERT`` and ``_CLIENT_KEY``); the bank's CA in
    ``PAYOUT_BANK_H2H_CA_BUNDLE`` when it is not a public one.
    """

    name = "h2h"

    @classmethod
    def configuration_problems(cls) -> list[str]:
        problems = []
        if not getattr(settings, "PAYOUT_BANK_H2H_URL", ""):
            problems.append("PAYOUT_BANK_H2H_URL is not set")
        has_key = bool(getattr(settings, "PAYOUT_BANK_H2H_API_KEY", ""))
        cert = getattr(settings, "PAYOUT_BANK_H2H_CLIENT_CERT", "")
        if not has_key and not cert:
            problems.append("neither PAYOUT_BANK_H2H_API_KEY nor PAYOUT_BANK_H2H_CLIENT_CERT is set")
        for name in ("PAYOUT_BANK_H2H_CLIENT_CERT", "PAYOUT_BANK_H2H_CLIENT_KEY", "PAYOUT_BANK_H2H_CA_BUNDLE"):
            value = getattr(settings, name, "")
            if value and not Path(value).is_file():
                problems.append(f"{name} ({value}) is not a readable file")
        return problems

    def _session(self) -> requests.Session:
        session = requests.Session()
        retry = Retry(
            total=int(getattr(settings, "PAYOUT_BANK_H2H_RETRIES", 3)),
            backoff_factor=float(getattr(settings, "PAYOUT_BANK_H2H_BACKOFF", 1.0)),
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET", "POST"}),  # POST is safe to repeat: Idempotency-Key
            raise_on_status=False,
            respect_retry_after_header=False,  # a bank's "come back in an hour" must not hold the request
        )
        session.mount("http://", HTTPAdapter(max_retries=retry))
        session.mount("https://", HTTPAdapter(max_retries=retry))
        key = getattr(settings, "PAYOUT_BANK_H2H_API_KEY", "")
        if key:
            session.headers["Authorization"] = f"Bearer {key}"
        cert = getattr(settings, "PAYOUT_BANK_H2H_CLIENT_CERT", "")
        if cert:
            client_key = getattr(settings, "PAYOUT_BANK_H2H_CLIENT_KEY", "")
            session.cert = (cert, client_key) if client_key else cert
        session.verify = getattr(settings, "PAYOUT_BANK_H2H_CA_BUNDLE", "") or True
        return session

    def _call(self, method: str, path: str, **kwargs) -> requests.Response:
        base = getattr(settings, "PAYOUT_BANK_H2H_URL", "")
        if not base:
            raise ImproperlyConfigured("PAYOUT_BANK_H2H_URL is not set")
        timeout = float(getattr(settings, "PAYOUT_BANK_H2H_TIMEOUT", 30.0))
        try:
            with self._session() as session:
                return session.request(method, base.rstrip("/") + path, timeout=(min(timeout, 10.0), timeout), **kwargs)
        except requests.RequestException as exc:
            raise BankTransportError(
                _("Bank tidak dapat dihubungi (%(err)s); batch tidak ditandai terkirim.")
                % {"err": exc.__class__.__name__}
            ) from exc

    def submit(self, *, batch, content: bytes) -> str:
        reference = batch_reference(batch)
        response = self._call(
            "POST",
            "/payment-files",
            data=content,
            headers={
                "Content-Type": "application/xml",
                "Accept": "application/json",
                "Idempotency-Key": reference,
                "X-Message-Id": batch.message_id,
            },
        )
        if not response.ok:
            raise BankTransportError(
                _("Bank menolak berkas batch (HTTP %(status)s); batch tidak ditandai terkirim.")
                % {"status": response.status_code}
            )
        try:
            bank_ref = str(response.json().get("reference") or "")
        except ValueError:
            bank_ref = ""
        return bank_ref or reference

    def fetch_results(self, *, batch) -> bytes | None:
        response = self._call(
            "GET", f"/payment-files/{batch_reference(batch)}/status-report", headers={"Accept": "application/xml"}
        )
        if response.status_code in (202, 204, 404):
            return None
        if not response.ok:
            raise BankTransportError(
                _("Bank tidak memberikan hasil (HTTP %(status)s).") % {"status": response.status_code}
            )
        return response.content or None


def bank_adapter_class() -> type[BankAdapter]:
    path = getattr(settings, "PAYOUT_BANK_ADAPTER", "")
    if not path:
        raise ImproperlyConfigured("PAYOUT_BANK_ADAPTER is not set")
    return import_string(path)


def bank_adapter() -> BankAdapter:
    return bank_adapter_class()()
