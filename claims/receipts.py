"""The printed receipt (*tanda terima*) of a filed claim, as PDF.

For the worker to keep, above all one without a smartphone: the claim number,
when it was filed, whose it is (name, NIK masked but for the last four digits),
the office that handles it, what happens next, and how to follow it without a
smartphone (any browser at ``PORTAL_BASE_URL``, or an SMS "STATUS <number>" to
``SMS_INBOUND_NUMBER``; claims/services/sms_status.py answers it).

``claim_receipt_pdf(claim, assisted_line=...)`` prints, when given, one more
line under the claim's data (e.g. who filed it on the worker's behalf)."""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle

from claims.letters import a4_document
from claims.models import Claim, ClaimStatus
from jkp_portal.common.phones import phone_display


def mask_nik_last4(nik: str) -> str:
    """``3273056010900009`` → ``************0009``: only the last four digits show."""
    nik = nik or ""
    if len(nik) <= 4:
        return "*" * len(nik)
    return "*" * (len(nik) - 4) + nik[-4:]


def _escape(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def portal_address() -> str:
    """The portal's public address without the scheme (``jkp.bpjsketenagakerjaan.go.id``), "" when unknown."""
    base = (getattr(settings, "PORTAL_BASE_URL", "") or "").strip().rstrip("/")
    return base.split("://", 1)[-1]


def _filed_at(claim: Claim) -> str:
    if claim.submitted_at:
        moment = timezone.localtime(claim.submitted_at)
        return _("%(date)s pukul %(time)s WIB") % {
            "date": date_format(moment.date(), "j F Y"),
            "time": moment.strftime("%H.%M"),
        }
    return date_format(claim.filed_on, "j F Y") if claim.filed_on else "-"


def _kv_table(rows, style) -> Table:
    data = [[Paragraph(f"<b>{_escape(k)}</b>", style), Paragraph(_escape(v), style)] for k, v in rows]
    table = Table(data, colWidths=[48 * mm, 122 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.HexColor("#cccccc")),
            ]
        )
    )
    return table


def claim_receipt_pdf(claim: Claim, *, assisted_line: str = "") -> bytes:
    """The PDF bytes of the receipt of a filed claim (not of a draft: ValueError)."""
    if claim.status == ClaimStatus.DRAFT or claim.submitted_at is None:
        raise ValueError("only a filed claim has a receipt")
    participant = claim.participant
    office = claim.office if claim.office_id else None
    buffer = io.BytesIO()
    doc = a4_document(buffer, title=_("Tanda Terima Klaim JKP #%(id)s") % {"id": claim.pk})
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10.5, leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#555555"))
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER)
    title = ParagraphStyle("title", parent=styles["Title"], fontSize=14, leading=17, spaceAfter=2)
    big = ParagraphStyle("big", parent=center, fontSize=20, leading=26, spaceBefore=2, spaceAfter=2)
    heading = ParagraphStyle("heading", parent=body, fontName="Helvetica-Bold", fontSize=11.5, spaceBefore=4)

    def p(text, style=body):
        return Paragraph(str(text), style)

    story = [
        p("<b>BPJS KETENAGAKERJAAN</b>", center),
        p(_("Jaminan Kehilangan Pekerjaan (JKP)"), center),
        Spacer(1, 5 * mm),
        p(_("TANDA TERIMA PENGAJUAN KLAIM JKP"), title),
        p(_("<b>Nomor klaim: %(id)s</b>") % {"id": claim.pk}, big),
        p(_("Simpan tanda terima ini. Sebutkan nomor klaim setiap kali menanyakan klaim Anda."), center),
        Spacer(1, 5 * mm),
    ]
    rows = [
        [_("Nomor klaim"), f"#{claim.pk}"],
        [_("Diajukan pada"), _filed_at(claim)],
        [_("Nama"), participant.full_name],
        [_("NIK"), mask_nik_last4(participant.nik)],
    ]
    if office is not None:
        rows.append([_("Kantor yang memproses"), office.name])
        if office.address:
            rows.append([_("Alamat kantor"), office.address])
        if office.phone:
            rows.append([_("Telepon kantor"), phone_display(office.phone)])
    else:
        rows.append(
            [
                _("Kantor yang memproses"),
                _("Sedang ditentukan: petugas mengarahkan klaim Anda ke kantor cabang yang tepat."),
            ]
        )
    story.append(_kv_table(rows, body))
    if assisted_line:
        story += [Spacer(1, 2 * mm), p(f"<i>{_escape(assisted_line)}</i>")]

    story += [Spacer(1, 5 * mm), p(_("Apa yang terjadi selanjutnya"), heading)]
    steps = [
        _(
            "<b>Pemeriksaan.</b> Petugas BPJS Ketenagakerjaan memeriksa data dan dokumen Anda. Bila ada yang "
            "kurang, petugas meminta perbaikan dan Anda diberi tahu."
        ),
        _(
            "<b>Keputusan.</b> Pejabat BPJS Ketenagakerjaan (orang lain dari pemeriksa) memutuskan klaim Anda "
            "disetujui atau ditolak. Anda menerima surat penetapan."
        ),
        _(
            "<b>Pembayaran pertama.</b> Bila disetujui, manfaat bulan pertama ditransfer ke rekening Anda "
            "paling lama 3 hari kerja setelah klaim dinyatakan lengkap. Bulan berikutnya dibayar bila Anda "
            "belum bekerja lagi dan aktif mencari kerja, dan Anda melaporkannya setiap bulan."
        ),
    ]
    story.append(
        ListFlowable(
            [ListItem(p(step), leftIndent=12) for step in steps], bulletType="1", bulletFormat="%s.", leftIndent=12
        )
    )

    story += [Spacer(1, 4 * mm), p(_("Cara mengecek status klaim tanpa ponsel pintar"), heading)]
    ways = []
    sms_number = (getattr(settings, "SMS_INBOUND_NUMBER", "") or "").strip()
    if sms_number:
        ways.append(
            _(
                "<b>Lewat SMS:</b> kirim <b>STATUS %(id)s</b> ke <b>%(number)s</b> dari nomor HP Anda yang "
                "terdaftar. Balasan berisi status klaim dan langkah berikutnya."
            )
            % {"id": claim.pk, "number": _escape(sms_number)}
        )
    address = portal_address()
    page = reverse("claims:claim_detail", args=[claim.pk])
    if address:
        ways.append(
            _(
                "<b>Lewat peramban (browser) di komputer atau HP apa saja</b>, misalnya di warnet atau kantor "
                "desa: buka <b>%(address)s</b>, masuk ke akun Anda, lalu pilih klaim "
                "nomor %(id)s (alamat langsung: %(address)s%(page)s)."
            )
            % {"address": _escape(address), "page": _escape(page), "id": claim.pk}
        )
    ways.append(
        _(
            "<b>Datang ke kantor</b> yang memproses klaim Anda atau kantor BPJS Ketenagakerjaan terdekat, dengan membawa tanda terima ini."
        )
    )
    story.append(ListFlowable([ListItem(p(way), leftIndent=12) for way in ways], bulletType="bullet", leftIndent=12))

    story += [
        Spacer(1, 8 * mm),
        p(
            _(
                "Tanda terima ini bukan keputusan atas klaim. Dokumen ini dibuat secara elektronik oleh Portal JKP "
                "pada %(printed)s."
            )
            % {"printed": date_format(timezone.localtime(), "j F Y H:i")},
            small,
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
