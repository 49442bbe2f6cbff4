"""The dashboard filters: read from a query string (HTML page, downloads, API
and the monthly report), checked against what the user may see."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.eligibility import RULE_SETS
from claims.eligibility.rules import rule_set_label
from claims.kbli import short_label
from claims.models import Participant, Sector
from jkp_portal.accounts.models import Office
from jkp_portal.accounts.regions import province_choices, province_name
from jkp_portal.accounts.selectors import office_scope_ids

from .dimensions import AGE_BANDS, month_add

MAX_MONTHS = 36
DEFAULT_MONTHS = 12
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str) -> date:
    match = _MONTH_RE.match((value or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(value)
    return date(int(match.group(1)), int(match.group(2)), 1)


@dataclass(frozen=True)
class Filters:
    """What a dashboard query is limited to. ``office_ids`` None means every
    office (national); an empty set means nothing."""

    start: date
    end: date
    office_ids: frozenset[int] | None
    office: Office | None = field(default=None, compare=False)
    province: str = ""
    sector: str = ""
    sex: str = ""
    age_band: int | None = None
    contract_type: str = ""
    rule_set: str = ""

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def demographic(self) -> dict[str, object]:
        """The demographic filters that are set (dimension -> value)."""
        values = {
            "sector": self.sector,
            "sex": self.sex,
            "age_band": self.age_band,
            "contract_type": self.contract_type,
        }
        return {k: v for k, v in values.items() if v not in ("", None)}

    def as_query(self) -> dict[str, str]:
        """The query-string form, to rebuild links (downloads keep the filters)."""
        query = {"start": f"{self.start:%Y-%m}", "end": f"{self.end:%Y-%m}"}
        if self.office is not None:
            query["office"] = self.office.code
        for key in ("province", "sector", "sex", "contract_type", "rule_set"):
            if getattr(self, key):
                query[key] = getattr(self, key)
        if self.age_band is not None:
            query["age_band"] = str(self.age_band)
        return query

    def as_dict(self) -> dict:
        return {
            "start": f"{self.start:%Y-%m}",
            "end": f"{self.end:%Y-%m}",
            "office": self.office.code if self.office else None,
            "province": self.province or None,
            "sector": self.sector or None,
            "sex": self.sex or None,
            "age_band": self.age_band,
            "contract_type": self.contract_type or None,
            "rule_set": self.rule_set or None,
        }


def scope_offices(user) -> list[Office]:
    """The offices a user may pick in the office filter (their scope)."""
    ids = office_scope_ids(user)
    qs = Office.objects.all() if ids is None else Office.objects.filter(pk__in=ids)
    return list(qs.order_by("kind", "name"))


def _expand(office: Office, offices: list[Office]) -> set[int]:
    """A regional office stands for itself and its branches; the head office for everything."""
    if office.kind == Office.Kind.REGIONAL:
        return {office.pk} | {o.pk for o in offices if o.parent_id == office.pk}
    return {office.pk}


class DashboardFilterForm(forms.Form):
    start = forms.CharField(
        label=_("Dari bulan"), required=False, widget=forms.TextInput(attrs={"type": "month", "placeholder": "2025-01"})
    )
    end = forms.CharField(
        label=_("Sampai bulan"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2025-12"}),
    )
    office = forms.ChoiceField(label=_("Kantor"), required=False)
    province = forms.ChoiceField(label=_("Provinsi"), required=False)
    # KBLI 2020 sections, by their short titles (the longest official ones do not fit a drop-down).
    sector = forms.ChoiceField(
        label=_("Sektor"),
        required=False,
        choices=[("", _("Semua sektor")), *[(code, short_label(code)) for code in Sector.values]],
    )
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False, choices=[("", _("Semua")), *Participant.Sex.choices]
    )
    age_band = forms.ChoiceField(
        label=_("Usia"),
        required=False,
        choices=[("", _("Semua usia")), *[(str(code), label) for code, _low, label in AGE_BANDS]],
    )
    contract_type = forms.ChoiceField(
        label=_("Jenis kontrak"), required=False, choices=[("", _("Semua")), *Participant.ContractType.choices]
    )
    rule_set = forms.ChoiceField(
        label=_("Aturan"),
        required=False,
        choices=[("", _("Semua aturan")), *[(rs.code, rule_set_label(rs.code)) for rs in RULE_SETS]],
    )

    def __init__(self, data=None, *, user, today: date | None = None):
        super().__init__(data if data is not None else {})
        self.user = user
        self.today = today or timezone.localdate()
        self.offices = scope_offices(user)
        scope = office_scope_ids(user)
        self.scope_ids = None if scope is None else frozenset(scope)
        self.fields["office"].choices = [("", _("Semua kantor dalam wewenang Anda"))] + [
            (o.code, o.name) for o in self.offices
        ]
        if scope is None:
            provinces = province_choices()
        else:
            codes = sorted({code for o in self.offices for code in o.province_codes})
            provinces = sorted(((c, province_name(c)) for c in codes), key=lambda item: item[1])
        self.fields["province"].choices = [("", _("Semua provinsi")), *provinces]
        for name, bound in self.fields.items():
            css = (
                "form-select form-select-sm"
                if isinstance(bound.widget, forms.Select)
                else "form-control form-control-sm"
            )
            bound.widget.attrs.setdefault("class", css)
            bound.widget.attrs.setdefault("id", f"f-{name}")

    def _month(self, name: str) -> date | None:
        value = self.cleaned_data.get(name)
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError:
            self.add_error(name, _("Tulis bulan sebagai TTTT-BB, misalnya 2025-03."))
            return None

    def clean(self):
        data = super().clean()
        this_month = self.today.replace(day=1)
        end = self._month("end") or this_month
        start = self._month("start") or month_add(end, -(DEFAULT_MONTHS - 1))
        if start > end:
            self.add_error("start", _("Bulan awal harus sebelum bulan akhir."))
        elif (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_MONTHS:
            self.add_error("start", _("Periode paling panjang %(n)s bulan.") % {"n": MAX_MONTHS})
        data["start_month"], data["end_month"] = start, end
        return data

    def filters(self) -> Filters:
        """The validated filters (call after ``is_valid()``; invalid fields fall back to 'all')."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        end = data.get("end_month") or self.today.replace(day=1)
        start = data.get("start_month") or month_add(end, -(DEFAULT_MONTHS - 1))
        if start > end or (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_MONTHS:
            start, end = month_add(self.today.replace(day=1), -(DEFAULT_MONTHS - 1)), self.today.replace(day=1)
        office = None
        office_ids = self.scope_ids
        code = data.get("office") or ""
        if code and "office" not in self.errors:
            office = next((o for o in self.offices if o.code == code), None)
            if office is not None and office.kind != Office.Kind.HEAD:
                office_ids = frozenset(_expand(office, self.offices))
        age = data.get("age_band")
        return Filters(
            start=start,
            end=end,
            office_ids=office_ids,
            office=office,
            province=data.get("province") or "",
            sector=data.get("sector") or "",
            sex=data.get("sex") or "",
            age_band=int(age) if age not in (None, "") else None,
            contract_type=data.get("contract_type") or "",
            rule_set=data.get("rule_set") or "",
        )


def filters_for(user, data=None, *, today: date | None = None) -> tuple[Filters, DashboardFilterForm]:
    """The filters of a request; the period defaults to the last 12 months and
    is written back into the form so the page shows what it reports on."""
    today = today or timezone.localdate()
    values = {key: data.get(key) for key in data} if data is not None else {}
    end = values.get("end") or f"{today:%Y-%m}"
    values["end"] = end
    if not values.get("start"):
        try:
            values["start"] = f"{month_add(parse_month(end), -(DEFAULT_MONTHS - 1)):%Y-%m}"
        except ValueError:
            values["start"] = ""
    form = DashboardFilterForm(values, user=user, today=today)
    form.is_valid()
    return form.filters(), form
