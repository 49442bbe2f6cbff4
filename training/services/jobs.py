"""Writes on job-seeker profiles, vacancies (browser and CSV) and applications:
sent → interview → offered → hired / rejected."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim, Employer, Participant
from claims.signals import job_search_activity, participant_reemployed
from jkp_portal.accounts.regions import PROVINCES, clean_regency, clean_regency_field
from jkp_portal.audit.services import audit_record, audit_record_many
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from training import rules
from training.models import (
    Application,
    ApplicationOrigin,
    ApplicationStatus,
    Enrolment,
    EnrolmentStatus,
    JobSeekerProfile,
    TrainingImport,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from training.selectors.scope import approved_claim_for, profiles_visible_to
from training.services.enrolments import _notify_participant, _parse_date, _read_csv, enrolment_withdraw

# --- job seekers -----------------------------------------------------------------------


def _is_user(actor) -> bool:
    return getattr(actor, "is_authenticated", False)


def _default_location(participant: Participant) -> tuple[str, str]:
    employer = participant.employer
    if employer is not None:
        return employer.province_code, employer.regency
    return participant.nik[:2], ""


@transaction.atomic
def job_seeker_profile_activate(*, claim: Claim, actor) -> JobSeekerProfile:
    """An approved claim makes its participant a job seeker (idempotent). The
    first location is the last employer's; the worker or the asesmen refine it."""
    participant = Participant.objects.select_related("employer").get(pk=claim.participant_id)
    profile = JobSeekerProfile.objects.select_for_update().filter(participant=participant).first()
    if profile is None:
        province, regency = _default_location(participant)
        profile = JobSeekerProfile.objects.create(
            participant=participant,
            claim=claim,
            office_id=claim.office_id,
            province_code=province,
            regency=regency,
            seeking=True,
            filled_by="claim",
        )
        audit_record(actor=actor, obj=profile, action="job_seeker_activated", to_state="seeking")
        return profile
    if profile.claim_id == claim.pk and profile.seeking:
        return profile
    before = "seeking" if profile.seeking else "not_seeking"
    profile.claim = claim
    profile.office_id = claim.office_id
    profile.seeking = True
    profile.reemployed_on = None
    profile.save(update_fields=["claim", "office", "seeking", "reemployed_on", "updated_at"])
    audit_record(actor=actor, obj=profile, action="job_seeker_activated", from_state=before, to_state="seeking")
    return profile


def job_seeker_profile_ensure(participant: Participant, *, actor) -> JobSeekerProfile | None:
    """The participant's profile, created from their approved claim when missing."""
    profile = JobSeekerProfile.objects.filter(participant=participant).first()
    if profile is not None:
        return profile
    claim = approved_claim_for(participant)
    if claim is None:
        return None
    return job_seeker_profile_activate(claim=claim, actor=actor)


PROFILE_FIELDS = ("desired_occupation", "kbji_code", "skills", "province_code", "regency", "willing_to_relocate")


@transaction.atomic
def job_seeker_profile_update(
    *, participant: Participant, actor, filled_by: str = "worker", **fields
) -> JobSeekerProfile:
    """Update what the matching knows about a job seeker. Counselling's asesmen
    calls this with ``filled_by="counseling.asesmen"``."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    profile = job_seeker_profile_ensure(participant, actor=actor)
    if profile is None:
        raise ApplicationError(
            _("Profil pencari kerja tersedia setelah klaim JKP disetujui."), code="no_approved_claim"
        )
    profile = JobSeekerProfile.objects.select_for_update().get(pk=profile.pk)
    if "skills" in fields:
        fields["skills"] = rules.normalise_skills(fields["skills"])
    if "province_code" in fields and fields["province_code"] not in PROVINCES:
        raise ApplicationError(_("Kode provinsi tidak dikenal."), errors={"province_code": [_("Tidak dikenal.")]})
    for name in ("desired_occupation", "regency", "kbji_code"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    clean_regency_field(fields, province_code=fields.get("province_code", profile.province_code))
    changed = {}
    for name, value in fields.items():
        if getattr(profile, name) != value:
            changed[name] = [getattr(profile, name), value]
            setattr(profile, name, value)
    if not changed:
        return profile
    profile.skills_text = " ".join(profile.skills)
    profile.filled_by = filled_by
    profile.save()
    audit_record(actor=actor, obj=profile, action="job_seeker_profile_updated", data={"changed": changed})
    return profile


def latest_assessment(participant: Participant):
    """The participant's asesmen diri from counselling (read only), or None."""
    from counseling.models import Assessment  # noqa: PLC0415 - counselling owns it; read only

    return (
        Assessment.objects.filter(case__participant=participant)
        .select_related("case")
        .order_by("-submitted_at")
        .first()
    )


@transaction.atomic
def job_seeker_profile_from_assessment(*, participant: Participant, actor) -> JobSeekerProfile:
    """Copy the asesmen diri (skills, first desired KBJI occupation, willingness
    to move) into the matching profile."""
    from counseling.kbji import OCCUPATIONS  # noqa: PLC0415

    assessment = latest_assessment(participant)
    if assessment is None:
        raise ApplicationError(_("Asesmen diri belum diisi."), code="no_assessment")
    fields = {"skills": list(assessment.skills), "willing_to_relocate": assessment.willing_to_relocate}
    if assessment.desired_occupations:
        code = assessment.desired_occupations[0]
        fields["kbji_code"] = code
        fields["desired_occupation"] = str(OCCUPATIONS.get(code, code))
    return job_seeker_profile_update(participant=participant, actor=actor, filled_by="counseling.asesmen", **fields)


@transaction.atomic
def job_seeker_reemployed(*, participant: Participant, on_date: dt.date, actor) -> JobSeekerProfile | None:
    """The participant works again (from any source): no longer a job seeker."""
    profile = JobSeekerProfile.objects.select_for_update().filter(participant=participant).first()
    if profile is None or (not profile.seeking and profile.reemployed_on == on_date):
        return profile
    profile.seeking = False
    profile.reemployed_on = on_date
    profile.save(update_fields=["seeking", "reemployed_on", "updated_at"])
    audit_record(
        actor=actor,
        obj=profile,
        action="job_seeker_reemployed",
        from_state="seeking",
        to_state="reemployed",
        data={"on_date": on_date.isoformat()},
    )
    return profile


@transaction.atomic
def job_seeker_stop(*, participant: Participant, actor, reason: str) -> JobSeekerProfile | None:
    """The benefit ended for a reason other than work (the participant died): the
    profile leaves the matching and waiting or running enrolments are withdrawn.
    A repeat changes nothing."""
    for enrolment in Enrolment.objects.filter(
        participant=participant, status__in=(EnrolmentStatus.WAITLISTED, EnrolmentStatus.ENROLLED)
    ).order_by("pk"):
        enrolment_withdraw(enrolment=enrolment, actor=actor, reason=reason)
    profile = JobSeekerProfile.objects.select_for_update().filter(participant=participant).first()
    if profile is None or not profile.seeking:
        return profile
    profile.seeking = False
    profile.save(update_fields=["seeking", "updated_at"])
    audit_record(
        actor=actor, obj=profile, action="job_seeker_stopped", from_state="seeking", to_state="stopped", reason=reason
    )
    return profile


# --- vacancies ------------------------------------------------------------------------

VACANCY_FIELDS = (
    "reference",
    "occupation",
    "kbji_code",
    "skills",
    "description",
    "province_code",
    "regency",
    "salary_min",
    "salary_max",
    "openings",
    "closing_date",
)


def _clean_vacancy(values: dict, *, today: dt.date, creating: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (values.get("occupation") or "").strip():
        errors["occupation"] = [_("Jabatan wajib diisi.")]
    if values.get("province_code") not in PROVINCES:
        errors["province_code"] = [_("Provinsi tidak dikenal.")]
    else:
        try:
            values["regency"] = clean_regency(values.get("regency") or "", province_code=values["province_code"])
        except ValueError as exc:
            errors["regency"] = [str(exc)]
    if not values.get("skills"):
        errors["skills"] = [_("Sebutkan minimal satu keterampilan.")]
    openings = values.get("openings")
    if openings is None or openings < 1:
        errors["openings"] = [_("Jumlah lowongan minimal 1.")]
    low, high = values.get("salary_min"), values.get("salary_max")
    if low is not None and low < 0:
        errors["salary_min"] = [_("Gaji tidak boleh negatif.")]
    if low is not None and high is not None and high < low:
        errors["salary_max"] = [_("Gaji maksimum tidak boleh lebih kecil dari gaji minimum.")]
    closing = values.get("closing_date")
    if closing is None:
        errors["closing_date"] = [_("Tanggal tutup wajib diisi.")]
    elif creating and closing < today:
        errors["closing_date"] = [_("Tanggal tutup sudah lewat.")]
    return errors


def _prepare(fields: dict) -> dict:
    fields = dict(fields)
    if "skills" in fields:
        fields["skills"] = rules.normalise_skills(fields["skills"])
    for name in ("occupation", "reference", "regency", "kbji_code", "description"):
        if name in fields and fields[name] is not None:
            fields[name] = fields[name].strip()
    return fields


@transaction.atomic
def vacancy_create(*, employer: Employer, actor, source: str = VacancySource.BROWSER, **fields) -> Vacancy:
    unknown = set(fields) - set(VACANCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown vacancy fields: {sorted(unknown)}")
    fields = _prepare(fields)
    errors = _clean_vacancy(fields, today=timezone.localdate(), creating=True)
    if fields.get("reference") and Vacancy.objects.filter(employer=employer, reference=fields["reference"]).exists():
        errors["reference"] = [_("Kode lowongan ini sudah dipakai perusahaan Anda.")]
    if errors:
        raise ApplicationError(_("Periksa kembali data lowongan."), errors=errors)
    vacancy = Vacancy(employer=employer, source=source, posted_by=actor if _is_user(actor) else None, **fields)
    vacancy.skills_text = " ".join(vacancy.skills)
    vacancy.save()
    audit_record(actor=actor, obj=vacancy, action="vacancy_posted", to_state=vacancy.status, data={"source": source})
    return vacancy


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, actor, **fields) -> Vacancy:
    unknown = set(fields) - set(VACANCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown vacancy fields: {sorted(unknown)}")
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != VacancyStatus.OPEN:
        raise StateConflictError(
            _("Lowongan tidak dapat diubah: statusnya %(status)s.") % {"status": vacancy.get_status_display()}
        )
    fields = _prepare(fields)
    values = {name: getattr(vacancy, name) for name in VACANCY_FIELDS} | fields
    errors = _clean_vacancy(values, today=timezone.localdate(), creating="closing_date" in fields)
    if "regency" in fields or "province_code" in fields:
        fields["regency"] = values["regency"]
    if (
        fields.get("reference")
        and Vacancy.objects.filter(employer=vacancy.employer, reference=fields["reference"])
        .exclude(pk=vacancy.pk)
        .exists()
    ):
        errors["reference"] = [_("Kode lowongan ini sudah dipakai perusahaan Anda.")]
    if "openings" in fields and fields["openings"] is not None and fields["openings"] < vacancy.hired_count:
        errors["openings"] = [_("Sudah %(n)s orang diterima.") % {"n": vacancy.hired_count}]
    if errors:
        raise ApplicationError(_("Periksa kembali data lowongan."), errors=errors)
    changed = {}
    for name, value in fields.items():
        if getattr(vacancy, name) != value:
            changed[name] = [str(getattr(vacancy, name)), str(value)]
            setattr(vacancy, name, value)
    if not changed:
        return vacancy
    vacancy.skills_text = " ".join(vacancy.skills)
    vacancy.save()
    audit_record(actor=actor, obj=vacancy, action="vacancy_updated", data={"changed": changed})
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy, actor, reason: str = "") -> Vacancy:
    """open → closed by the employer."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != VacancyStatus.OPEN:
        raise StateConflictError(
            _("Lowongan tidak dapat ditutup: statusnya %(status)s.") % {"status": vacancy.get_status_display()}
        )
    vacancy.status = VacancyStatus.CLOSED
    vacancy.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, obj=vacancy, action="vacancy_closed", from_state="open", to_state="closed", reason=reason)
    return vacancy


@transaction.atomic
def vacancies_close_expired(*, today: dt.date | None = None, actor="celery:vacancies_close_expired") -> int:
    """Close every open vacancy past its closing date (set-based; the daily task)."""
    today = today or timezone.localdate()
    expired = list(
        Vacancy.objects.select_for_update(skip_locked=True)
        .filter(status=VacancyStatus.OPEN, closing_date__lt=today)
        .only("pk")
    )
    if not expired:
        return 0
    Vacancy.objects.filter(pk__in=[v.pk for v in expired]).update(
        status=VacancyStatus.CLOSED, updated_at=timezone.now()
    )
    audit_record_many(
        actor=actor,
        objs=expired,
        action="vacancy_closed",
        from_state="open",
        to_state="closed",
        reason="closing date passed",
    )
    return len(expired)


VACANCY_COLUMNS = ("jabatan", "keterampilan", "provinsi", "kabupaten_kota", "jumlah_lowongan", "tanggal_tutup")


def _money(value: str) -> Decimal | None:
    value = (value or "").strip().replace("Rp", "").replace(".", "").replace(",", "").replace(" ", "")
    if not value:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(_("Gaji harus berupa angka rupiah."))
    return amount


def _province(value: str) -> str:
    value = (value or "").strip()
    if value in PROVINCES:
        return value
    code = {name.lower(): code for code, name in PROVINCES.items()}.get(value.lower())
    if code is None:
        raise ValueError(_("Provinsi %(p)s tidak dikenal.") % {"p": value or "-"})
    return code


@transaction.atomic
def vacancy_import_csv(*, data: bytes, source_name: str, actor, employer: Employer | None = None) -> TrainingImport:
    """Import vacancies from CSV. Columns: jabatan, keterampilan (separated by
    ";"), provinsi (code or name), kabupaten_kota, jumlah_lowongan,
    tanggal_tutup; optional npp (required when no employer is given),
    kode_lowongan (a re-import with the same code updates the vacancy),
    kode_kbji, gaji_min, gaji_maks, deskripsi. Each good row is saved on its
    own savepoint; each bad row is reported with its line and reason."""
    run = TrainingImport.objects.create(
        kind=TrainingImport.Kind.VACANCIES,
        source_name=source_name[:255],
        employer=employer,
        started_by=actor if _is_user(actor) else None,
    )
    reader = _read_csv(data)
    required = list(VACANCY_COLUMNS) + ([] if employer else ["npp"])
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        run.errors = [{"line": 1, "reason": _("Kolom wajib tidak ada: %(cols)s") % {"cols": ", ".join(missing)}}]
        run.save(update_fields=["errors"])
        return run
    employers: dict[str, Employer | None] = {}
    errors, total, imported = [], 0, 0
    for line, row in enumerate(reader, start=2):
        total += 1
        try:
            target = employer
            npp = (row.get("npp") or "").strip()
            if employer is not None and npp and npp != employer.npp:
                raise ValueError(_("NPP %(npp)s bukan perusahaan Anda.") % {"npp": npp})
            if target is None:
                if npp not in employers:
                    employers[npp] = Employer.objects.filter(npp=npp).first()
                target = employers[npp]
                if target is None:
                    raise ValueError(_("NPP %(npp)s tidak terdaftar.") % {"npp": npp or "-"})
            try:
                openings = int((row.get("jumlah_lowongan") or "").strip())
            except ValueError:
                raise ValueError(_("Jumlah lowongan harus bilangan bulat."))
            try:
                closing = _parse_date(row.get("tanggal_tutup") or "")
            except ValueError:
                raise ValueError(_("Tanggal tutup tidak valid (gunakan YYYY-MM-DD)."))
            fields = {
                "reference": (row.get("kode_lowongan") or "").strip(),
                "occupation": row.get("jabatan") or "",
                "kbji_code": (row.get("kode_kbji") or "").strip(),
                "skills": row.get("keterampilan") or "",
                "description": row.get("deskripsi") or "",
                "province_code": _province(row.get("provinsi") or ""),
                "regency": row.get("kabupaten_kota") or "",
                "salary_min": _money(row.get("gaji_min") or ""),
                "salary_max": _money(row.get("gaji_maks") or ""),
                "openings": openings,
                "closing_date": closing,
            }
            existing = (
                Vacancy.objects.filter(employer=target, reference=fields["reference"]).first()
                if fields["reference"]
                else None
            )
            with transaction.atomic():
                if existing is None:
                    vacancy_create(employer=target, actor=actor, source=VacancySource.CSV, **fields)
                else:
                    vacancy_update(vacancy=existing, actor=actor, **fields)
        except ValueError as exc:
            errors.append({"line": line, "reason": str(exc)})
            continue
        except ApplicationError as exc:
            detail = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.errors.items()) or str(exc.message)
            errors.append({"line": line, "reason": detail})
            continue
        imported += 1
    run.rows_total, run.rows_imported, run.rows_rejected, run.errors = total, imported, len(errors), errors
    run.save(update_fields=["rows_total", "rows_imported", "rows_rejected", "errors"])
    audit_record(
        actor=actor,
        obj=run,
        action="vacancies_imported",
        data={"rows": total, "imported": imported, "rejected": len(errors)},
    )
    return run


# --- applications and referrals ---------------------------------------------------------


def _check_can_apply(participant: Participant, vacancy: Vacancy, today: dt.date, actor) -> JobSeekerProfile:
    profile = job_seeker_profile_ensure(participant, actor=actor)
    if profile is None:
        raise ApplicationError(
            _("Lamaran melalui portal JKP hanya untuk peserta dengan klaim yang sudah disetujui."),
            code="no_approved_claim",
        )
    if not profile.seeking:
        raise ApplicationError(_("Peserta sudah bekerja kembali."), code="reemployed")
    if vacancy.status != VacancyStatus.OPEN or vacancy.closing_date < today:
        raise StateConflictError(_("Lowongan ini sudah ditutup."))
    if vacancy.openings_left <= 0:
        raise StateConflictError(_("Semua posisi di lowongan ini sudah terisi."))
    if Application.objects.filter(vacancy=vacancy, participant=participant).exists():
        raise ApplicationError(_("Peserta sudah melamar lowongan ini."), code="already_applied")
    return profile


def _application_open(
    *, participant: Participant, vacancy: Vacancy, actor, origin: str, note: str, referred_by=None
) -> Application:
    from training.selectors.matching import explain_match  # noqa: PLC0415 - selectors import services' models

    today = timezone.localdate()
    vacancy = Vacancy.objects.select_for_update(of=("self",)).select_related("employer").get(pk=vacancy.pk)
    profile = _check_can_apply(participant, vacancy, today, actor)
    score, reasons = explain_match(profile, vacancy)
    application = Application.objects.create(
        vacancy=vacancy,
        participant=participant,
        origin=origin,
        referred_by=referred_by,
        note=note.strip(),
        sent_on=today,
        match_score=score,
        match_reasons=reasons,
    )
    audit_record(
        actor=actor,
        obj=application,
        action="referral_sent" if origin == ApplicationOrigin.REFERRAL else "application_sent",
        to_state=application.status,
        data={"vacancy": vacancy.pk, "score": str(score)},
    )
    job_search_activity.send(
        sender=Application,
        participant=participant,
        kind="application",
        occurred_on=today,
        source="training.application",
        reference=f"application:{application.pk}",
        description=_("Lamaran %(occupation)s di %(employer)s (%(origin)s)")
        % {
            "occupation": vacancy.occupation,
            "employer": vacancy.employer.name,
            "origin": application.get_origin_display(),
        },
        actor=actor,
    )
    return application


@transaction.atomic
def application_create(*, participant: Participant, vacancy: Vacancy, actor, note: str = "") -> Application:
    """The worker applies to a vacancy."""
    return _application_open(
        participant=participant, vacancy=vacancy, actor=actor, origin=ApplicationOrigin.APPLICATION, note=note
    )


@transaction.atomic
def referral_create(*, konselor, participant: Participant, vacancy: Vacancy, note: str = "") -> Application:
    """A konselor refers a client to a vacancy (sent to the employer on their behalf)."""
    if not profiles_visible_to(konselor).filter(participant=participant).exists():
        raise ForbiddenError(_("Peserta ini bukan klien Anda."))
    application = _application_open(
        participant=participant,
        vacancy=vacancy,
        actor=konselor,
        origin=ApplicationOrigin.REFERRAL,
        note=note,
        referred_by=konselor,
    )
    _notify_participant(
        participant,
        _("Anda dirujuk ke lowongan kerja"),
        _("Konselor JKP merujuk Anda ke lowongan %(occupation)s di %(employer)s.")
        % {"occupation": vacancy.occupation, "employer": vacancy.employer.name},
    )
    return application


def _locked(application: Application, allowed: tuple[str, ...], action_label: str) -> Application:
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy__employer", "participant__user")
        .get(pk=application.pk)
    )
    if application.status not in allowed:
        raise StateConflictError(
            _("Lamaran tidak dapat %(action)s: statusnya %(status)s.")
            % {"action": action_label, "status": application.get_status_display()}
        )
    return application


@transaction.atomic
def application_invite(*, application: Application, actor, interview_on: dt.date) -> Application:
    """sent → interview: the employer invites to a selection test or interview
    (counts for the monthly job-search report)."""
    application = _locked(application, (ApplicationStatus.SENT,), _("diundang wawancara"))
    today = timezone.localdate()
    if interview_on < application.sent_on:
        raise ApplicationError(
            _("Tanggal tes/wawancara tidak boleh sebelum tanggal lamaran."),
            errors={"interview_on": [_("Terlalu awal.")]},
        )
    application.status = ApplicationStatus.INTERVIEW
    application.interview_on = interview_on
    application.save(update_fields=["status", "interview_on", "updated_at"])
    audit_record(
        actor=actor,
        obj=application,
        action="interview_invited",
        from_state="sent",
        to_state="interview",
        data={"interview_on": interview_on.isoformat()},
    )
    vacancy = application.vacancy
    job_search_activity.send(
        sender=Application,
        participant=application.participant,
        kind="interview_invitation",
        occurred_on=today,
        source="training.application",
        reference=f"interview:{application.pk}",
        description=_("Undangan tes/wawancara %(occupation)s di %(employer)s pada %(date)s")
        % {
            "occupation": vacancy.occupation,
            "employer": vacancy.employer.name,
            "date": interview_on.strftime("%d-%m-%Y"),
        },
        actor=actor,
    )
    _notify_participant(
        application.participant,
        _("Undangan tes/wawancara"),
        _("%(employer)s mengundang Anda untuk tes/wawancara posisi %(occupation)s pada %(date)s.")
        % {
            "employer": vacancy.employer.name,
            "occupation": vacancy.occupation,
            "date": interview_on.strftime("%d-%m-%Y"),
        },
    )
    return application


@transaction.atomic
def application_offer(*, application: Application, actor) -> Application:
    """interview → offered."""
    application = _locked(application, (ApplicationStatus.INTERVIEW,), _("ditawari kerja"))
    application.status = ApplicationStatus.OFFERED
    application.offered_on = timezone.localdate()
    application.save(update_fields=["status", "offered_on", "updated_at"])
    audit_record(actor=actor, obj=application, action="job_offered", from_state="interview", to_state="offered")
    _notify_participant(
        application.participant,
        _("Tawaran kerja"),
        _("%(employer)s menawarkan posisi %(occupation)s kepada Anda.")
        % {"employer": application.vacancy.employer.name, "occupation": application.vacancy.occupation},
    )
    return application


@transaction.atomic
def application_hire(*, application: Application, actor, start_date: dt.date) -> Application:
    """offered → hired: placement. Records the re-employment date (the first
    working day), tells payouts to stop the benefit after it and counselling to
    close the case (``participant_reemployed``)."""
    application = _locked(application, (ApplicationStatus.OFFERED,), _("dinyatakan diterima"))
    if start_date < application.sent_on:
        raise ApplicationError(
            _("Tanggal mulai bekerja tidak boleh sebelum tanggal lamaran."),
            errors={"start_date": [_("Terlalu awal.")]},
        )
    vacancy = Vacancy.objects.select_for_update().get(pk=application.vacancy_id)
    if vacancy.hired_count >= vacancy.openings:
        raise StateConflictError(_("Semua posisi di lowongan ini sudah terisi."))
    application.status = ApplicationStatus.HIRED
    application.hired_on = start_date
    application.save(update_fields=["status", "hired_on", "updated_at"])
    vacancy.hired_count += 1
    update = ["hired_count", "updated_at"]
    if vacancy.hired_count >= vacancy.openings and vacancy.status == VacancyStatus.OPEN:
        vacancy.status = VacancyStatus.FILLED
        update.append("status")
        audit_record(actor=actor, obj=vacancy, action="vacancy_filled", from_state="open", to_state="filled")
    vacancy.save(update_fields=update)
    audit_record(
        actor=actor,
        obj=application,
        action="hired",
        from_state="offered",
        to_state="hired",
        data={"start_date": start_date.isoformat()},
    )
    job_seeker_reemployed(participant=application.participant, on_date=start_date, actor=actor)
    participant_reemployed.send(
        sender=Application,
        participant=application.participant,
        on_date=start_date,
        actor=actor,
        source="training.placement",
    )
    _notify_participant(
        application.participant,
        _("Selamat bekerja kembali"),
        _(
            "Anda diterima sebagai %(occupation)s di %(employer)s mulai %(date)s. Manfaat uang tunai JKP berhenti "
            "untuk bulan yang jatuh tempo setelah tanggal itu."
        )
        % {
            "occupation": application.vacancy.occupation,
            "employer": application.vacancy.employer.name,
            "date": start_date.strftime("%d-%m-%Y"),
        },
    )
    return application


@transaction.atomic
def application_reject(*, application: Application, actor, reason: str) -> Application:
    """sent/interview/offered → rejected, with a reason."""
    application = _locked(
        application,
        (ApplicationStatus.SENT, ApplicationStatus.INTERVIEW, ApplicationStatus.OFFERED),
        _("ditolak"),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Sebutkan alasannya."), errors={"reason": [_("Wajib diisi.")]})
    before = application.status
    application.status = ApplicationStatus.REJECTED
    application.rejected_on = timezone.localdate()
    application.rejection_reason = reason[:300]
    application.save(update_fields=["status", "rejected_on", "rejection_reason", "updated_at"])
    audit_record(
        actor=actor,
        obj=application,
        action="application_rejected",
        from_state=before,
        to_state="rejected",
        reason=reason,
    )
    return application
