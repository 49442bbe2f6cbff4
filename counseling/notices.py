"""Messages the counselling app sends to workers and konselors. Texts are
built in the recipient's language; sending happens after commit (notify)."""

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from jkp_portal.common.notifications import Message, notify

from .models import Case, CounsellingSession, Konselor, SessionMode


def _worker_contact(case: Case) -> tuple[object | None, str, str, str]:
    """(user, email, phone, language) of the case's worker."""
    participant = case.participant
    user = participant.user
    email = (user.email if user else "") or participant.email
    phone = (getattr(user, "phone", "") if user else "") or participant.phone
    language = getattr(user, "language", "id") if user else "id"
    return user, email, phone, language


def _send_to_worker(case: Case, build) -> None:
    user, email, phone, language = _worker_contact(case)
    if not (email or phone):
        return
    with translation.override(language):
        subject, body = build()
        message = Message(subject=str(subject), body=str(body))
    notify(email=email, phone=phone, message=message)


def _when(session: CounsellingSession) -> str:
    local = timezone.localtime(session.starts_at)
    return formats.date_format(local, "l, j F Y H:i")


def _where(session: CounsellingSession) -> str:
    if session.mode == SessionMode.ONLINE:
        return _("daring, tautan: %(link)s") % {"link": session.meeting_link}
    return _("tatap muka di %(place)s") % {"place": session.place}


def konselor_assigned(case: Case, konselor: Konselor, *, reassigned: bool = False) -> None:
    def build():
        if reassigned:
            subject = _("Konselor JKP Anda berganti")
            intro = _("Mulai sekarang konselor JKP Anda adalah %(name)s (%(office)s).")
        else:
            subject = _("Konselor JKP Anda")
            intro = _("Konselor JKP Anda adalah %(name)s (%(office)s).")
        body = (
            intro % {"name": konselor.name, "office": konselor.office.name}
            + " "
            + _("Konselor akan menghubungi Anda untuk jadwal konseling. Isi asesmen diri di portal JKP sebelum sesi.")
        )
        return subject, body

    _send_to_worker(case, build)


def session_scheduled(session: CounsellingSession, *, rescheduled: bool = False) -> None:
    def build():
        subject = _("Jadwal konseling JKP diubah") if rescheduled else _("Jadwal konseling JKP")
        body = _(
            "Sesi konseling dengan %(konselor)s: %(when)s WIB, %(where)s. "
            "Mohon konfirmasi kehadiran atau minta jadwal ulang di portal JKP."
        ) % {"konselor": session.konselor.name, "when": _when(session), "where": _where(session)}
        return subject, body

    _send_to_worker(session.case, build)


def session_reminder(session: CounsellingSession) -> None:
    def build():
        subject = _("Pengingat: konseling JKP besok")
        body = _(
            "Pengingat sesi konseling dengan %(konselor)s: %(when)s WIB, %(where)s. "
            "Sesi konseling yang dihadiri dicatat sebagai aktivitas pencarian kerja."
        ) % {"konselor": session.konselor.name, "when": _when(session), "where": _where(session)}
        return subject, body

    _send_to_worker(session.case, build)


def session_cancelled(session: CounsellingSession, reason: str) -> None:
    def build():
        subject = _("Sesi konseling JKP dibatalkan")
        body = _("Sesi konseling %(when)s WIB dibatalkan oleh konselor. Alasan: %(reason)s") % {
            "when": _when(session),
            "reason": reason,
        }
        return subject, body

    _send_to_worker(session.case, build)


def session_missed(session: CounsellingSession) -> None:
    def build():
        subject = _("Anda tidak hadir di sesi konseling JKP")
        body = _(
            "Anda tercatat tidak hadir pada sesi konseling %(when)s WIB. Konselor %(konselor)s akan menghubungi "
            "Anda untuk jadwal baru."
        ) % {"when": _when(session), "konselor": session.konselor.name}
        return subject, body

    _send_to_worker(session.case, build)


def next_steps_recorded(session: CounsellingSession) -> None:
    def build():
        subject = _("Hasil konseling JKP dan langkah berikutnya")
        body = _(
            "Konselor %(konselor)s mencatat rekomendasi dan langkah berikutnya untuk Anda. Lihat di portal JKP."
        ) % {"konselor": session.konselor.name}
        return subject, body

    _send_to_worker(session.case, build)


def reschedule_requested(session: CounsellingSession) -> None:
    konselor = session.konselor
    user = konselor.user
    with translation.override(getattr(user, "language", "id") or "id"):
        message = Message(
            subject=str(_("Permintaan jadwal ulang konseling")),
            body=str(
                _("%(worker)s meminta jadwal ulang sesi %(when)s WIB. Alasan: %(reason)s. Usulan waktu: %(pref)s")
                % {
                    "worker": session.case.participant.full_name,
                    "when": _when(session),
                    "reason": session.reschedule_reason,
                    "pref": session.reschedule_preference or "-",
                }
            ),
        )
    notify(user=user, message=message)


def cases_handed_to(konselor: Konselor, count: int, reason: str) -> None:
    user = konselor.user
    with translation.override(getattr(user, "language", "id") or "id"):
        message = Message(
            subject=str(_("Kasus JKP baru dialihkan kepada Anda")),
            body=str(
                _("%(count)s kasus dialihkan kepada Anda. Alasan: %(reason)s. Lihat daftar kasus di portal JKP.")
                % {"count": count, "reason": reason}
            ),
        )
    notify(user=user, message=message)
