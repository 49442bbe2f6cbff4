"""Training rules as plain Python (no Django models): the LPK criteria of the
rules file, the training cost cap, monthly attendance and skill normalisation.

See docs/rules.md, "Counselling, training and referrals".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

# An accreditation that ends within this many days is flagged to staff.
ACCREDITATION_WARNING_DAYS = 60

COMPETENCY_STANDARDS_ACCEPTED = frozenset({"national", "international", "special"})


@dataclass(frozen=True, slots=True, kw_only=True)
class LpkFacts:
    competency_standard: str
    siapkerja_id: str
    siapkerja_verified: bool
    accredited_until: date | None
    online: bool
    tracks_attendance: bool
    tracks_progress: bool
    active: bool = True


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str


def lpk_problems(facts: LpkFacts, *, today: date) -> list[Problem]:
    """Why an LPK may not take JKP participants (empty when it may)."""
    problems: list[Problem] = []
    if not facts.active:
        problems.append(Problem("INACTIVE", _("LPK tidak aktif.")))
    if facts.competency_standard not in COMPETENCY_STANDARDS_ACCEPTED:
        problems.append(
            Problem(
                "NO_COMPETENCY_STANDARD",
                _("Pelatihan belum berbasis kompetensi (standar nasional SKKNI, internasional atau khusus)."),
            )
        )
    if not facts.siapkerja_id.strip():
        problems.append(Problem("NOT_REGISTERED", _("LPK belum terdaftar di Sistem Informasi Ketenagakerjaan.")))
    elif not facts.siapkerja_verified:
        problems.append(
            Problem("NOT_VERIFIED", _("Pendaftaran LPK di Sistem Informasi Ketenagakerjaan belum diverifikasi."))
        )
    if facts.accredited_until is None:
        problems.append(Problem("NOT_ACCREDITED", _("LPK belum terakreditasi.")))
    elif facts.accredited_until < today:
        problems.append(
            Problem(
                "ACCREDITATION_EXPIRED",
                _("Akreditasi LPK kedaluwarsa sejak %(date)s.") % {"date": facts.accredited_until.strftime("%d-%m-%Y")},
            )
        )
    if facts.online and not (facts.tracks_attendance and facts.tracks_progress):
        problems.append(
            Problem(
                "ONLINE_TRACKING_MISSING",
                _("LPK daring wajib mencatat kehadiran dan kemajuan belajar peserta."),
            )
        )
    return problems


def accreditation_expiring(accredited_until: date | None, *, today: date) -> bool:
    """Still valid, but ends within ACCREDITATION_WARNING_DAYS days."""
    return accredited_until is not None and today <= accredited_until <= today + timedelta(
        days=ACCREDITATION_WARNING_DAYS
    )


def format_rupiah(amount: Decimal | int) -> str:
    """Rp 2.400.000 (whole rupiah, Indonesian thousands separator)."""
    whole = Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return "Rp " + f"{int(whole):,}".replace(",", ".")


@dataclass(frozen=True, slots=True, kw_only=True)
class CapCheck:
    cap: Decimal
    used: Decimal
    cost: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.cap - self.used, Decimal("0"))

    @property
    def allowed(self) -> bool:
        return self.used + self.cost <= self.cap

    def refusal(self, *, legal_basis: str) -> str:
        return _(
            "Biaya pelatihan %(cost)s melebihi sisa batas biaya pelatihan %(remaining)s. "
            "Batas biaya pelatihan per peserta menurut %(basis)s adalah %(cap)s untuk seluruh pelatihan "
            "dalam satu klaim; sudah terpakai %(used)s."
        ) % {
            "cost": format_rupiah(self.cost),
            "remaining": format_rupiah(self.remaining),
            "basis": legal_basis,
            "cap": format_rupiah(self.cap),
            "used": format_rupiah(self.used),
        }


def attendance_percentage(present: int, recorded: int) -> Decimal:
    """Share of recorded sessions attended, 0..100 with two decimals (half up)."""
    if recorded <= 0:
        return Decimal("0.00")
    return (Decimal(present) * 100 / Decimal(recorded)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def month_start(d: date) -> date:
    return d.replace(day=1)


_SKILL_SPLIT = re.compile(r"[;,\n|]+")
_SPACES = re.compile(r"\s+")


def normalise_skill(skill: str) -> str:
    return _SPACES.sub(" ", skill.strip().lower())[:80]


def normalise_skills(skills) -> list[str]:
    """Lower-case, trimmed, unique skills in their first order. Accepts a list or
    a string separated by semicolons, commas or newlines."""
    if isinstance(skills, str):
        skills = _SKILL_SPLIT.split(skills)
    seen: dict[str, None] = {}
    for raw in skills or ():
        skill = normalise_skill(str(raw))
        if skill:
            seen.setdefault(skill, None)
    return list(seen)[:30]


_WORD = re.compile(r"[0-9a-z]+")


def search_terms(*texts: str, limit: int = 16) -> list[str]:
    """Words (letters and digits only) for a full-text OR query, unique, in order."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall((text or "").lower()):
            if len(word) >= 2:
                seen.setdefault(word, None)
    return list(seen)[:limit]
