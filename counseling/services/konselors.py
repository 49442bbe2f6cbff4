"""The konselor registry: profiles and absences."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from jkp_portal.accounts.models import Office
from jkp_portal.accounts.regions import clean_regency_list
from jkp_portal.accounts.services import user_create
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError

from ..models import CounsellingSkill, FunctionalLevel, Konselor, KonselorAbsence, Language

PROFILE_FIELDS = ("name", "level", "office", "regencies", "province_codes", "capacity", "languages", "skills", "active")


def _clean_profile(values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    if "level" in values and values["level"] not in FunctionalLevel.values:
        errors["level"] = [_("Jenjang jabatan tidak dikenal.")]
    if "skills" in values:
        unknown = [s for s in values["skills"] if s not in CounsellingSkill.values]
        if unknown:
            errors["skills"] = [_("Keterampilan tidak dikenal: %(s)s") % {"s": ", ".join(unknown)}]
        values["skills"] = sorted(set(values["skills"]))
    if "languages" in values:
        unknown = [s for s in values["languages"] if s not in Language.values]
        if unknown:
            errors["languages"] = [_("Bahasa tidak dikenal: %(s)s") % {"s": ", ".join(unknown)}]
    if "capacity" in values and (values["capacity"] is None or int(values["capacity"]) < 0):
        errors["capacity"] = [_("Kapasitas tidak boleh negatif.")]
    if "regencies" in values:
        try:
            values["regencies"] = clean_regency_list(values["regencies"])
        except ApplicationError as exc:
            errors["regencies"] = exc.errors["regencies"]
    if "province_codes" in values:
        values["province_codes"] = sorted({p.strip() for p in values["province_codes"] if p and p.strip()})
    if "name" in values and not (values["name"] or "").strip():
        errors["name"] = [_("Wajib diisi.")]
    if errors:
        raise ApplicationError(_("Data konselor belum benar."), errors=errors)
    return values


@transaction.atomic
def konselor_create(
    *,
    username: str,
    password: str,
    email: str,
    nip: str,
    name: str,
    level: str,
    office: Office,
    capacity: int,
    regencies: list[str] | None = None,
    province_codes: list[str] | None = None,
    languages: list[str] | None = None,
    skills: list[str] | None = None,
    phone: str = "",
    actor=None,
    check_password: bool = True,
) -> Konselor:
    """A new konselor: their portal account (role konselor) and profile."""
    nip = (nip or "").strip()
    if not nip:
        raise ApplicationError(_("NIP wajib diisi."), errors={"nip": [_("Wajib diisi.")]})
    if Konselor.objects.filter(nip=nip).exists():
        raise ApplicationError(
            _("NIP %(nip)s sudah terdaftar.") % {"nip": nip}, errors={"nip": [_("Sudah terdaftar.")]}
        )
    values = _clean_profile(
        {
            "name": name,
            "level": level,
            "capacity": capacity,
            "regencies": regencies or [],
            "province_codes": province_codes or list(office.province_codes),
            "languages": languages or ["id"],
            "skills": skills or [],
        }
    )
    first, _sep, last = values["name"].strip().partition(" ")
    user = user_create(
        username=username,
        password=password,
        roles=["konselor"],
        email=email,
        first_name=first,
        last_name=last,
        phone=phone,
        office_code=office.code,
        actor=actor,
        check_password=check_password,
    )
    konselor = Konselor.objects.create(user=user, nip=nip, office=office, **values)
    audit_record(actor=actor, obj=konselor, action="konselor_registered", to_state="active", data={"nip": nip})
    return konselor


@transaction.atomic
def konselor_update(*, konselor: Konselor, actor, **changes) -> Konselor:
    """Change profile fields (capacity, coverage, languages, skills, active...)."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ApplicationError(_("Kolom tidak dapat diubah: %(f)s") % {"f": ", ".join(sorted(unknown))})
    konselor = Konselor.objects.select_for_update().get(pk=konselor.pk)
    changes = _clean_profile(dict(changes))
    before = {}
    for name, value in changes.items():
        current = getattr(konselor, name)
        if current != value:
            before[name] = current.pk if hasattr(current, "pk") else current
            setattr(konselor, name, value)
    if not before:
        return konselor
    konselor.save()
    after = {name: (getattr(konselor, name).pk if name == "office" else getattr(konselor, name)) for name in before}
    audit_record(
        actor=actor,
        obj=konselor,
        action="konselor_updated",
        from_state="active" if before.get("active", konselor.active) else "inactive",
        to_state="active" if konselor.active else "inactive",
        data={"before": before, "after": after},
    )
    return konselor


@transaction.atomic
def konselor_absence_add(
    *, konselor: Konselor, starts_on: dt.date, ends_on: dt.date, reason: str = "", actor=None
) -> KonselorAbsence:
    """Record leave: from ``starts_on`` to ``ends_on`` (inclusive) the konselor gets no new case.
    Their open cases stay with them; hand them over separately if needed."""
    if ends_on < starts_on:
        raise ApplicationError(
            _("Tanggal selesai tidak boleh sebelum tanggal mulai."), errors={"ends_on": [_("Sebelum tanggal mulai.")]}
        )
    overlapping = KonselorAbsence.objects.filter(konselor=konselor, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if overlapping.exists():
        raise ApplicationError(
            _("Sudah ada ketidakhadiran yang beririsan dengan tanggal ini."),
            errors={"starts_on": [_("Beririsan dengan ketidakhadiran lain.")]},
        )
    absence = KonselorAbsence.objects.create(
        konselor=konselor,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        obj=konselor,
        action="absence_recorded",
        reason=reason,
        data={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return absence


@transaction.atomic
def konselor_absence_delete(*, absence: KonselorAbsence, actor) -> None:
    konselor = absence.konselor
    audit_record(
        actor=actor,
        obj=konselor,
        action="absence_removed",
        data={"starts_on": absence.starts_on.isoformat(), "ends_on": absence.ends_on.isoformat()},
    )
    absence.delete()
