"""Writes on LPKs, programmes and their sessions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jkp_portal.accounts.regions import PROVINCES, clean_regency, clean_regency_field
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, StateConflictError
from jkp_portal.common.phones import indonesian_phone
from training import rules
from training.models import DeliveryMode, Lpk, Programme, ProgrammeSession, ProgrammeStatus

LPK_FIELDS = (
    "name",
    "ownership",
    "competency_standard",
    "siapkerja_id",
    "siapkerja_verified",
    "verified_on",
    "accreditation_number",
    "accreditation_grade",
    "accredited_until",
    "online",
    "tracks_attendance",
    "tracks_progress",
    "contact_name",
    "phone",
    "email",
    "website",
    "address",
    "province_code",
    "regency",
    "active",
)

PROGRAMME_FIELDS = (
    "title",
    "competency",
    "kbji_code",
    "skills",
    "description",
    "hours",
    "cost",
    "mode",
    "location",
    "province_code",
    "regency",
    "start_date",
    "end_date",
    "seats",
)


def _check_province(code: str) -> None:
    if code not in PROVINCES:
        raise ApplicationError(_("Kode provinsi tidak dikenal."), errors={"province_code": [_("Tidak dikenal.")]})


def _clean_phone(fields: dict) -> None:
    """The LPK's telephone in E.164, however it was typed."""
    if "phone" in fields:
        try:
            fields["phone"] = indonesian_phone(fields["phone"])
        except ValidationError as exc:
            raise ApplicationError(exc.messages[0], errors={"phone": exc.messages}) from None


def _jsonable(value):
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    return value


@transaction.atomic
def lpk_create(*, actor, **fields) -> Lpk:
    unknown = set(fields) - set(LPK_FIELDS)
    if unknown:
        raise TypeError(f"unknown LPK fields: {sorted(unknown)}")
    _check_province(fields.get("province_code", ""))
    clean_regency_field(fields, province_code=fields.get("province_code", ""))
    _clean_phone(fields)
    lpk = Lpk(**fields)
    lpk.siapkerja_id = lpk.siapkerja_id.strip()
    if lpk.siapkerja_id and Lpk.objects.filter(siapkerja_id=lpk.siapkerja_id).exists():
        raise ApplicationError(
            _("Nomor registrasi SIAPkerja ini sudah dipakai LPK lain."),
            errors={"siapkerja_id": [_("Sudah dipakai.")]},
        )
    lpk.save()
    audit_record(
        actor=actor,
        obj=lpk,
        action="lpk_created",
        to_state="eligible" if lpk.eligible else "not_eligible",
        data={"problems": [p.code for p in lpk.problems()]},
    )
    return lpk


@transaction.atomic
def lpk_update(*, lpk: Lpk, actor, **fields) -> Lpk:
    unknown = set(fields) - set(LPK_FIELDS)
    if unknown:
        raise TypeError(f"unknown LPK fields: {sorted(unknown)}")
    lpk = Lpk.objects.select_for_update().get(pk=lpk.pk)
    if "province_code" in fields:
        _check_province(fields["province_code"])
    clean_regency_field(fields, province_code=fields.get("province_code", lpk.province_code))
    _clean_phone(fields)
    siapkerja_id = (fields.get("siapkerja_id") or "").strip()
    if siapkerja_id and Lpk.objects.filter(siapkerja_id=siapkerja_id).exclude(pk=lpk.pk).exists():
        raise ApplicationError(
            _("Nomor registrasi SIAPkerja ini sudah dipakai LPK lain."),
            errors={"siapkerja_id": [_("Sudah dipakai.")]},
        )
    before_state = "eligible" if lpk.eligible else "not_eligible"
    changed = {}
    for name, value in fields.items():
        if getattr(lpk, name) != value:
            changed[name] = [_jsonable(getattr(lpk, name)), _jsonable(value)]
            setattr(lpk, name, value)
    if not changed:
        return lpk
    lpk.save()
    audit_record(
        actor=actor,
        obj=lpk,
        action="lpk_updated",
        from_state=before_state,
        to_state="eligible" if lpk.eligible else "not_eligible",
        data={"changed": changed, "problems": [p.code for p in lpk.problems()]},
    )
    return lpk


def _validate_programme(values: dict) -> None:
    errors: dict[str, list[str]] = {}
    if values["end_date"] < values["start_date"]:
        errors["end_date"] = [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]
    if values["cost"] < 0:
        errors["cost"] = [_("Biaya tidak boleh negatif.")]
    if values["seats"] < 1:
        errors["seats"] = [_("Kuota minimal 1 peserta.")]
    if values["hours"] < 1:
        errors["hours"] = [_("Jumlah jam minimal 1.")]
    if values["province_code"] not in PROVINCES:
        errors["province_code"] = [_("Kode provinsi tidak dikenal.")]
    else:
        try:
            values["regency"] = clean_regency(values.get("regency") or "", province_code=values["province_code"])
        except ValueError as exc:
            errors["regency"] = [str(exc)]
    if errors:
        raise ApplicationError(_("Periksa kembali data program."), errors=errors)


def _generate_sessions(
    programme: Programme, *, weekdays: list[int], start_time: dt.time, end_time: dt.time
) -> list[ProgrammeSession]:
    """One session on each chosen weekday (0 = Monday) between start and end."""
    if end_time <= start_time:
        raise ApplicationError(
            _("Jam selesai sesi harus setelah jam mulai."), errors={"session_end": [_("Harus setelah jam mulai.")]}
        )
    sessions = []
    day = programme.start_date
    while day <= programme.end_date:
        if day.weekday() in weekdays:
            sessions.append(ProgrammeSession(programme=programme, date=day, start_time=start_time, end_time=end_time))
        day += dt.timedelta(days=1)
    ProgrammeSession.objects.bulk_create(sessions, ignore_conflicts=True)
    return sessions


@transaction.atomic
def programme_create(
    *,
    actor,
    lpk: Lpk,
    code: str,
    weekdays: list[int] | None = None,
    session_start: dt.time | None = None,
    session_end: dt.time | None = None,
    **fields,
) -> Programme:
    """A draft programme; with weekdays and times, its sessions are generated."""
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    code = code.strip().upper()
    if Programme.objects.filter(code=code).exists():
        raise ApplicationError(_("Kode program sudah dipakai."), errors={"code": [_("Sudah dipakai.")]})
    fields["skills"] = rules.normalise_skills(fields.get("skills") or [])
    fields["cost"] = Decimal(fields["cost"])
    _validate_programme(fields)
    programme = Programme.objects.create(lpk=lpk, code=code, created_by=actor if _is_user(actor) else None, **fields)
    sessions = []
    if weekdays and session_start and session_end:
        sessions = _generate_sessions(programme, weekdays=weekdays, start_time=session_start, end_time=session_end)
    audit_record(
        actor=actor,
        obj=programme,
        action="programme_created",
        to_state=programme.status,
        data={"lpk": lpk.pk, "sessions": len(sessions)},
    )
    return programme


def _is_user(actor) -> bool:
    return getattr(actor, "is_authenticated", False)


@transaction.atomic
def programme_update(*, programme: Programme, actor, **fields) -> Programme:
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status == ProgrammeStatus.CLOSED:
        raise StateConflictError(_("Program sudah ditutup dan tidak dapat diubah."))
    if "skills" in fields:
        fields["skills"] = rules.normalise_skills(fields["skills"])
    values = {name: getattr(programme, name) for name in PROGRAMME_FIELDS} | fields
    _validate_programme(values)
    if "regency" in fields or "province_code" in fields:
        fields["regency"] = values["regency"]
    changed = {}
    for name, value in fields.items():
        if getattr(programme, name) != value:
            changed[name] = [_jsonable(getattr(programme, name)), _jsonable(value)]
            setattr(programme, name, value)
    if not changed:
        return programme
    programme.save()
    audit_record(actor=actor, obj=programme, action="programme_updated", data={"changed": changed})
    if "seats" in changed:
        from training.services.enrolments import promote_waitlist  # noqa: PLC0415 - avoids an import cycle

        promote_waitlist(programme=programme, actor=actor)
    return programme


def programme_publish_problems(programme: Programme, *, today: dt.date) -> list[str]:
    """Why this programme may not be published for JKP participants."""
    reasons = [p.message for p in programme.lpk.problems(today)]
    if programme.mode == DeliveryMode.ONLINE and not programme.lpk.online:
        reasons.append(_("LPK belum terdaftar sebagai penyelenggara pelatihan daring."))
    if programme.mode == DeliveryMode.ONLINE and not (
        programme.lpk.tracks_attendance and programme.lpk.tracks_progress
    ):
        message = _("LPK daring wajib mencatat kehadiran dan kemajuan belajar peserta.")
        if message not in reasons:
            reasons.append(message)
    if programme.end_date < today:
        reasons.append(_("Jadwal program sudah lewat."))
    if not programme.sessions.exists():
        reasons.append(_("Program belum memiliki jadwal sesi."))
    return reasons


@transaction.atomic
def programme_publish(*, programme: Programme, actor) -> Programme:
    """draft → published: open to JKP participants, only for an LPK meeting the criteria."""
    programme = Programme.objects.select_for_update(of=("self",)).select_related("lpk").get(pk=programme.pk)
    if programme.status != ProgrammeStatus.DRAFT:
        raise StateConflictError(
            _("Program tidak dapat dibuka: statusnya %(status)s.") % {"status": programme.get_status_display()}
        )
    reasons = programme_publish_problems(programme, today=timezone.localdate())
    if reasons:
        raise ApplicationError(
            _("Program tidak dapat dibuka untuk peserta JKP: %(reasons)s") % {"reasons": " ".join(reasons)},
            code="lpk_not_eligible",
            errors={"lpk": reasons},
        )
    programme.status = ProgrammeStatus.PUBLISHED
    programme.published_at = timezone.now()
    programme.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=actor, obj=programme, action="programme_published", from_state="draft", to_state=programme.status
    )
    return programme


@transaction.atomic
def programme_close(*, programme: Programme, actor, reason: str = "") -> Programme:
    """published → closed: no new enrolments; whoever still waits for a seat is told."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != ProgrammeStatus.PUBLISHED:
        raise StateConflictError(
            _("Program tidak dapat ditutup: statusnya %(status)s.") % {"status": programme.get_status_display()}
        )
    programme.status = ProgrammeStatus.CLOSED
    programme.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, obj=programme, action="programme_closed", from_state="published", to_state="closed", reason=reason
    )
    from training.services.enrolments import withdraw_waitlist  # noqa: PLC0415

    withdraw_waitlist(programme=programme, actor=actor, reason=_("Program ditutup sebelum ada kursi kosong."))
    return programme


@transaction.atomic
def programme_session_add(
    *, programme: Programme, actor, date: dt.date, start_time: dt.time, end_time: dt.time, topic: str = ""
) -> ProgrammeSession:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status == ProgrammeStatus.CLOSED and date > timezone.localdate():
        raise StateConflictError(_("Program sudah ditutup; jadwal baru tidak dapat ditambahkan."))
    if end_time <= start_time:
        raise ApplicationError(_("Jam selesai harus setelah jam mulai."), errors={"end_time": [_("Tidak valid.")]})
    if ProgrammeSession.objects.filter(programme=programme, date=date, start_time=start_time).exists():
        raise ApplicationError(_("Sesi pada tanggal dan jam ini sudah ada."), errors={"date": [_("Sudah ada.")]})
    session = ProgrammeSession.objects.create(
        programme=programme, date=date, start_time=start_time, end_time=end_time, topic=topic
    )
    changed = {}
    if date < programme.start_date:
        changed["start_date"] = date
    if date > programme.end_date:
        changed["end_date"] = date
    if changed:
        for name, value in changed.items():
            setattr(programme, name, value)
        programme.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        obj=programme,
        action="programme_session_added",
        data={"session": session.pk, "date": date.isoformat(), "start": start_time.isoformat()},
    )
    return session


@transaction.atomic
def programme_session_delete(*, session: ProgrammeSession, actor) -> None:
    session = ProgrammeSession.objects.select_for_update(of=("self",)).select_related("programme").get(pk=session.pk)
    if session.attendance.exists():
        raise StateConflictError(_("Kehadiran sesi ini sudah dicatat; sesi tidak dapat dihapus."))
    audit_record(
        actor=actor,
        obj=session.programme,
        action="programme_session_deleted",
        data={"date": session.date.isoformat(), "start": session.start_time.isoformat()},
    )
    session.delete()


def lpk_notify_expiring(*, today: dt.date | None = None) -> int:
    """Email admins and supervisors the LPKs whose accreditation ends within
    60 days (weekly): their programmes stop taking JKP participants on expiry."""
    from jkp_portal.accounts.models import User  # noqa: PLC0415
    from jkp_portal.common.notifications import Message, notify  # noqa: PLC0415

    today = today or timezone.localdate()
    expiring = list(
        Lpk.objects.filter(
            active=True,
            accredited_until__gte=today,
            accredited_until__lte=today + dt.timedelta(days=rules.ACCREDITATION_WARNING_DAYS),
        ).order_by("accredited_until")
    )
    if not expiring:
        return 0
    lines = "\n".join(f"- {lpk.name}: {lpk.accredited_until:%d-%m-%Y}" for lpk in expiring)
    message = Message(
        subject=_("Akreditasi LPK segera berakhir (%(n)s LPK)") % {"n": len(expiring)},
        body=_(
            "Akreditasi LPK berikut berakhir dalam 60 hari; setelah itu programnya tidak menerima peserta JKP:\n%(lines)s"
        )
        % {"lines": lines},
    )
    for user in User.objects.filter(is_active=True, roles__overlap=["admin", "supervisor"]).exclude(email=""):
        notify(user=user, message=message, channels=["email"])
    return len(expiring)
