"""Bank files: the ISO 20022 ``pain.001.001.09`` credit transfer we send, and the
bank's answer, a ``pain.002`` payment status report or a simple CSV
(``payment_id,status,reason_code``).

The pain.001 is written incrementally with lxml (a batch may hold tens of
thousands of payments); answers are parsed with defusedxml (no DTDs, no
entities, no network).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree

from claims.banks import bank_for

from .banks import Debtor

PAIN001_NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
PAIN002_PREFIX = "urn:iso:std:iso:20022:tech:xsd:pain.002."

# ISO 20022 ExternalStatusReason1Code values the portal explains to workers.
REASON_TEXTS = {
    "AC01": gettext_lazy("Nomor rekening salah"),
    "AC03": gettext_lazy("Nomor rekening penerima tidak valid"),
    "AC04": gettext_lazy("Rekening sudah ditutup"),
    "AC06": gettext_lazy("Rekening diblokir"),
    "AG01": gettext_lazy("Transaksi tidak diizinkan untuk rekening ini"),
    "AM05": gettext_lazy("Transaksi ganda"),
    "BE01": gettext_lazy("Nama pemilik rekening tidak sesuai"),
    "MS03": gettext_lazy("Alasan tidak disebutkan oleh bank"),
    "NARR": gettext_lazy("Lihat keterangan bank"),
    "RC01": gettext_lazy("Kode bank salah"),
}
# Reasons that the worker fixes by giving another account.
ACCOUNT_REASONS = {"AC01", "AC03", "AC04", "AC06", "AG01", "BE01", "RC01"}


def reason_text(code: str, extra: str = "") -> str:
    text = str(REASON_TEXTS.get(code) or _("Ditolak bank"))
    return f"{text} ({code})" + (f": {extra}" if extra else "") if code else text


@dataclass(frozen=True)
class TransferLine:
    payment_id: int
    attempt: int
    amount: Decimal
    bank_code: str
    bank_name: str
    account_number: str
    holder: str
    remittance: str


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def write_pain001(
    out,
    *,
    message_id: str,
    created_at: datetime,
    execution_date: date,
    debtor: Debtor,
    payment_info_id: str,
    count: int,
    total: Decimal,
    lines: Iterable[TransferLine],
) -> None:
    """Write one pain.001.001.09 document (one PmtInf, one CdtTrfTxInf per payment) to ``out`` (binary)."""
    E = f"{{{PAIN001_NS}}}"

    def leaf(xf, tag, text, **attrs):
        with xf.element(E + tag, **attrs):
            xf.write(text)

    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(E + "Document", nsmap={None: PAIN001_NS}), xf.element(E + "CstmrCdtTrfInitn"):
            with xf.element(E + "GrpHdr"):
                leaf(xf, "MsgId", message_id)
                leaf(xf, "CreDtTm", created_at.replace(microsecond=0).isoformat())
                leaf(xf, "NbOfTxs", str(count))
                leaf(xf, "CtrlSum", _amount(total))
                with xf.element(E + "InitgPty"):
                    leaf(xf, "Nm", debtor.name[:140])
            with xf.element(E + "PmtInf"):
                leaf(xf, "PmtInfId", payment_info_id)
                leaf(xf, "PmtMtd", "TRF")
                leaf(xf, "BtchBookg", "false")
                leaf(xf, "NbOfTxs", str(count))
                leaf(xf, "CtrlSum", _amount(total))
                with xf.element(E + "PmtTpInf"), xf.element(E + "CtgyPurp"):
                    leaf(xf, "Cd", "SSBE")  # social security benefit
                with xf.element(E + "ReqdExctnDt"):
                    leaf(xf, "Dt", execution_date.isoformat())
                with xf.element(E + "Dbtr"):
                    leaf(xf, "Nm", debtor.name[:140])
                with xf.element(E + "DbtrAcct"):
                    with xf.element(E + "Id"), xf.element(E + "Othr"):
                        leaf(xf, "Id", debtor.account)
                    leaf(xf, "Ccy", "IDR")
                with xf.element(E + "DbtrAgt"), xf.element(E + "FinInstnId"):
                    leaf(xf, "BICFI", debtor.bic)
                leaf(xf, "ChrgBr", "DEBT")
                for line in lines:
                    # old rows may carry LAINNYA for a bank the registry knows by name
                    bank = bank_for(line.bank_code) or bank_for(line.bank_name)
                    with xf.element(E + "CdtTrfTxInf"):
                        with xf.element(E + "PmtId"):
                            leaf(xf, "InstrId", f"{line.payment_id}-{line.attempt}")
                            leaf(xf, "EndToEndId", str(line.payment_id))
                        with xf.element(E + "Amt"):
                            leaf(xf, "InstdAmt", _amount(line.amount), Ccy="IDR")
                        with xf.element(E + "CdtrAgt"), xf.element(E + "FinInstnId"):
                            if bank is not None and bank.bic:
                                leaf(xf, "BICFI", bank.bic)
                            else:
                                leaf(xf, "Nm", (bank.name if bank else line.bank_name)[:140] or "-")
                        with xf.element(E + "Cdtr"):
                            leaf(xf, "Nm", line.holder[:140])
                        with xf.element(E + "CdtrAcct"), xf.element(E + "Id"), xf.element(E + "Othr"):
                            leaf(xf, "Id", line.account_number)
                        with xf.element(E + "Purp"):
                            leaf(xf, "Cd", "BENE")  # unemployment benefit
                        with xf.element(E + "RmtInf"):
                            leaf(xf, "Ustrd", line.remittance[:140])


# --- the bank's answer -------------------------------------------------------------------


class ResultFileError(Exception):
    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass(frozen=True)
class ResultLine:
    line: int
    payment_id: int
    status: str  # "paid" | "failed" | "pending"
    reason_code: str
    reason: str
    booked_on: date | None = None


@dataclass(frozen=True)
class ResultFile:
    kind: str  # "pain.002" | "csv"
    original_message_id: str
    lines: list[ResultLine]


# ISO transaction statuses: only settlement completed counts as paid.
_PAID = {"ACSC", "ACCC", "PAID"}
_FAILED = {"RJCT", "FAILED", "CANC"}
_PENDING = {"ACSP", "ACTC", "ACCP", "ACWC", "PDNG", "RCVD", "PENDING"}


def _status_of(raw: str) -> str | None:
    value = raw.strip().upper()
    if value in _PAID:
        return "paid"
    if value in _FAILED:
        return "failed"
    if value in _PENDING:
        return "pending"
    return None


def parse_results(content: bytes) -> ResultFile:
    """Parse a pain.002 XML or a CSV answer. Raises ``ResultFileError`` with every
    problem found (nothing is applied from a file with problems)."""
    if not content or not content.strip():
        raise ResultFileError(_("Berkas hasil bank kosong."))
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return _parse_pain002(content)
    return _parse_csv(content)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_pain002(content: bytes) -> ResultFile:
    try:
        root = SafeET.fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except Exception as exc:  # defusedxml raises several kinds; all mean "not a file we accept"
        raise ResultFileError(_("Berkas XML tidak dapat dibaca: %(e)s") % {"e": exc.__class__.__name__})
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if _local(root.tag) != "Document" or not ns.startswith(PAIN002_PREFIX):
        raise ResultFileError(_("Berkas XML bukan laporan status pembayaran pain.002."))
    q = f"{{{ns}}}"
    report = root.find(q + "CstmrPmtStsRpt")
    if report is None:
        raise ResultFileError(_("Berkas pain.002 tidak berisi CstmrPmtStsRpt."))
    original = report.findtext(f"{q}OrgnlGrpInfAndSts/{q}OrgnlMsgId", default="").strip()
    group_status = report.findtext(f"{q}OrgnlGrpInfAndSts/{q}GrpSts", default="").strip()
    lines, problems = [], []
    n = 0
    for tx in report.iter(q + "TxInfAndSts"):
        n += 1
        e2e = (tx.findtext(q + "OrgnlEndToEndId") or "").strip()
        raw_status = (tx.findtext(q + "TxSts") or group_status or "").strip()
        code = (tx.findtext(f"{q}StsRsnInf/{q}Rsn/{q}Cd") or tx.findtext(f"{q}StsRsnInf/{q}Rsn/{q}Prtry") or "").strip()
        extra = " ".join((t.text or "").strip() for t in tx.findall(f"{q}StsRsnInf/{q}AddtlInf"))[:200]
        accepted = (tx.findtext(q + "AccptncDtTm") or "").strip()
        if not e2e.isdigit():
            problems.append(
                _("Transaksi %(n)s: OrgnlEndToEndId '%(v)s' bukan ID pembayaran.") % {"n": n, "v": e2e[:40]}
            )
            continue
        status = _status_of(raw_status)
        if status is None:
            problems.append(_("Transaksi %(n)s: status '%(v)s' tidak dikenal.") % {"n": n, "v": raw_status[:10]})
            continue
        if status == "failed" and not code:
            problems.append(_("Transaksi %(n)s: penolakan tanpa kode alasan.") % {"n": n})
            continue
        booked = None
        if accepted:
            try:
                booked = datetime.fromisoformat(accepted.replace("Z", "+00:00")).date()
            except ValueError:
                problems.append(_("Transaksi %(n)s: AccptncDtTm tidak valid.") % {"n": n})
                continue
        lines.append(
            ResultLine(n, int(e2e), status, code[:8], reason_text(code, extra) if status == "failed" else "", booked)
        )
    if n == 0:
        problems.append(_("Berkas pain.002 tidak berisi transaksi (TxInfAndSts)."))
    if problems:
        raise ResultFileError(_("Berkas hasil bank ditolak; tidak ada yang disimpan."), problems)
    return ResultFile("pain.002", original, lines)


def _parse_csv(content: bytes) -> ResultFile:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ResultFileError(_("Berkas CSV harus berenkode UTF-8."))
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    if not rows:
        raise ResultFileError(_("Berkas hasil bank kosong."))
    header = [h.strip().casefold() for h in rows[0]]
    required = ["payment_id", "status", "reason_code"]
    if header[:3] != required:
        raise ResultFileError(
            _("Baris judul CSV harus: payment_id,status,reason_code (ditemukan: %(h)s).")
            % {"h": ",".join(rows[0])[:80]}
        )
    lines, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            problems.append(_("Baris %(n)s: kolom kurang.") % {"n": number})
            continue
        pid, raw_status, code = (cell.strip() for cell in row[:3])
        if not pid.isdigit() or len(pid) > 18:
            problems.append(_("Baris %(n)s: payment_id '%(v)s' tidak valid.") % {"n": number, "v": pid[:20]})
            continue
        status = _status_of(raw_status)
        if status is None:
            problems.append(_("Baris %(n)s: status '%(v)s' tidak dikenal.") % {"n": number, "v": raw_status[:10]})
            continue
        if status == "failed" and not code:
            problems.append(_("Baris %(n)s: penolakan tanpa kode alasan.") % {"n": number})
            continue
        lines.append(ResultLine(number, int(pid), status, code[:8], reason_text(code) if status == "failed" else ""))
    if not lines and not problems:
        problems.append(_("Berkas CSV tidak berisi baris hasil."))
    if problems:
        raise ResultFileError(_("Berkas hasil bank ditolak; tidak ada yang disimpan."), problems)
    return ResultFile("csv", "", lines)


def write_pain002(*, message_id: str, original_message_id: str, created_at: datetime, results) -> bytes:
    """A pain.002.001.10 status report (what the simulated bank answers).
    ``results``: iterable of (payment_id, attempt, status ISO code, reason code)."""
    ns = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"
    E = f"{{{ns}}}"
    root = etree.Element(E + "Document", nsmap={None: ns})
    report = etree.SubElement(root, E + "CstmrPmtStsRpt")
    header = etree.SubElement(report, E + "GrpHdr")
    etree.SubElement(header, E + "MsgId").text = message_id
    etree.SubElement(header, E + "CreDtTm").text = created_at.replace(microsecond=0).isoformat()
    group = etree.SubElement(report, E + "OrgnlGrpInfAndSts")
    etree.SubElement(group, E + "OrgnlMsgId").text = original_message_id
    etree.SubElement(group, E + "OrgnlMsgNmId").text = "pain.001.001.09"
    results = list(results)
    statuses = {status for _pid, _attempt, status, _code in results}
    etree.SubElement(group, E + "GrpSts").text = (
        "ACSC" if statuses == {"ACSC"} else "RJCT" if statuses == {"RJCT"} else "PART"
    )
    info = etree.SubElement(report, E + "OrgnlPmtInfAndSts")
    etree.SubElement(info, E + "OrgnlPmtInfId").text = original_message_id
    for pid, attempt, status, code in results:
        tx = etree.SubElement(info, E + "TxInfAndSts")
        etree.SubElement(tx, E + "OrgnlInstrId").text = f"{pid}-{attempt}"
        etree.SubElement(tx, E + "OrgnlEndToEndId").text = str(pid)
        etree.SubElement(tx, E + "TxSts").text = status
        if code:
            reason = etree.SubElement(tx, E + "StsRsnInf")
            etree.SubElement(etree.SubElement(reason, E + "Rsn"), E + "Cd").text = code
        if status == "ACSC":
            etree.SubElement(tx, E + "AccptncDtTm").text = created_at.replace(microsecond=0).isoformat()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
