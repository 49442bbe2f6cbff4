"""The cross-field checks the calculator page and API share: input that makes the
situation impossible (not merely ineligible), reported per field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from claims.eligibility import RULE_SETS, NoRuleSetError, rule_set_for
from jkp_portal.common.exceptions import ApplicationError


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    index: int | None = None  # position in a list field (previous_claim_phk_dates)


class SimulationInputError(ApplicationError):
    """The input cannot be simulated; ``problems`` say which field and why (API: 400 with ``errors``)."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__(_("Data yang dikirim tidak valid."), code="invalid", errors=self.as_dict())

    def as_dict(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in self.problems:
            out.setdefault(p.field, []).append(p.message)
        return out


def _fmt(d: date) -> str:
    return formats.date_format(d, "j F Y")


_DATE_FIELDS = ("birth_date", "jkp_registered_on", "contract_end_date", "phk_date", "filed_on", "decision_date")
_SANE_YEARS = (1900, 2199)


def check_relations(v: dict[str, Any]) -> list[FieldProblem]:
    """Checks between fields that make the situation impossible (not merely ineligible)."""
    problems = []
    decision, filed, phk = v["decision_date"], v["filed_on"], v["phk_date"]
    first = RULE_SETS[0].effective_from
    dated = [(name, v.get(name), None) for name in _DATE_FIELDS] + [
        ("previous_claim_phk_dates", d, i) for i, d in enumerate(v["previous_claim_phk_dates"])
    ]
    low, high = _SANE_YEARS
    out_of_range = [(name, d, i) for name, d, i in dated if d is not None and not low <= d.year <= high]
    if out_of_range:
        # Nothing else can be judged sensibly (and month arithmetic would leave the calendar).
        return [
            FieldProblem(
                name,
                _("Tahun %(year)d tidak masuk akal: isi tahun antara %(low)d dan %(high)d.")
                % {"year": d.year, "low": low, "high": high},
                index=i,
            )
            for name, d, i in out_of_range
        ]
    try:
        rule_set_for(decision)
    except NoRuleSetError:
        problems.append(
            FieldProblem(
                "decision_date",
                _("Tidak ada aturan JKP pada %(date)s: JKP berlaku sejak %(first)s.")
                % {"date": _fmt(decision), "first": _fmt(first)},
            )
        )
    if v["birth_date"] >= v["jkp_registered_on"]:
        problems.append(FieldProblem("birth_date", _("Tanggal lahir harus sebelum tanggal pendaftaran JKP.")))
    if v["jkp_registered_on"] > phk:
        problems.append(
            FieldProblem("jkp_registered_on", _("Tanggal pendaftaran JKP tidak boleh setelah tanggal PHK."))
        )
    if v["contract_type"] == "PKWT" and v.get("contract_end_date") is None:
        problems.append(
            FieldProblem(
                "contract_end_date",
                _("Wajib diisi untuk karyawan kontrak (PKWT): lihat tanggal akhir di perjanjian kerja Anda."),
            )
        )
    if phk > filed:
        problems.append(
            FieldProblem(
                "phk_date",
                _("Tanggal PHK tidak boleh setelah tanggal pengajuan klaim (%(date)s).") % {"date": _fmt(filed)},
            )
        )
    if filed > decision:
        problems.append(
            FieldProblem(
                "filed_on",
                _("Tanggal pengajuan tidak boleh setelah tanggal keputusan (%(date)s).") % {"date": _fmt(decision)},
            )
        )
    for i, previous in enumerate(v["previous_claim_phk_dates"]):
        if previous >= phk:
            problems.append(
                FieldProblem(
                    "previous_claim_phk_dates",
                    _("Tanggal PHK klaim sebelumnya (%(date)s) harus sebelum tanggal PHK sekarang.")
                    % {"date": _fmt(previous)},
                    index=i,
                )
            )
    return problems
