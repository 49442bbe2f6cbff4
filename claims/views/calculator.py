"""The public page "Cek kelayakan & simulasi manfaat JKP": a plain form POST, no login, no JavaScript needed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from claims.apis.calculator import SimulateThrottle
from claims.eligibility import RULE_SETS, RuleSet, Verdict
from claims.forms.calculator.checks import SimulationInputError
from claims.forms.calculator.choices import DATE_INPUT_FORMATS, MAX_PAID_MONTHS, REASON_LABELS
from claims.forms.calculator.form import CalculatorForm
from claims.forms.calculator.parsing import index_month, month_index, parse_month
from claims.forms.calculator.simulation import simulate

_RULE_SETS = {rs.code: rs for rs in RULE_SETS}


def _criterion_titles() -> dict[str, str]:
    return {
        "NOT_CITIZEN": _("Warga negara Indonesia (WNI)"),
        "AGE_AT_REGISTRATION": _("Usia di bawah 54 tahun saat terdaftar JKP"),
        "PROGRAMS_INCOMPLETE": _("Terdaftar di program jaminan sosial yang diwajibkan"),
        "EXCLUDED_REASON": _("Alasan PHK tidak dikecualikan"),
        "PKWT_CONTRACT_ENDED": _("PHK terjadi sebelum kontrak PKWT berakhir"),
        "INSUFFICIENT_CONTRIBUTIONS": _("Masa iuran cukup"),
        "NOT_CONSECUTIVE": _("Iuran 6 bulan berturut-turut sebelum PHK"),
        "CLAIM_DEADLINE_PASSED": _("Klaim diajukan sebelum batas waktu"),
        "CLAIM_LIMIT_REACHED": _("Belum 3 kali menerima manfaat JKP"),
        "REEMPLOYED": _("Belum bekerja kembali sebagai penerima upah"),
        "NOT_WILLING_TO_WORK": _("Bersedia aktif mencari kerja (KAPK)"),
    }


def rupiah(value: Decimal) -> str:
    """``Decimal("2700000")`` -> "Rp 2.700.000" (thousands grouped as the active language writes them)."""
    places = 0 if value == value.to_integral_value() else 2
    return "Rp " + formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def percent(rate: Decimal) -> str:
    return formats.number_format((rate * 100).normalize(), use_l10n=True) + "%"


def long_date(d: date) -> str:
    return formats.date_format(d, "j F Y")


def _rate_groups(rs: RuleSet) -> list[tuple[int, int, Decimal, Decimal]]:
    """Consecutive benefit months with the same rate and ceiling: (first, last, rate, max)."""
    groups: list[list] = []
    for k, (rate, ceiling) in enumerate(zip(rs.rates, rs.max_per_month, strict=True), start=1):
        if groups and groups[-1][2] == rate and groups[-1][3] == ceiling:
            groups[-1][1] = k
        else:
            groups.append([k, k, rate, ceiling])
    return [tuple(g) for g in groups]


def rule_set_explanation(rs: RuleSet) -> list[str]:
    """What a rule set means for the worker, in sentences built from its numbers."""
    rates = "; ".join(
        _("%(rate)s untuk bulan %(first)d–%(last)d (paling banyak %(max)s per bulan)")
        % {"rate": percent(rate), "first": first, "last": last, "max": rupiah(ceiling)}
        for first, last, rate, ceiling in _rate_groups(rs)
    )
    lines = [
        _("Dasar hukum %(basis)s, berlaku sejak %(date)s.")
        % {"basis": rs.legal_basis, "date": long_date(rs.effective_from)},
        _("Uang tunai %(rates)s, paling banyak %(total)s seluruhnya.")
        % {"rates": rates, "total": rupiah(rs.max_total)},
        ngettext(
            "Klaim paling lambat %(n)d bulan setelah tanggal PHK.",
            "Klaim paling lambat %(n)d bulan setelah tanggal PHK.",
            rs.claim_deadline_months,
        )
        % {"n": rs.claim_deadline_months},
    ]
    contributions = _("Klaim pertama: iuran lunas paling sedikit %(min)d bulan dalam %(window)d bulan terakhir") % {
        "min": rs.min_paid_months,
        "window": rs.window_months,
    }
    if rs.requires_consecutive:
        contributions += _(", termasuk %(n)d bulan berturut-turut sampai bulan PHK atau sebulan sebelumnya") % {
            "n": rs.consecutive_months
        }
    lines.append(contributions + ".")
    if rs.jkn_ppu_required:
        lines.append(_("Kepesertaan BPJS Kesehatan (JKN) harus segmen PPU."))
    else:
        lines.append(_("Kepesertaan BPJS Kesehatan (JKN) boleh segmen apa pun (PPU, PBI atau PBPU)."))
    return lines


def payer_explanation(verdict: Verdict, arrears: int, bankrupt: bool) -> dict[str, str]:
    rs = _RULE_SETS[verdict.rule_set]
    threshold = rs.employer_payer_arrears_threshold
    if verdict.payer == "employer":
        return {
            "title": _("Perusahaan (pemberi kerja) membayar lebih dulu"),
            "text": _(
                "Perusahaan Anda menunggak iuran %(arrears)d bulan berturut-turut, lebih dari %(n)d bulan. "
                "Karena itu perusahaan wajib membayar uang tunai JKP kepada Anda lebih dulu; setelah melunasi "
                "tunggakannya, perusahaan dapat meminta penggantian ke BPJS Ketenagakerjaan dalam %(m)d bulan. "
                "Hak Anda atas JKP tidak berkurang."
            )
            % {"arrears": arrears, "n": threshold, "m": rs.employer_reimbursement_request_months},
        }
    text = _("BPJS Ketenagakerjaan membayar uang tunai langsung ke rekening atas nama Anda.")
    if arrears > threshold and bankrupt and rs.bankrupt_closed_rule:
        text += " " + _(
            "Perusahaan pailit atau tutup dengan tunggakan paling lama %(n)d bulan: BPJS tetap membayar (Pasal 39A)."
        ) % {"n": rs.bankrupt_closed_arrears_limit}
    elif arrears > 0:
        text += " " + _("Perusahaan tetap wajib melunasi tunggakan iurannya.")
    return {"title": _("BPJS Ketenagakerjaan"), "text": text}


def explain(verdict: Verdict, values: dict[str, Any]) -> dict[str, Any]:
    """Everything the result block shows, formatted for people."""
    rs = _RULE_SETS[verdict.rule_set]
    titles = _criterion_titles()
    criteria = [
        {"code": c.code, "title": titles[c.code], "passed": c.passed, "detail": c.detail} for c in verdict.criteria
    ]
    rows = [
        {
            "month": m.month,
            "due_date": formats.date_format(m.due_date, "j M Y"),
            "rate": percent(m.rate),
            "amount": rupiah(m.amount),
            "rule_set": _RULE_SETS[m.rule_set].legal_basis.split(",")[0],
            "transition": m.rule_set != verdict.rule_set,
        }
        for m in verdict.schedule
    ]
    transitions = [
        {
            "old": old.legal_basis.split(",")[0],
            "new": new.legal_basis.split(",")[0],
            "basis": new.legal_basis,
            "date": long_date(new.effective_from),
            "rate": percent(new.rates[0]),
            "applied": verdict.rule_set == old.code and any(m.rule_set == new.code for m in verdict.schedule),
            "decided_under_new": rs.effective_from >= new.effective_from,
        }
        for old, new in zip(RULE_SETS, RULE_SETS[1:], strict=False)
    ]
    last_wage = values["last_wage"]
    return {
        "eligible": verdict.eligible,
        "rule_set_code": verdict.rule_set,
        "rule_set_name": rs.legal_basis.split(",")[0],
        "rule_set_lines": rule_set_explanation(rs),
        "payer": payer_explanation(verdict, values["employer_arrears_months"], values["employer_bankrupt_or_closed"]),
        "claim_deadline": long_date(verdict.claim_deadline),
        "deadline_passed": "CLAIM_DEADLINE_PASSED" in verdict.failed,
        "decision_date": long_date(values["decision_date"]),
        "last_wage": rupiah(last_wage),
        "wage_base": rupiah(verdict.wage_base),
        "wage_cap": rupiah(rs.wage_cap),
        "capped": last_wage > verdict.wage_base,
        "schedule": rows,
        "total": rupiah(verdict.total),
        "months": len(rows),
        "criteria": criteria,
        "failed": [c for c in criteria if not c["passed"]],
        "transitions": transitions,
        "reason_label": REASON_LABELS[values["phk_reason"]],
    }


# --- the month grid of the advanced mode ---------------------------------------------


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.strptime(str(value or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


def month_grid(form: CalculatorForm) -> list[dict[str, Any]]:
    """Year rows of month checkboxes: the 24 months up to the PHK month (this month
    before a PHK date is known), back to the month after a previous claim's PHK, and
    any month already ticked."""
    phk = _as_date(form["phk_date"].value())
    today = timezone.localdate()
    end = month_index(*(phk.year, phk.month) if phk else (today.year, today.month))
    start = end - 23
    previous = [_as_date(form[name].value()) for name in CalculatorForm.PREVIOUS_FIELDS]
    previous = [d for d in previous if d is not None and month_index(d.year, d.month) < end]
    if previous:
        latest = max(previous)
        start = min(start, month_index(latest.year, latest.month) + 1)
    ticked = set()
    for raw in form["paid_months"].value() or []:
        try:
            ticked.add(month_index(*parse_month(raw)))
        except ValueError:
            continue
    if ticked:
        start, end = min(start, min(ticked)), max(end, max(ticked))
    start = max(start, end - MAX_PAID_MONTHS + 1)
    years = []
    for year in range(index_month(start)[0], index_month(end)[0] + 1):
        cells = []
        for month in range(1, 13):
            idx = month_index(year, month)
            value = f"{year:04d}-{month:02d}"
            cells.append(
                {
                    "value": value,
                    "label": str(MONTHS_3[month]).capitalize(),
                    "in_range": start <= idx <= end,
                    "checked": idx in ticked,
                }
            )
        years.append({"year": year, "cells": cells})
    return years


def _client_can_simulate(request) -> tuple[bool, int]:
    throttle = SimulateThrottle()
    if throttle.allow_request(request, None):
        return True, 0
    return False, int(throttle.wait() or 60) + 1


@require_http_methods(["GET", "POST"])
def calculator(request):
    """Anyone can check eligibility and see the month-by-month benefit."""
    result = None
    throttled_seconds = 0
    status = 200
    if request.method == "POST" and request.POST.get("action") == "refresh_months":
        # No-JavaScript path: redraw the month boxes for the PHK date typed so far.
        form = CalculatorForm(initial=CalculatorForm.initial_from(request.POST))
    elif request.method == "POST":
        form = CalculatorForm(request.POST)
        allowed, throttled_seconds = _client_can_simulate(request)
        if not allowed:
            status = 429
            form = CalculatorForm(initial=CalculatorForm.initial_from(request.POST))
        elif form.is_valid():
            try:
                verdict = simulate(form.values)
            except SimulationInputError as exc:
                form.add_simulation_errors(exc)
            else:
                result = explain(verdict, form.values)
        form.mark_invalid_fields()
    else:
        form = CalculatorForm()
    context = {
        "form": form,
        "result": result,
        "throttled_seconds": throttled_seconds,
        "month_grid": month_grid(form),
        "month_labels": [str(MONTHS_3[m]).capitalize() for m in range(1, 13)],
    }
    return render(request, "claims/calculator.html", context, status=status)
