"""Writes on recommendations, enrolments, attendance and completion."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.eligibility import rule_set_for
from claims.models import Claim, Participant
from claims.signals import training_attendance_recorded
from jkp_portal.audit.services import audit_record, audit_record_many
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from jkp_portal.common.notifications import notify, render_message
from training import rules
from training.models import (
    AttendanceRecord,
    AttendanceSource,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    JobSeekerProfile,
    MonthlyAttendance,
    Programme,
    ProgrammeSession,
    ProgrammeStatus,
    Recommendation,
    RecommendationStatus,
    TrainingImport,
)
from training.selectors.scope import approved_claim_for, profiles_visible_to

ZERO = Decimal("0")


def _is_user(actor) -> bool:
    return getattr(actor, "is_authenticated", False)


def _notify_participant(participant: Participant, subject: str, body: str) -> None:
    user = participant.user
    if user is not None:
        notify(user=user, message=render_message(subject=subject, body=body, language=user.language or "id"))
    elif participant.email:
        notify(email=participant.email, phone=participant.phone, message=render_message(subject=subject, body=body))


# --- the training budget ----------------------------------------------------------


def training_budget(claim: Claim, *, extra_cost: Decimal = ZERO) -> rules.CapCheck:
    """The cap of the rule set in force on the claim's decision date, and what the
    claim's enrolments already reserve (withdrawals before any attended session
    release their reservation)."""
    cap = rule_set_for(claim.decision_date).training_cost_cap
    used = Enrolment.objects.filter(claim=claim, cost_released=False).aggregate(total=Sum("cost"))["total"] or ZERO
    return rules.CapCheck(cap=cap, used=used, cost=Decimal(extra_cost))


def _require_job_seeker(participant: Participant) -> Claim:
    claim = approved_claim_for(participant)
    if claim is None:
        raise ApplicationError(
            _("Pelatihan JKP hanya untuk peserta dengan klaim JKP yang sudah disetujui."), code="no_approved_claim"
        )
    reemployed_on = (
        JobSeekerProfile.objects.filter(participant=participant).values_list("reemployed_on", flat=True).first()
    )
    if reemployed_on is not None:
        raise ApplicationError(
            _("Peserta sudah bekerja kembali sejak %(date)s; manfaat JKP telah berhenti.")
            % {"date": reemployed_on.strftime("%d-%m-%Y")},
            code="reemployed",
        )
    return claim


def _check_programme_open(programme: Programme, today: dt.date) -> None:
    if programme.status != ProgrammeStatus.PUBLISHED:
        raise StateConflictError(
            _("Program ini tidak menerima pendaftaran (status: %(status)s).")
            % {"status": programme.get_status_display()}
        )
    if programme.end_date < today:
        raise StateConflictError(_("Program ini sudah selesai."))
    problems = programme.lpk.problems(today)
    if problems:
        raise ApplicationError(
            _("LPK penyelenggara tidak memenuhi syarat untuk peserta JKP: %(reasons)s")
            % {"reasons": " ".join(p.message for p in problems)},
            code="lpk_not_eligible",
        )


def _check_cap(claim: Claim, programme: Programme) -> rules.CapCheck:
    check = training_budget(claim, extra_cost=programme.cost)
    if not check.allowed:
        raise ApplicationError(
            check.refusal(legal_basis=rule_set_for(claim.decision_date).legal_basis),
            code="training_cost_cap_exceeded",
            errors={"programme": [_("Melebihi batas biaya pelatihan.")]},
        )
    return check


# --- recommendation ---------------------------------------------------------------------


@transaction.atomic
def recommendation_create(
    *, konselor, participant: Participant, programme: Programme, note: str = ""
) -> Recommendation:
    """A konselor recommends a programme to one of their clients."""
    if not profiles_visible_to(konselor).filter(participant=participant).exists():
        raise ForbiddenError(_("Peserta ini bukan klien Anda."))
    claim = _require_job_seeker(participant)
    programme = Programme.objects.select_related("lpk").get(pk=programme.pk)
    _check_programme_open(programme, timezone.localdate())
    Claim.objects.select_for_update().get(pk=claim.pk)
    if Enrolment.objects.filter(
        programme=programme, participant=participant, status__in=[s.value for s in _LIVE]
    ).exists():
        raise ApplicationError(_("Peserta sudah terdaftar di program ini."), code="already_enrolled")
    if Recommendation.objects.filter(
        programme=programme, participant=participant, status=RecommendationStatus.OPEN
    ).exists():
        raise ApplicationError(_("Program ini sudah direkomendasikan dan menunggu tanggapan peserta."))
    _check_cap(claim, programme)
    recommendation = Recommendation.objects.create(
        participant=participant, programme=programme, konselor=konselor, note=note.strip()
    )
    audit_record(
        actor=konselor,
        obj=recommendation,
        action="programme_recommended",
        to_state=recommendation.status,
        data={"programme": programme.pk, "participant": participant.pk},
    )
    _notify_participant(
        participant,
        _("Rekomendasi pelatihan dari konselor JKP"),
        _("Konselor Anda merekomendasikan program %(title)s di %(lpk)s. Buka portal JKP untuk mendaftar.")
        % {"title": programme.title, "lpk": programme.lpk.name},
    )
    return recommendation


@transaction.atomic
def recommendation_decline(*, recommendation: Recommendation, actor, reason: str = "") -> Recommendation:
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.status != RecommendationStatus.OPEN:
        raise StateConflictError(
            _("Rekomendasi sudah ditanggapi (%(status)s).") % {"status": recommendation.get_status_display()}
        )
    recommendation.status = RecommendationStatus.DECLINED
    recommendation.decided_at = timezone.now()
    recommendation.save(update_fields=["status", "decided_at"])
    audit_record(
        actor=actor,
        obj=recommendation,
        action="recommendation_declined",
        from_state="open",
        to_state="declined",
        reason=reason,
    )
    return recommendation


# --- enrolment ---------------------------------------------------------------------------

_LIVE = (EnrolmentStatus.WAITLISTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


def _seats_taken(programme: Programme) -> int:
    return Enrolment.objects.filter(
        programme=programme, status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED]
    ).count()


@transaction.atomic
def enrolment_create(
    *, participant: Participant, programme: Programme, actor, recommendation: Recommendation | None = None
) -> Enrolment:
    """Enrol a job seeker: a seat when one is free, otherwise the waiting list.
    Refused above the claim's training cost cap."""
    today = timezone.localdate()
    claim = _require_job_seeker(participant)
    # Lock order: claim (the budget), then programme (the seats).
    Claim.objects.select_for_update().get(pk=claim.pk)
    programme = Programme.objects.select_for_update(of=("self",)).select_related("lpk").get(pk=programme.pk)
    _check_programme_open(programme, today)
    if recommendation is not None:
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.participant_id != participant.pk or recommendation.programme_id != programme.pk:
            raise ApplicationError(_("Rekomendasi ini bukan untuk program dan peserta tersebut."))
        if recommendation.status != RecommendationStatus.OPEN:
            raise StateConflictError(
                _("Rekomendasi sudah ditanggapi (%(status)s).") % {"status": recommendation.get_status_display()}
            )
    if Enrolment.objects.filter(programme=programme, participant=participant, status__in=_LIVE).exists():
        raise ApplicationError(_("Anda sudah terdaftar di program ini."), code="already_enrolled")
    _check_cap(claim, programme)
    has_seat = _seats_taken(programme) < programme.seats
    enrolment = Enrolment.objects.create(
        programme=programme,
        participant=participant,
        claim=claim,
        status=EnrolmentStatus.ENROLLED if has_seat else EnrolmentStatus.WAITLISTED,
        source=EnrolmentSource.RECOMMENDATION if recommendation else EnrolmentSource.SELF,
        recommendation=recommendation,
        cost=programme.cost,
        enrolled_at=timezone.now() if has_seat else None,
        created_by=actor if _is_user(actor) else None,
    )
    if recommendation is not None:
        recommendation.status = RecommendationStatus.ACCEPTED
        recommendation.decided_at = timezone.now()
        recommendation.save(update_fields=["status", "decided_at"])
        audit_record(
            actor=actor, obj=recommendation, action="recommendation_accepted", from_state="open", to_state="accepted"
        )
    audit_record(
        actor=actor,
        obj=enrolment,
        action="enrolment_created",
        to_state=enrolment.status,
        data={"programme": programme.pk, "cost": str(programme.cost), "claim": claim.pk, "source": enrolment.source},
    )
    if has_seat:
        body = _("Anda terdaftar di program %(title)s (%(lpk)s), mulai %(start)s.")
    else:
        body = _(
            "Kuota program %(title)s (%(lpk)s) penuh; Anda masuk daftar tunggu dan akan diberi tahu bila ada kursi."
        )
    _notify_participant(
        participant,
        _("Pendaftaran pelatihan JKP"),
        body
        % {"title": programme.title, "lpk": programme.lpk.name, "start": programme.start_date.strftime("%d-%m-%Y")},
    )
    return enrolment


def promote_waitlist(*, programme: Programme, actor) -> list[Enrolment]:
    """Give free seats to the waiting list in order of enrolment (call inside a
    transaction holding the programme lock)."""
    programme = Programme.objects.select_for_update(of=("self",)).select_related("lpk").get(pk=programme.pk)
    if programme.status != ProgrammeStatus.PUBLISHED:
        return []
    free = programme.seats - _seats_taken(programme)
    if free <= 0:
        return []
    waiting = list(
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("participant__user")
        .filter(programme=programme, status=EnrolmentStatus.WAITLISTED)
        .order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for enrolment in waiting:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_at = now
        enrolment.save(update_fields=["status", "enrolled_at"])
        _notify_participant(
            enrolment.participant,
            _("Anda mendapat kursi pelatihan"),
            _("Ada kursi kosong di program %(title)s (%(lpk)s); Anda kini terdaftar.")
            % {"title": programme.title, "lpk": programme.lpk.name},
        )
    audit_record_many(
        actor=actor, objs=waiting, action="enrolment_promoted", from_state="waitlisted", to_state="enrolled"
    )
    return waiting


def withdraw_waitlist(*, programme: Programme, actor, reason: str) -> int:
    waiting = list(
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("participant__user")
        .filter(programme=programme, status=EnrolmentStatus.WAITLISTED)
    )
    now = timezone.now()
    for enrolment in waiting:
        enrolment.status = EnrolmentStatus.WITHDRAWN
        enrolment.withdrawn_at = now
        enrolment.withdraw_reason = reason
        enrolment.cost_released = True
        enrolment.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "cost_released"])
        _notify_participant(enrolment.participant, _("Pendaftaran pelatihan dibatalkan"), reason)
    audit_record_many(
        actor=actor,
        objs=waiting,
        action="enrolment_withdrawn",
        from_state="waitlisted",
        to_state="withdrawn",
        reason=reason,
    )
    return len(waiting)


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, actor, reason: str = "") -> Enrolment:
    """waitlisted/enrolled → withdrawn. The seat goes to the next on the waiting
    list; the cost reservation is released when no session was attended."""
    # Lock order as in enrolment_create: the programme (seats), then the row.
    Programme.objects.select_for_update().get(pk=enrolment.programme_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in (EnrolmentStatus.WAITLISTED, EnrolmentStatus.ENROLLED):
        raise StateConflictError(
            _("Pendaftaran tidak dapat dibatalkan: statusnya %(status)s.") % {"status": enrolment.get_status_display()}
        )
    before = enrolment.status
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_at = timezone.now()
    enrolment.withdraw_reason = reason.strip()[:300]
    enrolment.cost_released = not enrolment.attendance.filter(present=True).exists()
    enrolment.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "cost_released"])
    audit_record(
        actor=actor,
        obj=enrolment,
        action="enrolment_withdrawn",
        from_state=before,
        to_state=enrolment.status,
        reason=enrolment.withdraw_reason,
        data={"cost_released": enrolment.cost_released},
    )
    if before == EnrolmentStatus.ENROLLED:
        promote_waitlist(programme=enrolment.programme, actor=actor)
    return enrolment


@transaction.atomic
def enrolment_progress_update(*, enrolment: Enrolment, progress_percent: int, actor) -> Enrolment:
    """Learning progress reported by an online LPK."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise StateConflictError(
            _("Kemajuan hanya dicatat untuk peserta yang terdaftar (status: %(status)s).")
            % {"status": enrolment.get_status_display()}
        )
    if not 0 <= progress_percent <= 100:
        raise ApplicationError(_("Kemajuan harus 0–100 %."), errors={"progress_percent": [_("0–100.")]})
    before = enrolment.progress_percent
    enrolment.progress_percent = progress_percent
    enrolment.save(update_fields=["progress_percent"])
    audit_record(actor=actor, obj=enrolment, action="progress_recorded", data={"from": before, "to": progress_percent})
    return enrolment


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, actor, certificate_number: str, certificate_date: dt.date) -> Enrolment:
    """enrolled → completed, with the LPK's certificate."""
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("programme").get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise StateConflictError(
            _("Hanya peserta yang terdaftar yang dapat dinyatakan selesai (status: %(status)s).")
            % {"status": enrolment.get_status_display()}
        )
    certificate_number = certificate_number.strip()
    errors = {}
    if not certificate_number:
        errors["certificate_number"] = [_("Nomor sertifikat wajib diisi.")]
    elif Enrolment.objects.filter(certificate_number=certificate_number).exclude(pk=enrolment.pk).exists():
        errors["certificate_number"] = [_("Nomor sertifikat sudah dipakai.")]
    if certificate_date < enrolment.programme.start_date:
        errors["certificate_date"] = [_("Tanggal sertifikat tidak boleh sebelum program dimulai.")]
    if certificate_date > timezone.localdate():
        errors["certificate_date"] = [_("Tanggal sertifikat tidak boleh di masa depan.")]
    if errors:
        raise ApplicationError(_("Periksa data sertifikat."), errors=errors)
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_on = certificate_date
    enrolment.certificate_number = certificate_number
    enrolment.certificate_date = certificate_date
    enrolment.save(update_fields=["status", "completed_on", "certificate_number", "certificate_date"])
    audit_record(
        actor=actor,
        obj=enrolment,
        action="enrolment_completed",
        from_state="enrolled",
        to_state="completed",
        data={"certificate_number": certificate_number, "certificate_date": certificate_date.isoformat()},
    )
    _notify_participant(
        enrolment.participant,
        _("Pelatihan selesai"),
        _("Selamat, Anda menyelesaikan %(title)s. Nomor sertifikat: %(number)s.")
        % {"title": enrolment.programme.title, "number": certificate_number},
    )
    return enrolment


# --- attendance --------------------------------------------------------------------------


def _refresh_monthly(enrolment_ids: set[int], months: set[dt.date], actor) -> list[MonthlyAttendance]:
    """Recompute the monthly attendance of these enrolments in these months and
    tell payouts about every month whose figure changed."""
    counts = {
        (row["enrolment_id"], row["month"]): (row["recorded"], row["present"])
        for row in AttendanceRecord.objects.filter(enrolment_id__in=enrolment_ids)
        .annotate(month=TruncMonth("session__date"))
        .filter(month__in=months)
        .values("enrolment_id", "month")
        .annotate(recorded=Count("id"), present=Count("id", filter=Q(present=True)))
    }
    existing = {
        (m.enrolment_id, m.month): m
        for m in MonthlyAttendance.objects.select_for_update().filter(enrolment_id__in=enrolment_ids, month__in=months)
    }
    enrolments = {e.pk: e for e in Enrolment.objects.select_related("participant").filter(pk__in=enrolment_ids)}
    changed = []
    for (enrolment_id, month), (recorded, present) in sorted(counts.items()):
        percentage = rules.attendance_percentage(present, recorded)
        row = existing.get((enrolment_id, month))
        if row is None:
            row = MonthlyAttendance.objects.create(
                enrolment_id=enrolment_id,
                month=month,
                sessions_recorded=recorded,
                sessions_present=present,
                percentage=percentage,
            )
            percentage_changed = True
        else:
            percentage_changed = row.percentage != percentage
            if (row.sessions_recorded, row.sessions_present, row.percentage) != (recorded, present, percentage):
                row.sessions_recorded, row.sessions_present, row.percentage = recorded, present, percentage
                row.save(update_fields=["sessions_recorded", "sessions_present", "percentage", "updated_at"])
        if percentage_changed:
            enrolment = enrolments[enrolment_id]
            training_attendance_recorded.send(
                sender=MonthlyAttendance,
                participant=enrolment.participant,
                month=month,
                percentage=percentage,
                source="training.attendance",
                reference=f"{enrolment_id}:{month:%Y-%m}",
                actor=actor,
            )
            changed.append(row)
    return changed


@transaction.atomic
def attendance_record(
    *, session: ProgrammeSession, marks: dict[int, bool], actor, source: str = AttendanceSource.BROWSER
) -> list[MonthlyAttendance]:
    """Record who attended one session (enrolment id → present). Returns the
    monthly figures that changed (each was sent to payouts)."""
    session = ProgrammeSession.objects.select_related("programme").get(pk=session.pk)
    if session.date > timezone.localdate():
        raise ApplicationError(_("Kehadiran tidak dapat dicatat untuk sesi yang belum berlangsung."))
    if not marks:
        return []
    enrolments = {
        e.pk: e for e in Enrolment.objects.select_for_update().filter(programme=session.programme, pk__in=list(marks))
    }
    unknown = set(marks) - set(enrolments)
    if unknown:
        raise ApplicationError(_("Sebagian peserta tidak terdaftar di program ini."))
    not_enrolled = [e for e in enrolments.values() if e.status != EnrolmentStatus.ENROLLED]
    if not_enrolled:
        raise StateConflictError(
            _("Kehadiran hanya dicatat untuk peserta yang terdaftar; %(n)s peserta berstatus lain.")
            % {"n": len(not_enrolled)}
        )
    existing = {
        r.enrolment_id: r for r in AttendanceRecord.objects.filter(session=session, enrolment_id__in=list(marks))
    }
    user = actor if _is_user(actor) else None
    new_rows, changed_rows = [], []
    for enrolment_id, present in marks.items():
        record = existing.get(enrolment_id)
        if record is None:
            new_rows.append(
                AttendanceRecord(
                    enrolment_id=enrolment_id, session=session, present=present, source=source, recorded_by=user
                )
            )
        elif record.present != present:
            record.present, record.source, record.recorded_by = present, source, user
            changed_rows.append(record)
    AttendanceRecord.objects.bulk_create(new_rows)
    AttendanceRecord.objects.bulk_update(changed_rows, ["present", "source", "recorded_by", "recorded_at"])
    if not new_rows and not changed_rows:
        return []
    audit_record(
        actor=actor,
        obj=session.programme,
        action="attendance_recorded",
        data={
            "session": session.pk,
            "date": session.date.isoformat(),
            "present": sorted(k for k, v in marks.items() if v),
            "absent": sorted(k for k, v in marks.items() if not v),
            "source": source,
        },
    )
    touched = {r.enrolment_id for r in new_rows} | {r.enrolment_id for r in changed_rows}
    return _refresh_monthly(touched, {rules.month_start(session.date)}, actor)


_TRUE = {"1", "ya", "y", "yes", "h", "hadir", "true", "x"}
_FALSE = {"0", "tidak", "t", "no", "n", "a", "absen", "alpa", "false", "-"}
ATTENDANCE_COLUMNS = ("kode_program", "tanggal", "nik", "hadir")


def _parse_date(value: str) -> dt.date:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _read_csv(data: bytes) -> csv.DictReader:
    text = data.decode("utf-8-sig", errors="replace")
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if reader.fieldnames:
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    return reader


def _programme_lookup(code: str):
    programme = Programme.objects.filter(code=code).first() if code else None
    if programme is None:
        return None
    sessions_by_date: dict[dt.date, list[ProgrammeSession]] = defaultdict(list)
    for session in ProgrammeSession.objects.filter(programme=programme):
        sessions_by_date[session.date].append(session)
    enrolled = dict(
        Enrolment.objects.filter(programme=programme, status=EnrolmentStatus.ENROLLED).values_list(
            "participant__nik", "pk"
        )
    )
    return programme, sessions_by_date, enrolled


@transaction.atomic
def attendance_import_csv(
    *, data: bytes, source_name: str, actor, programme: Programme | None = None
) -> TrainingImport:
    """Import an LPK's attendance list (columns kode_program, tanggal, nik, hadir;
    optional jam_mulai). Good rows are recorded; each bad row is reported with
    its line number and reason."""
    run = TrainingImport.objects.create(
        kind=TrainingImport.Kind.ATTENDANCE,
        source_name=source_name[:255],
        programme=programme,
        started_by=actor if _is_user(actor) else None,
    )
    reader = _read_csv(data)
    missing = [c for c in ATTENDANCE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        run.errors = [{"line": 1, "reason": _("Kolom wajib tidak ada: %(cols)s") % {"cols": ", ".join(missing)}}]
        run.save(update_fields=["errors"])
        return run
    today = timezone.localdate()
    # Per programme code: the programme, its sessions by date and its enrolled NIKs.
    programmes: dict[str, tuple[Programme, dict, dict] | None] = {}
    by_session: dict[int, dict[int, bool]] = defaultdict(dict)
    sessions: dict[int, ProgrammeSession] = {}
    errors = []
    total = 0
    for line, row in enumerate(reader, start=2):
        total += 1
        code = (row.get("kode_program") or "").strip().upper()
        nik = (row.get("nik") or "").strip()
        flag = (row.get("hadir") or "").strip().lower()
        if code not in programmes:
            programmes[code] = _programme_lookup(code)
        try:
            if programmes[code] is None:
                raise ValueError(_("Kode program %(code)s tidak dikenal.") % {"code": code or "-"})
            prog, sessions_by_date, enrolled = programmes[code]
            if programme is not None and prog.pk != programme.pk:
                raise ValueError(_("Baris untuk program lain (%(code)s).") % {"code": code})
            try:
                day = _parse_date(row.get("tanggal") or "")
            except ValueError:
                raise ValueError(_("Tanggal tidak valid (gunakan YYYY-MM-DD)."))
            if day > today:
                raise ValueError(_("Sesi tanggal %(d)s belum berlangsung.") % {"d": day.isoformat()})
            found = sessions_by_date.get(day, [])
            start = (row.get("jam_mulai") or "").strip()
            if start:
                try:
                    start_time = dt.time.fromisoformat(start)
                except ValueError:
                    raise ValueError(_("Jam mulai tidak valid (gunakan HH:MM)."))
                found = [s for s in found if s.start_time == start_time]
            if not found:
                raise ValueError(_("Tidak ada sesi program ini pada %(d)s.") % {"d": day.isoformat()})
            if len(found) > 1:
                raise ValueError(_("Ada lebih dari satu sesi pada tanggal ini; isi kolom jam_mulai."))
            if flag in _TRUE:
                present = True
            elif flag in _FALSE:
                present = False
            else:
                raise ValueError(_("Kolom hadir harus ya/tidak (atau 1/0)."))
            enrolment_id = enrolled.get(nik)
            if enrolment_id is None:
                raise ValueError(_("NIK %(nik)s tidak terdaftar aktif di program ini.") % {"nik": nik[:6] + "…"})
        except ValueError as exc:
            errors.append({"line": line, "reason": str(exc)})
            continue
        sessions[found[0].pk] = found[0]
        by_session[found[0].pk][enrolment_id] = present
    imported = 0
    for session_id, marks in by_session.items():
        attendance_record(session=sessions[session_id], marks=marks, actor=actor, source=AttendanceSource.CSV)
        imported += len(marks)
    run.rows_total = total
    run.rows_imported = imported
    run.rows_rejected = len(errors)
    run.errors = errors
    run.save(update_fields=["rows_total", "rows_imported", "rows_rejected", "errors"])
    audit_record(
        actor=actor,
        obj=run,
        action="attendance_imported",
        data={"rows": total, "imported": imported, "rejected": len(errors)},
    )
    return run
