"""The decision letter (*surat penetapan*) of an approved or rejected claim, as PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from claims.eligibility import RULE_SETS
from claims.models import Claim, ClaimStatus
from claims.models.claims import PHK_REASON_CHOICES

from .selectors.claims import criterion_rows, reason_label

_LEGAL_BASIS = {rs.code: rs.legal_basis for rs in RULE_SETS}


def letter_number(claim: Claim) -> str:
    office = claim.office.code if claim.office_id else "KP"
    year = (claim.decision_date or timezone.localdate()).year
    return f"JKP/{office}/{year}/{claim.pk:07d}"


def verification_code(claim: Claim) -> str:
    """A short code that ties the letter to this decision (shown on the letter)."""
    raw = f"{claim.pk}|{claim.status}|{claim.decided_at.isoformat() if claim.decided_at else ''}|{claim.decision_date}"
    return hashlib.sha256(raw.encode()).hexdigest()[:12].upper()


def _rupiah(value) -> str:
    amount = Decimal(str(value or 0)).quantize(Decimal(1))
    return "Rp " + f"{int(amount):,}".replace(",", ".")


def _date(value) -> str:
    return date_format(value, "j F Y") if value else "-"


def a4_document(buffer, *, title: str) -> SimpleDocTemplate:
    """The portal's A4 page for the letters and receipts it prints: the same
    margins, BPJS Ketenagakerjaan as the author."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="BPJS Ketenagakerjaan",
    )


def render_decision_letter(claim: Claim) -> bytes:
    """The PDF bytes of the decision letter. Only for decided claims."""
    if claim.status not in (ClaimStatus.APPROVED, ClaimStatus.REJECTED):
        raise ValueError("only decided claims have a letter")
    approved = claim.status == ClaimStatus.APPROVED
    participant = claim.participant
    buffer = io.BytesIO()
    doc = a4_document(buffer, title=_("Surat Penetapan Klaim JKP #%(id)s") % {"id": claim.pk})
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#555555"))
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER)
    title = ParagraphStyle("title", parent=styles["Title"], fontSize=13, leading=16, spaceAfter=2)

    def p(text, style=body):
        return Paragraph(str(text), style)

    office_name = claim.office.name if claim.office_id else _("Kantor Pusat BPJS Ketenagakerjaan")
    story = [
        p("<b>BPJS KETENAGAKERJAAN</b>", center),
        p(office_name, center),
        Spacer(1, 6 * mm),
        p(
            _("SURAT PENETAPAN MANFAAT JAMINAN KEHILANGAN PEKERJAAN")
            if approved
            else _("SURAT PENETAPAN PENOLAKAN KLAIM JAMINAN KEHILANGAN PEKERJAAN"),
            title,
        ),
        p(_("Nomor: %(n)s") % {"n": letter_number(claim)}, center),
        Spacer(1, 6 * mm),
    ]
    reasons = dict(PHK_REASON_CHOICES)
    identity = [
        [_("Nama"), participant.full_name],
        [_("NIK"), participant.nik],
        [_("Nomor KPJ"), participant.kpj],
        [_("Pemberi kerja"), participant.employer.name if participant.employer_id else "-"],
        [_("Tanggal PHK"), _date(claim.phk_date)],
        [_("Alasan PHK"), str(reasons.get(claim.phk_reason, claim.phk_reason))],
        [_("Nomor klaim / diajukan"), f"#{claim.pk} / {_date(claim.filed_on)}"],
    ]
    story += [p(_("Berdasarkan pemeriksaan atas klaim Jaminan Kehilangan Pekerjaan (JKP) dari:")), Spacer(1, 2 * mm)]
    story.append(_kv_table(identity, body))
    story.append(Spacer(1, 5 * mm))

    verdict = claim.verdict or {}
    rule_set = claim.rule_set or verdict.get("rule_set", "")
    if approved:
        story.append(
            p(
                _(
                    "BPJS Ketenagakerjaan <b>MENETAPKAN</b> bahwa peserta tersebut <b>berhak</b> atas manfaat uang "
                    "tunai JKP berdasarkan %(basis)s, dengan rincian sebagai berikut:"
                )
                % {"basis": _LEGAL_BASIS.get(rule_set, rule_set)}
            )
        )
        story.append(Spacer(1, 2 * mm))
        payer = _("BPJS Ketenagakerjaan") if claim.payer == "bpjs" else _("Pemberi kerja (tunggakan iuran > 3 bulan)")
        story.append(
            _kv_table(
                [
                    [_("Aturan yang berlaku"), f"{rule_set} ({_LEGAL_BASIS.get(rule_set, '')})"],
                    [_("Dasar upah"), _rupiah(claim.wage_base)],
                    [_("Pembayar manfaat"), payer],
                    [
                        _("Rekening"),
                        f"{claim.bank_name} ****{claim.bank_account_last4} a.n. {claim.bank_account_holder}",
                    ],
                ],
                body,
            )
        )
        story.append(Spacer(1, 4 * mm))
        rows = [[_("Bulan"), _("Jatuh tempo"), _("Tarif"), _("Jumlah")]]
        for month in verdict.get("schedule", []):
            rate = Decimal(month["rate"]) * 100
            rows.append(
                [
                    str(month["month"]),
                    _date(dt.date.fromisoformat(month["due_date"])),
                    f"{rate:.0f}%",
                    _rupiah(month["amount"]),
                ]
            )
        rows.append(["", "", _("Total"), _rupiah(verdict.get("total", 0))])
        table = Table(rows, colWidths=[18 * mm, 55 * mm, 25 * mm, 45 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9.5),
                    ("FONT", (0, 1), (-1, -1), "Helvetica", 9.5),
                    ("FONT", (2, -1), (-1, -1), "Helvetica-Bold", 9.5),
                    ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f3ec")),
                ]
            )
        )
        story.append(table)
        story.append(Spacer(1, 4 * mm))
        story.append(
            p(
                _(
                    "Manfaat bulan ke-2 sampai ke-6 dibayarkan bila pada periode sebelumnya peserta belum bekerja "
                    "kembali dan aktif mencari kerja (paling sedikit 5 lamaran kerja atau 1 undangan tes/wawancara, "
                    "atau kehadiran pelatihan paling sedikit 80 persen). Manfaat berhenti bila peserta bekerja kembali."
                )
            )
        )
    else:
        story.append(
            p(
                _(
                    "BPJS Ketenagakerjaan <b>MENETAPKAN</b> bahwa klaim tersebut <b>ditolak</b> dengan alasan "
                    "sebagai berikut:"
                )
            )
        )
        story.append(Spacer(1, 2 * mm))
        details = {row.code: row.detail for row in criterion_rows(verdict)}
        rows = []
        for code in claim.rejection_reasons:
            text = reason_label(code)
            if details.get(code):
                text += f" ({details[code]})"
            rows.append([code, p(text)])
        table = Table(rows or [["-", ""]], colWidths=[55 * mm, 115 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle([("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        story.append(table)
        story.append(Spacer(1, 3 * mm))
        story.append(
            p(
                _(
                    "Bila Anda tidak sependapat, Anda dapat mengajukan keberatan secara tertulis ke kantor cabang "
                    "BPJS Ketenagakerjaan dengan melampirkan surat ini dan bukti pendukung."
                )
            )
        )
    if claim.decision_note:
        story += [Spacer(1, 3 * mm), p(_("Catatan: %(note)s") % {"note": _escape(claim.decision_note)})]

    decided_by = (claim.decided_by.get_full_name() or claim.decided_by.get_username()) if claim.decided_by_id else "-"
    story += [
        Spacer(1, 8 * mm),
        p(_("Ditetapkan di %(place)s, %(date)s") % {"place": office_name, "date": _date(claim.decision_date)}),
        p(_("Pejabat yang menetapkan: %(name)s") % {"name": _escape(decided_by)}),
        Spacer(1, 8 * mm),
        p(
            _(
                "Dokumen ini dibuat secara elektronik oleh Portal JKP dan sah tanpa tanda tangan basah. "
                "Kode verifikasi: %(code)s"
            )
            % {"code": verification_code(claim)},
            small,
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _kv_table(rows, style) -> Table:
    data = [[Paragraph(f"<b>{_escape(k)}</b>", style), Paragraph(_escape(v), style)] for k, v in rows]
    table = Table(data, colWidths=[50 * mm, 120 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table
