"""Counselling sessions (statuses in ``models.SessionStatus``):

scheduled → confirmed (worker) | reschedule_requested (worker) → scheduled (konselor reschedules)
scheduled | confirmed | reschedule_requested → attended | no_show (konselor, from the session's day)
                                             → cancelled (konselor)
attended → report (notes, outcome, recommendation, next steps; may be corrected)
no_show → followed up (konselor)
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from claims.signals import job_search_activity
from jkp_portal.audit.services import audit_record, audit_record_many
from jkp_portal.common.exceptions import ApplicationError, StateConflictError

from .. import notices
from ..models import (
    OPEN_CASE_STATUSES,
    PENDING_SESSION_STATUSES,
    Case,
    CaseStatus,
    CounsellingSession,
    Recommendation,
    SessionMode,
    SessionStatus,
)

MIN_DURATION, MAX_DURATION = 15, 240
REMINDER_AHEAD = dt.timedelta(hours=24)


def _conflict(session: CounsellingSession, action: str) -> StateConflictError:
    return StateConflictError(
        _("Sesi #%(id)s berstatus %(status)s; tindakan “%(action)s” tidak dapat dilakukan.")
        % {"id": session.pk, "status": session.get_status_display(), "action": action}
    )


def _locked(session: CounsellingSession) -> CounsellingSession:
    return (
        CounsellingSession.objects.select_for_update(of=("self",))
        .select_related("case__participant__user", "konselor")
        .get(pk=session.pk)
    )


def _where(mode: str, meeting_link: str, place: str) -> tuple[str, str]:
    """(meeting_link, place) checked for the mode: online needs an http(s) link, face to face a place."""
    if mode not in SessionMode.values:
        raise ApplicationError(_("Pilih cara sesi: daring atau tatap muka."), errors={"mode": [_("Tidak dikenal.")]})
    meeting_link = (meeting_link or "").strip()
    place = (place or "").strip()
    if mode == SessionMode.ONLINE:
        try:
            URLValidator(schemes=["https", "http"])(meeting_link)
        except ValidationError:
            raise ApplicationError(
                _("Sesi daring memerlukan tautan pertemuan yang valid (https://...)."),
                errors={"meeting_link": [_("Masukkan tautan yang valid.")]},
            )
        return meeting_link, ""
    if not place:
        raise ApplicationError(
            _("Sesi tatap muka memerlukan tempat (alamat atau ruangan)."), errors={"place": [_("Wajib diisi.")]}
        )
    return "", place


def _check_time(starts_at: dt.datetime, duration_minutes: int, now: dt.datetime) -> None:
    if timezone.is_naive(starts_at):
        raise ApplicationError(_("Waktu sesi harus menyertakan zona waktu."), errors={"starts_at": [_("Tidak valid.")]})
    if starts_at <= now:
        raise ApplicationError(
            _("Waktu sesi harus di masa depan."), errors={"starts_at": [_("Pilih waktu yang belum lewat.")]}
        )
    if not MIN_DURATION <= int(duration_minutes) <= MAX_DURATION:
        raise ApplicationError(
            _("Durasi sesi %(min)s–%(max)s menit.") % {"min": MIN_DURATION, "max": MAX_DURATION},
            errors={"duration_minutes": [_("Di luar batas.")]},
        )


@transaction.atomic
def session_schedule(
    *,
    case: Case,
    mode: str,
    starts_at: dt.datetime,
    actor,
    duration_minutes: int = 60,
    meeting_link: str = "",
    place: str = "",
) -> CounsellingSession:
    """The konselor schedules a session; the worker is told and asked to confirm.
    Scheduling the first session is the first contact of a new case."""
    now = timezone.now()
    case = Case.objects.select_for_update(of=("self",)).select_related("participant__user").get(pk=case.pk)
    if case.status not in OPEN_CASE_STATUSES or case.konselor_id is None:
        raise StateConflictError(
            _("Kasus #%(id)s berstatus %(status)s; sesi tidak dapat dijadwalkan.")
            % {"id": case.pk, "status": case.get_status_display()}
        )
    meeting_link, place = _where(mode, meeting_link, place)
    _check_time(starts_at, duration_minutes, now)
    pending = CounsellingSession.objects.filter(case=case, status__in=PENDING_SESSION_STATUSES).first()
    if pending is not None:
        raise StateConflictError(
            _("Kasus ini sudah punya sesi pada %(when)s (%(status)s). Jadwalkan ulang atau batalkan sesi itu.")
            % {
                "when": timezone.localtime(pending.starts_at).strftime("%d-%m-%Y %H:%M"),
                "status": pending.get_status_display(),
            }
        )
    session = CounsellingSession.objects.create(
        case=case,
        konselor_id=case.konselor_id,
        mode=mode,
        starts_at=starts_at,
        duration_minutes=int(duration_minutes),
        meeting_link=meeting_link,
        place=place,
    )
    audit_record(
        actor=actor,
        obj=session,
        action="session_scheduled",
        to_state=session.status,
        data={"starts_at": starts_at.isoformat(), "mode": mode},
    )
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.ACTIVE
        case.first_contact_at = now
        case.save(update_fields=["status", "first_contact_at", "updated_at"])
        audit_record(actor=actor, obj=case, action="first_contact", from_state="new", to_state=case.status)
    session = CounsellingSession.objects.select_related("case__participant__user", "konselor").get(pk=session.pk)
    notices.session_scheduled(session)
    return session


@transaction.atomic
def session_confirm(*, session: CounsellingSession, actor) -> CounsellingSession:
    """The worker confirms they will come. Confirming twice changes nothing."""
    session = _locked(session)
    if session.status == SessionStatus.CONFIRMED:
        return session
    if session.status != SessionStatus.SCHEDULED:
        raise _conflict(session, _("konfirmasi"))
    if session.starts_at <= timezone.now():
        raise StateConflictError(_("Waktu sesi sudah lewat; hubungi konselor Anda."))
    session.status = SessionStatus.CONFIRMED
    session.confirmed_at = timezone.now()
    session.save(update_fields=["status", "confirmed_at", "updated_at"])
    audit_record(actor=actor, obj=session, action="session_confirmed", from_state="scheduled", to_state=session.status)
    return session


@transaction.atomic
def session_request_reschedule(
    *, session: CounsellingSession, reason: str, actor, preference: str = ""
) -> CounsellingSession:
    """The worker asks for another time; the konselor is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Tuliskan alasan minta jadwal ulang."), errors={"reason": [_("Wajib diisi.")]})
    session = _locked(session)
    if session.status not in (SessionStatus.SCHEDULED, SessionStatus.CONFIRMED):
        raise _conflict(session, _("minta jadwal ulang"))
    before = session.status
    session.status = SessionStatus.RESCHEDULE_REQUESTED
    session.reschedule_reason = reason[:300]
    session.reschedule_preference = (preference or "").strip()[:200]
    session.save(update_fields=["status", "reschedule_reason", "reschedule_preference", "updated_at"])
    audit_record(
        actor=actor,
        obj=session,
        action="reschedule_requested",
        from_state=before,
        to_state=session.status,
        reason=reason,
        data={"preference": session.reschedule_preference},
    )
    notices.reschedule_requested(session)
    return session


@transaction.atomic
def session_reschedule(
    *,
    session: CounsellingSession,
    starts_at: dt.datetime,
    actor,
    mode: str | None = None,
    meeting_link: str | None = None,
    place: str | None = None,
    duration_minutes: int | None = None,
) -> CounsellingSession:
    """The konselor sets a new time (and optionally a new mode or place); the
    worker is asked to confirm again and will be reminded again."""
    session = _locked(session)
    if session.status not in PENDING_SESSION_STATUSES:
        raise _conflict(session, _("jadwalkan ulang"))
    mode = mode or session.mode
    link, where = _where(
        mode,
        session.meeting_link if meeting_link is None else meeting_link,
        session.place if place is None else place,
    )
    duration = session.duration_minutes if duration_minutes is None else int(duration_minutes)
    _check_time(starts_at, duration, timezone.now())
    before = session.status
    old_start = session.starts_at
    session.starts_at = starts_at
    session.mode = mode
    session.meeting_link = link
    session.place = where
    session.duration_minutes = duration
    session.status = SessionStatus.SCHEDULED
    session.confirmed_at = None
    session.reminder_sent_at = None
    session.save()
    audit_record(
        actor=actor,
        obj=session,
        action="session_rescheduled",
        from_state=before,
        to_state=session.status,
        data={"from": old_start.isoformat(), "to": starts_at.isoformat(), "mode": mode},
    )
    notices.session_scheduled(session, rescheduled=True)
    return session


@transaction.atomic
def session_cancel(*, session: CounsellingSession, reason: str, actor) -> CounsellingSession:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Alasan pembatalan wajib diisi."), errors={"reason": [_("Wajib diisi.")]})
    session = _locked(session)
    if session.status not in PENDING_SESSION_STATUSES:
        raise _conflict(session, _("batalkan"))
    before = session.status
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, obj=session, action="session_cancelled", from_state=before, to_state=session.status, reason=reason
    )
    notices.session_cancelled(session, reason)
    return session


@transaction.atomic
def session_record_attendance(*, session: CounsellingSession, attended: bool, actor) -> CounsellingSession:
    """Attendance, once the session has started (neither attended nor missed
    before its time). An attended session is reported to the payment
    conditions as a counselling session (PP37 months need one); a no-show goes
    to the konselor's follow-up queue."""
    session = _locked(session)
    if session.status not in PENDING_SESSION_STATUSES:
        raise _conflict(session, _("catat kehadiran"))
    starts = timezone.localtime(session.starts_at)
    session_day = starts.date()
    if timezone.now() < session.starts_at:
        raise StateConflictError(
            _("Kehadiran dapat dicatat setelah sesi dimulai (%(date)s pukul %(time)s).")
            % {"date": date_format(session_day, "j F Y"), "time": time_format(starts.time(), "H.i")}
        )
    before = session.status
    session.status = SessionStatus.ATTENDED if attended else SessionStatus.NO_SHOW
    session.attendance_recorded_at = timezone.now()
    session.attendance_recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    session.save(update_fields=["status", "attendance_recorded_at", "attendance_recorded_by", "updated_at"])
    audit_record(
        actor=actor,
        obj=session,
        action="attendance_recorded",
        from_state=before,
        to_state=session.status,
    )
    if attended:
        job_search_activity.send(
            sender=CounsellingSession,
            participant=session.case.participant,
            kind="counselling_session",
            occurred_on=session_day,
            source="counseling.session",
            reference=str(session.pk),
            description=_("Sesi konseling dengan %(name)s (%(mode)s)")
            % {"name": session.konselor.name, "mode": session.get_mode_display()},
            actor=actor,
        )
    else:
        notices.session_missed(session)
    return session


@transaction.atomic
def session_follow_up_no_show(*, session: CounsellingSession, note: str, actor) -> CounsellingSession:
    """The konselor records how they followed up a missed session (it leaves the no-show queue)."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("Tuliskan tindak lanjutnya."), errors={"note": [_("Wajib diisi.")]})
    session = _locked(session)
    if session.status != SessionStatus.NO_SHOW or session.followed_up_at is not None:
        raise _conflict(session, _("tindak lanjut ketidakhadiran"))
    session.follow_up_note = note[:500]
    session.followed_up_at = timezone.now()
    session.save(update_fields=["follow_up_note", "followed_up_at", "updated_at"])
    audit_record(
        actor=actor, obj=session, action="no_show_followed_up", from_state="no_show", to_state="no_show", reason=note
    )
    return session


@transaction.atomic
def session_report(
    *,
    session: CounsellingSession,
    notes: str,
    outcome: str,
    recommendation: str,
    next_steps: str,
    actor,
    recommended_programme: str = "",
    recommended_programme_ref: str = "",
) -> CounsellingSession:
    """After an attended session: internal notes, the outcome, one
    recommendation (training names its programme) and the agreed next steps,
    which become what the worker sees on their page."""
    errors: dict[str, list[str]] = {}
    outcome = (outcome or "").strip()
    next_steps = (next_steps or "").strip()
    recommended_programme = (recommended_programme or "").strip()
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Pilih satu rekomendasi.")]
    if not outcome:
        errors["outcome"] = [_("Wajib diisi.")]
    if not next_steps:
        errors["next_steps"] = [_("Tuliskan langkah berikutnya yang disepakati.")]
    if recommendation == Recommendation.TRAINING and not recommended_programme:
        errors["recommended_programme"] = [_("Sebutkan program pelatihan yang disarankan.")]
    if errors:
        raise ApplicationError(_("Laporan sesi belum lengkap."), errors=errors)
    if recommendation != Recommendation.TRAINING:
        recommended_programme, recommended_programme_ref = "", ""
    session = _locked(session)
    if session.status != SessionStatus.ATTENDED:
        raise _conflict(session, _("catat hasil sesi"))
    first_report = session.reported_at is None
    session.notes = (notes or "").strip()
    session.outcome = outcome[:500]
    session.recommendation = recommendation
    session.recommended_programme = recommended_programme[:200]
    session.recommended_programme_ref = (recommended_programme_ref or "").strip()[:100]
    session.next_steps = next_steps
    session.reported_at = timezone.now()
    session.save()
    audit_record(
        actor=actor,
        obj=session,
        action="session_reported" if first_report else "session_report_corrected",
        to_state=session.status,
        data={"recommendation": recommendation, "programme": session.recommended_programme},
    )
    case = Case.objects.select_for_update().get(pk=session.case_id)
    before = case.recommendation
    case.recommendation = recommendation
    case.recommended_programme = session.recommended_programme
    case.recommended_programme_ref = session.recommended_programme_ref
    case.next_steps = next_steps
    case.next_steps_updated_at = session.reported_at
    case.save(
        update_fields=[
            "recommendation",
            "recommended_programme",
            "recommended_programme_ref",
            "next_steps",
            "next_steps_updated_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        obj=case,
        action="recommendation_recorded",
        from_state=before,
        to_state=recommendation,
        data={"session": session.pk, "programme": case.recommended_programme},
    )
    notices.next_steps_recorded(session)
    return session


def sessions_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind each worker of a session starting within the next 24 hours, once.
    Safe to run at the same time as another run: each session is claimed by
    exactly one (SKIP LOCKED and the reminder_sent_at guard)."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            CounsellingSession.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=(SessionStatus.SCHEDULED, SessionStatus.CONFIRMED),
                reminder_sent_at__isnull=True,
                starts_at__gt=now,
                starts_at__lte=now + REMINDER_AHEAD,
            )
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        CounsellingSession.objects.filter(pk__in=ids, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
        sessions = list(
            CounsellingSession.objects.filter(pk__in=ids).select_related("case__participant__user", "konselor")
        )
        audit_record_many(actor="celery:session_reminders", objs=sessions, action="reminder_sent")
        for session in sessions:
            notices.session_reminder(session)
    return len(ids)
