"""The worker's asesmen diri."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError

from ..kbji import OCCUPATIONS
from ..models import OPEN_CASE_STATUSES, Assessment, Barrier, Case, CaseStatus, EducationLevel, TrainingInterest

MAX_OCCUPATIONS = 3
MAX_WORK_HISTORY = 10
MAX_SKILLS = 20
EARLIEST_YEAR = 1960


def _clean_work_history(entries: Iterable[dict], errors: dict) -> list[dict]:
    this_year = timezone.localdate().year
    cleaned = []
    for index, entry in enumerate(entries or []):
        employer = str(entry.get("employer") or "").strip()[:150]
        position = str(entry.get("position") or "").strip()[:150]
        start, end = entry.get("start_year"), entry.get("end_year")
        if not employer and not position and not start and not end:
            continue  # an empty row of the form
        problems = []
        if not employer or not position:
            problems.append(_("Isi nama perusahaan dan jabatan."))
        try:
            start = int(start)
            end = int(end) if end not in (None, "") else None
        except (TypeError, ValueError):
            problems.append(_("Tahun harus berupa angka."))
            start, end = None, None
        if start is not None and not EARLIEST_YEAR <= start <= this_year:
            problems.append(_("Tahun mulai %(min)s–%(max)s.") % {"min": EARLIEST_YEAR, "max": this_year})
        if end is not None and start is not None and not start <= end <= this_year:
            problems.append(_("Tahun selesai tidak boleh sebelum tahun mulai atau di masa depan."))
        if problems:
            errors.setdefault("work_history", []).append(
                _("Baris %(n)s: %(p)s") % {"n": index + 1, "p": " ".join(str(p) for p in problems)}
            )
            continue
        cleaned.append({"employer": employer, "position": position, "start_year": start, "end_year": end})
    if len(cleaned) > MAX_WORK_HISTORY:
        errors.setdefault("work_history", []).append(_("Paling banyak %(n)s riwayat kerja.") % {"n": MAX_WORK_HISTORY})
    cleaned.sort(key=lambda e: (e["end_year"] is None, e["end_year"] or 0, e["start_year"]), reverse=True)
    return cleaned


@transaction.atomic
def assessment_submit(
    *,
    case: Case,
    actor,
    education_level: str,
    desired_occupations: list[str],
    desired_location: str,
    education_major: str = "",
    work_history: Iterable[dict] = (),
    skills: Iterable[str] = (),
    willing_to_relocate: bool = False,
    training_interests: Iterable[str] = (),
    barriers: Iterable[str] = (),
    barriers_note: str = "",
) -> Assessment:
    """Create or update the asesmen diri of the worker's case. Only the worker
    fills it; the konselor sees its summary."""
    case = Case.objects.select_for_update(of=("self",)).select_related("participant").get(pk=case.pk)
    if getattr(actor, "pk", None) is None or case.participant.user_id != actor.pk:
        raise ForbiddenError(_("Asesmen diri hanya diisi oleh pekerja yang bersangkutan."))
    if case.status not in (CaseStatus.UNASSIGNED, *OPEN_CASE_STATUSES):
        raise StateConflictError(
            _("Kasus konseling Anda berstatus %(status)s; asesmen tidak dapat diubah.")
            % {"status": case.get_status_display()}
        )
    errors: dict[str, list] = {}
    if education_level not in EducationLevel.values:
        errors["education_level"] = [_("Pilih pendidikan terakhir.")]
    occupations = []
    for code in desired_occupations or []:
        code = str(code).strip()
        if code and code not in occupations:
            occupations.append(code)
    unknown = [c for c in occupations if c not in OCCUPATIONS]
    if unknown:
        errors["desired_occupations"] = [_("Kode KBJI tidak dikenal: %(c)s") % {"c": ", ".join(unknown)}]
    elif not occupations:
        errors["desired_occupations"] = [_("Pilih minimal satu jabatan yang diinginkan.")]
    elif len(occupations) > MAX_OCCUPATIONS:
        errors["desired_occupations"] = [_("Pilih paling banyak %(n)s jabatan.") % {"n": MAX_OCCUPATIONS}]
    desired_location = (desired_location or "").strip()
    if not desired_location:
        errors["desired_location"] = [_("Tuliskan lokasi kerja yang diinginkan.")]
    interests = sorted(set(training_interests or []))
    if any(i not in TrainingInterest.values for i in interests):
        errors["training_interests"] = [_("Pilihan minat pelatihan tidak dikenal.")]
    barrier_list = sorted(set(barriers or []))
    if any(b not in Barrier.values for b in barrier_list):
        errors["barriers"] = [_("Pilihan hambatan tidak dikenal.")]
    skill_list = []
    for skill in skills or []:
        skill = " ".join(str(skill).split())[:100]
        if skill and skill.casefold() not in {s.casefold() for s in skill_list}:
            skill_list.append(skill)
    if len(skill_list) > MAX_SKILLS:
        errors["skills"] = [_("Paling banyak %(n)s keahlian.") % {"n": MAX_SKILLS}]
    history = _clean_work_history(work_history, errors)
    if errors:
        raise ApplicationError(_("Asesmen diri belum lengkap atau ada yang salah."), errors=errors)

    values = {
        "education_level": education_level,
        "education_major": (education_major or "").strip()[:150],
        "work_history": history,
        "skills": skill_list,
        "desired_occupations": occupations,
        "desired_location": desired_location[:150],
        "willing_to_relocate": bool(willing_to_relocate),
        "training_interests": interests,
        "barriers": barrier_list,
        "barriers_note": (barriers_note or "").strip()[:500],
    }
    assessment, created = Assessment.objects.update_or_create(case=case, defaults=values)
    audit_record(
        actor=actor,
        obj=case,
        action="assessment_submitted" if created else "assessment_updated",
        data={"occupations": occupations},
    )
    return assessment
