"""What the worker is told at each step of their claim (email, later SMS).

Each function is called inside the service's transaction; ``notify`` sends
after commit, so a rolled-back decision tells nobody anything. Texts are
rendered in the worker's language.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from claims.models import Claim, DocumentKind
from claims.models.claims import CORRECTABLE_FIELDS
from jkp_portal.common.notifications import Message, notify


def _worker(claim: Claim):
    return claim.participant.user


def _link(claim: Claim) -> str:
    base = getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")
    return f"{base}{reverse('claims:claim_detail', args=[claim.pk])}"


def _send(claim: Claim, build) -> None:
    user = _worker(claim)
    if user is None:
        return
    with override(getattr(user, "language", "") or "id"):
        subject, body = build()
        body = f"{body}\n\n" + _("Lihat klaim Anda: %(url)s") % {"url": _link(claim)}
        body += "\n\n" + _("Salam,\nBPJS Ketenagakerjaan — Jaminan Kehilangan Pekerjaan")
        message = Message(subject=str(subject), body=str(body))
    notify(user=user, message=message)


def _greeting(claim: Claim) -> str:
    return _("Yth. %(name)s,") % {"name": claim.participant.full_name}


def claim_submitted(claim: Claim) -> None:
    _send(
        claim,
        lambda: (
            _("Klaim JKP #%(id)s diterima") % {"id": claim.pk},
            _greeting(claim)
            + "\n\n"
            + _(
                "Klaim JKP Anda #%(id)s sudah kami terima pada %(date)s dan menunggu pemeriksaan petugas. "
                "Kami akan memberi tahu Anda setiap ada keputusan."
            )
            % {"id": claim.pk, "date": claim.filed_on.strftime("%d-%m-%Y")},
        ),
    )


def claim_resubmitted(claim: Claim) -> None:
    _send(
        claim,
        lambda: (
            _("Perbaikan klaim JKP #%(id)s diterima") % {"id": claim.pk},
            _greeting(claim)
            + "\n\n"
            + _("Perbaikan klaim Anda #%(id)s sudah kami terima dan akan diperiksa kembali oleh petugas.")
            % {"id": claim.pk},
        ),
    )


def correction_requested(claim: Claim) -> None:
    request = claim.correction_request or {}

    def build():
        items = [str(DocumentKind(k).label) for k in request.get("documents", []) if k in DocumentKind.values]
        items += [str(CORRECTABLE_FIELDS[f]) for f in request.get("fields", []) if f in CORRECTABLE_FIELDS]
        lines = "\n".join(f"- {item}" for item in items)
        return (
            _("Klaim JKP #%(id)s perlu diperbaiki") % {"id": claim.pk},
            _greeting(claim)
            + "\n\n"
            + _("Petugas meminta Anda memperbaiki klaim #%(id)s:") % {"id": claim.pk}
            + f"\n{lines}\n\n"
            + _("Catatan petugas: %(note)s") % {"note": request.get("note", "")}
            + "\n\n"
            + _("Perbaiki lalu ajukan kembali dari halaman klaim Anda."),
        )

    _send(claim, build)


def claim_verified(claim: Claim) -> None:
    _send(
        claim,
        lambda: (
            _("Klaim JKP #%(id)s terverifikasi") % {"id": claim.pk},
            _greeting(claim)
            + "\n\n"
            + _(
                "Dokumen klaim Anda #%(id)s sudah diperiksa dan lengkap. Klaim kini menunggu persetujuan "
                "pejabat BPJS Ketenagakerjaan."
            )
            % {"id": claim.pk},
        ),
    )


def claim_approved(claim: Claim) -> None:
    def build():
        schedule = claim.verdict.get("schedule", [])
        first = schedule[0] if schedule else None
        body = (
            _greeting(claim)
            + "\n\n"
            + _(
                "Klaim JKP Anda #%(id)s DISETUJUI pada %(date)s. Anda berhak atas manfaat uang tunai %(months)s bulan, "
                "total Rp %(total)s, dibayar ke rekening %(bank)s yang berakhiran %(last4)s."
            )
            % {
                "id": claim.pk,
                "date": claim.decision_date.strftime("%d-%m-%Y"),
                "months": len(schedule),
                "total": _rupiah(claim.verdict.get("total", "0")),
                "bank": claim.bank_name,
                "last4": claim.bank_account_last4,
            }
        )
        if first:
            body += "\n" + _("Manfaat bulan pertama: Rp %(amount)s.") % {"amount": _rupiah(first["amount"])}
        body += "\n\n" + _(
            "Surat penetapan dapat diunduh dari halaman klaim. Langkah berikutnya: isi asesmen diri dan ikuti "
            "bimbingan jabatan bersama konselor JKP; laporkan kegiatan mencari kerja setiap bulan."
        )
        return _("Klaim JKP #%(id)s disetujui") % {"id": claim.pk}, body

    _send(claim, build)


def claim_rejected(claim: Claim) -> None:
    from claims.selectors.claims import reason_label

    def build():
        reasons = "\n".join(f"- {code}: {reason_label(code)}" for code in claim.rejection_reasons)
        return (
            _("Klaim JKP #%(id)s ditolak") % {"id": claim.pk},
            _greeting(claim)
            + "\n\n"
            + _("Dengan menyesal kami sampaikan bahwa klaim JKP Anda #%(id)s ditolak dengan alasan:") % {"id": claim.pk}
            + f"\n{reasons}\n\n"
            + _("Catatan: %(note)s") % {"note": claim.decision_note}
            + "\n\n"
            + _(
                "Surat penetapan dapat diunduh dari halaman klaim. Bila Anda tidak setuju, Anda dapat mengajukan "
                "keberatan ke kantor cabang BPJS Ketenagakerjaan dengan membawa surat tersebut."
            ),
        )

    _send(claim, build)


def claim_withdrawn(claim: Claim) -> None:
    _send(
        claim,
        lambda: (
            _("Klaim JKP #%(id)s dibatalkan") % {"id": claim.pk},
            _greeting(claim)
            + "\n\n"
            + _("Klaim Anda #%(id)s sudah dibatalkan atas permintaan Anda. Anda dapat mengajukan klaim baru.")
            % {"id": claim.pk},
        ),
    )


def deadline_reminder(claim: Claim, deadline) -> None:
    _send(
        claim,
        lambda: (
            _("Segera ajukan klaim JKP Anda (batas %(date)s)") % {"date": deadline.strftime("%d-%m-%Y")},
            _greeting(claim)
            + "\n\n"
            + _(
                "Klaim JKP Anda #%(id)s masih berupa draf dan belum diajukan. Batas pengajuan klaim adalah "
                "%(date)s; setelah tanggal itu klaim tidak dapat diajukan lagi. Lengkapi dan ajukan sekarang."
            )
            % {"id": claim.pk, "date": deadline.strftime("%d-%m-%Y")},
        ),
    )


def _rupiah(amount) -> str:
    return f"{int(str(amount).split('.')[0]):,}".replace(",", ".")
