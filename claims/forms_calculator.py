"""Input of the public benefit calculator (page and API).

The page form and the API serializer parse their own wire formats, then hand
the same plain values to ``simulate()``, which applies the cross-field checks
both share and runs the eligibility engine. Errors come back per field, in
Indonesian, never as an exception the caller has not caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.eligibility import (
    EXCLUDED_REASONS,
    PHK_REASONS,
    RULE_SETS,
    Facts,
    NoRuleSetError,
    Verdict,
    evaluate,
    rule_set_for,
)
from jkp_portal.common.exceptions import ApplicationError

MAX_PAID_MONTHS = 600
MAX_PREVIOUS_CLAIMS_API = 10
PREVIOUS_CLAIM_SLOTS = 3
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]

CITIZENSHIP_CHOICES = [
    ("WNI", gettext_lazy("WNI (Warga Negara Indonesia)")),
    ("WNA", gettext_lazy("WNA (Warga Negara Asing)")),
]
SIZE_CHOICES = [
    ("large", gettext_lazy("Besar")),
    ("medium", gettext_lazy("Menengah")),
    ("small", gettext_lazy("Kecil")),
    ("micro", gettext_lazy("Mikro")),
]
PROGRAM_CHOICES = [
    ("JKN", gettext_lazy("JKN – Jaminan Kesehatan Nasional (BPJS Kesehatan)")),
    ("JKK", gettext_lazy("JKK – Jaminan Kecelakaan Kerja")),
    ("JKM", gettext_lazy("JKM – Jaminan Kematian")),
    ("JHT", gettext_lazy("JHT – Jaminan Hari Tua")),
    ("JP", gettext_lazy("JP – Jaminan Pensiun")),
]
SEGMENT_CHOICES = [
    ("PPU", gettext_lazy("PPU – pekerja penerima upah (iuran lewat perusahaan)")),
    ("PBI", gettext_lazy("PBI – penerima bantuan iuran (dibayar pemerintah)")),
    ("PBPU", gettext_lazy("PBPU – peserta mandiri (bayar sendiri)")),
]
CONTRACT_CHOICES = [
    ("PKWTT", gettext_lazy("PKWTT – karyawan tetap")),
    ("PKWT", gettext_lazy("PKWT – karyawan kontrak (waktu tertentu)")),
]
REASON_LABELS = {
    "efficiency": gettext_lazy("Efisiensi / pengurangan karyawan"),
    "business_closure": gettext_lazy("Perusahaan tutup"),
    "bankruptcy": gettext_lazy("Perusahaan pailit"),
    "merger_acquisition": gettext_lazy("Penggabungan, peleburan atau pengambilalihan perusahaan"),
    "force_majeure": gettext_lazy("Keadaan memaksa (force majeure)"),
    "company_loss": gettext_lazy("Perusahaan merugi"),
    "disciplinary": gettext_lazy("Pelanggaran disiplin / aturan kerja"),
    "other": gettext_lazy("Alasan lain"),
    "contract_ended": gettext_lazy("Kontrak PKWT habis (tidak diperpanjang)"),
    "resignation": gettext_lazy("Mengundurkan diri"),
    "retirement": gettext_lazy("Pensiun"),
    "permanent_total_disability": gettext_lazy("Cacat total tetap"),
    "death": gettext_lazy("Meninggal dunia"),
}
# Reasons that never give JKP: the excluded ones and a fixed-term contract that simply runs out.
NO_BENEFIT_REASONS = (*sorted(EXCLUDED_REASONS, key=PHK_REASONS.index), "contract_ended")
REASON_CHOICES = [
    ("", gettext_lazy("— pilih alasan PHK —")),
    (
        gettext_lazy("Alasan yang dapat menerima JKP"),
        [(r, REASON_LABELS[r]) for r in PHK_REASONS if r not in NO_BENEFIT_REASONS],
    ),
    (
        gettext_lazy("Tidak mendapat JKP"),
        [(r, REASON_LABELS[r]) for r in PHK_REASONS if r in NO_BENEFIT_REASONS],
    ),
]

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_iso_date(text: str) -> bool:
    if not _ISO_DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_month(text: Any) -> tuple[int, int]:
    """``"2024-07"`` -> ``(2024, 7)``; ValueError with an Indonesian message otherwise."""
    match = _MONTH_RE.match(str(text).strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(
            _("“%(value)s” bukan bulan yang valid: gunakan format TTTT-BB, mis. 2024-07.") % {"value": text}
        )
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(_("“%(value)s”: bulan harus 01 sampai 12.") % {"value": text})
    if year < 1900:
        raise ValueError(_("“%(value)s”: tahun tidak masuk akal.") % {"value": text})
    return year, month


_PLAIN = re.compile(r"^\d+(,\d{1,2})?$")
_GROUPED_ID = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")


def parse_rupiah(text: str) -> Decimal:
    """Indonesian money input -> Decimal: "4.500.000", "Rp 4.500.000,00", "4500000".

    Dots group thousands and a comma starts the (at most 2) decimals, as written
    in Indonesia. Anything else raises ValueError with an Indonesian message.
    """
    cleaned = re.sub(r"\s+", "", text or "")
    cleaned = re.sub(r"^(?i:rp)\.?", "", cleaned)
    if cleaned.startswith("-"):
        raise ValueError(_("Upah tidak boleh negatif."))
    if not (_PLAIN.match(cleaned) or _GROUPED_ID.match(cleaned)):
        raise ValueError(_("Tulis upah dalam rupiah, mis. 4.500.000 atau 4500000."))
    try:
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise ValueError(_("Tulis upah dalam rupiah, mis. 4.500.000 atau 4500000."))


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def index_month(idx: int) -> tuple[int, int]:
    return idx // 12, idx % 12 + 1


def months_from_count(phk_date: date, count: int, *, last_six_consecutive: bool) -> frozenset[tuple[int, int]]:
    """The simple mode's answer as paid months ending at the PHK month.

    ``count`` months are laid back from the PHK month. When the last six were
    not paid without a break, the month before the PHK month is left unpaid, so
    no run of six ends in the PHK month or the month before it.
    """
    phk_idx = month_index(phk_date.year, phk_date.month)
    out = []
    idx = phk_idx
    while len(out) < count:
        if not (not last_six_consecutive and idx == phk_idx - 1):
            out.append(index_month(idx))
        idx -= 1
    return frozenset(out)


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


# Engine messages name the fact they refused; map them back onto the input field.
_ENGINE_FIELDS = ("phk_reason", "employer_size", "contract_type", "jkn_segment", "last_wage")


def simulate(v: dict[str, Any]) -> Verdict:
    """Run the engine on already-parsed values (dates, Decimal wage, (year, month) tuples).

    ``v`` holds every ``Facts`` field with ``decision_date`` and ``filed_on``
    already defaulted. Raises ``SimulationInputError`` for impossible input.
    """
    problems = check_relations(v)
    if problems:
        raise SimulationInputError(problems)
    facts = Facts(
        citizenship=v["citizenship"],
        birth_date=v["birth_date"],
        jkp_registered_on=v["jkp_registered_on"],
        employer_size=v["employer_size"],
        programs=frozenset(v["programs"]),
        jkn_segment=v["jkn_segment"],
        contract_type=v["contract_type"],
        contract_end_date=v.get("contract_end_date") if v["contract_type"] == "PKWT" else None,
        phk_date=v["phk_date"],
        phk_reason=v["phk_reason"],
        filed_on=v["filed_on"],
        decision_date=v["decision_date"],
        paid_months=frozenset(v["paid_months"]),
        last_wage=v["last_wage"],
        employer_arrears_months=v["employer_arrears_months"],
        employer_bankrupt_or_closed=bool(v["employer_bankrupt_or_closed"]),
        previous_claim_phk_dates=tuple(v["previous_claim_phk_dates"]),
        reemployed=bool(v["reemployed"]),
        kapk_signed=bool(v["kapk_signed"]),
    )
    try:
        return evaluate(facts)
    except NoRuleSetError:
        raise SimulationInputError(
            [FieldProblem("decision_date", _("Tidak ada aturan JKP yang berlaku pada tanggal keputusan ini."))]
        )
    except (ValueError, TypeError) as exc:
        field = next((name for name in _ENGINE_FIELDS if name in str(exc)), "non_field_errors")
        raise SimulationInputError([FieldProblem(field, _("Nilai ini tidak dapat dihitung."))])


# ---------------------------------------------------------------------------
# The page form


class _DateInput(forms.DateInput):
    """A date picker that shows a typed value it could not read as plain text, so it is not lost."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, date):
            return value.isoformat()
        return value

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, str) and value and not _is_iso_date(value):
            context["widget"]["type"] = "text"
        return context


class _MonthsField(forms.Field):
    """Ticked months ("YYYY-MM", many values under one name) -> set of (year, month)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return frozenset()
        if isinstance(value, str):
            value = [value]
        if len(value) > MAX_PAID_MONTHS:
            raise forms.ValidationError(_("Paling banyak %(n)d bulan.") % {"n": MAX_PAID_MONTHS})
        months, messages = set(), []
        for item in value:
            try:
                months.add(parse_month(item))
            except ValueError as exc:
                messages.append(str(exc))
        if messages:
            raise forms.ValidationError(messages)
        return frozenset(months)


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=_DateInput(),
        error_messages={
            "invalid": gettext_lazy("Tanggal tidak valid. Pilih dari kalender atau tulis HH/BB/TTTT, mis. 15/06/2025."),
            "required": gettext_lazy("Wajib diisi."),
        },
    )


class CalculatorForm(forms.Form):
    """What a laid-off worker knows about their situation, in plain words."""

    citizenship = forms.ChoiceField(
        label=gettext_lazy("Kewarganegaraan"),
        choices=CITIZENSHIP_CHOICES,
        widget=forms.RadioSelect,
        initial="WNI",
        error_messages={"required": gettext_lazy("Pilih kewarganegaraan.")},
    )
    birth_date = _date_field(gettext_lazy("Tanggal lahir"))
    jkp_registered_on = _date_field(
        gettext_lazy("Tanggal terdaftar JKP"),
        help_text=gettext_lazy(
            "Biasanya sama dengan tanggal mulai terdaftar BPJS Ketenagakerjaan (lihat aplikasi JMO); "
            "peserta yang sudah terdaftar saat JKP dimulai (Februari 2021) otomatis menjadi peserta JKP."
        ),
    )
    employer_size = forms.ChoiceField(
        label=gettext_lazy("Skala usaha perusahaan"),
        choices=SIZE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Pilih skala usaha perusahaan.")},
        help_text=gettext_lazy(
            "Usaha besar dan menengah wajib mendaftarkan pekerjanya di JKN, JKK, JKM, JHT dan JP; "
            "usaha kecil dan mikro cukup JKN, JKK, JKM dan JHT. Tidak tahu? Tanyakan bagian personalia (HRD)."
        ),
    )
    programs = forms.MultipleChoiceField(
        label=gettext_lazy("Program jaminan sosial yang Anda ikuti"),
        choices=PROGRAM_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Centang semua program yang terdaftar atas nama Anda."),
    )
    jkn_segment = forms.ChoiceField(
        label=gettext_lazy("Kepesertaan BPJS Kesehatan (JKN)"),
        choices=SEGMENT_CHOICES,
        widget=forms.RadioSelect,
        initial="PPU",
        error_messages={"required": gettext_lazy("Pilih kepesertaan BPJS Kesehatan.")},
        help_text=gettext_lazy("Pekerja yang iuran BPJS Kesehatannya dipotong dari gaji termasuk PPU."),
    )
    contract_type = forms.ChoiceField(
        label=gettext_lazy("Jenis hubungan kerja"),
        choices=CONTRACT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Pilih karyawan tetap (PKWTT) atau kontrak (PKWT).")},
    )
    contract_end_date = _date_field(
        gettext_lazy("Tanggal berakhir kontrak (khusus PKWT)"),
        required=False,
        help_text=gettext_lazy("Lihat perjanjian kerja. Kosongkan bila Anda karyawan tetap (PKWTT)."),
    )
    phk_date = _date_field(gettext_lazy("Tanggal PHK"))
    phk_reason = forms.ChoiceField(
        label=gettext_lazy("Alasan PHK"),
        choices=REASON_CHOICES,
        help_text=gettext_lazy(
            "Mengundurkan diri, pensiun, cacat total tetap dan meninggal dunia tidak mendapat JKP. "
            "Kontrak PKWT yang habis dengan sendirinya juga tidak; PHK sebelum kontrak berakhir bisa."
        ),
        error_messages={"required": gettext_lazy("Pilih alasan PHK.")},
    )
    filed_on = _date_field(
        gettext_lazy("Tanggal pengajuan klaim"),
        help_text=gettext_lazy("Hari ini, atau tanggal Anda berencana mengajukan klaim."),
    )
    decision_date = _date_field(
        gettext_lazy("Tanggal keputusan klaim (opsional)"),
        required=False,
        help_text=gettext_lazy(
            "Kosongkan untuk memakai hari ini (atau tanggal pengajuan bila lebih lambat). "
            "Aturan yang berlaku pada tanggal ini menentukan syarat dan besar manfaat."
        ),
    )
    contribution_mode = forms.ChoiceField(
        label=gettext_lazy("Cara mengisi masa iuran"),
        choices=[
            ("simple", gettext_lazy("Cara mudah: jumlah bulan")),
            ("advanced", gettext_lazy("Cara rinci: centang bulan")),
        ],
        widget=forms.RadioSelect,
        initial="simple",
        error_messages={"required": gettext_lazy("Pilih cara mengisi masa iuran.")},
    )
    paid_count = forms.IntegerField(
        label=gettext_lazy("Berapa bulan iuran dibayar?"),
        required=False,
        min_value=0,
        max_value=MAX_PAID_MONTHS,
        help_text=gettext_lazy(
            "Klaim pertama: hitung dalam 24 bulan terakhir sampai bulan PHK (paling banyak 24). "
            "Klaim kedua atau ketiga: hitung sejak bulan setelah PHK klaim sebelumnya."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    last6_consecutive = forms.ChoiceField(
        label=gettext_lazy("Apakah iuran 6 bulan terakhir sebelum PHK dibayar tanpa putus?"),
        choices=[("yes", gettext_lazy("Ya")), ("no", gettext_lazy("Tidak / ada yang terputus"))],
        widget=forms.RadioSelect,
        initial="yes",
        required=False,
    )
    paid_months = _MonthsField(label=gettext_lazy("Bulan yang iurannya lunas"), required=False)
    last_wage = forms.CharField(
        label=gettext_lazy("Upah terakhir per bulan (Rp)"),
        max_length=30,
        help_text=gettext_lazy("Upah yang dilaporkan perusahaan ke BPJS, mis. 4.500.000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "data-rupiah": ""}),
        error_messages={"required": gettext_lazy("Wajib diisi.")},
    )
    employer_arrears_months = forms.IntegerField(
        label=gettext_lazy("Tunggakan iuran perusahaan (bulan berturut-turut)"),
        min_value=0,
        max_value=MAX_PAID_MONTHS,
        initial=0,
        required=False,
        help_text=gettext_lazy(
            "Berapa bulan terakhir perusahaan belum membayar iuran saat PHK. Isi 0 bila tidak ada atau tidak tahu."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    employer_bankrupt_or_closed = forms.BooleanField(
        label=gettext_lazy("Perusahaan dinyatakan pailit atau tutup"), required=False
    )
    previous_phk_1 = _date_field(gettext_lazy("PHK klaim ke-1"), required=False)
    previous_phk_2 = _date_field(gettext_lazy("PHK klaim ke-2"), required=False)
    previous_phk_3 = _date_field(gettext_lazy("PHK klaim ke-3"), required=False)
    reemployed = forms.BooleanField(
        label=gettext_lazy("Saya sudah bekerja lagi sebagai karyawan penerima upah"),
        required=False,
        help_text=gettext_lazy("Usaha sendiri atau kerja informal tidak dihitung."),
    )
    kapk_signed = forms.BooleanField(
        label=gettext_lazy("Saya bersedia menandatangani KAPK (Komitmen Aktivitas Pencarian Kerja)"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Berkomitmen aktif mencari kerja: melamar, ikut seleksi atau pelatihan."),
    )

    PREVIOUS_FIELDS = ("previous_phk_1", "previous_phk_2", "previous_phk_3")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("filed_on", timezone.localdate())
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.CheckboxInput)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.MultipleHiddenInput):
                widget.attrs.setdefault("class", "form-control")
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self.auto_id % name}_help"
        self._previous_slots: list[str] = []
        self.values: dict[str, Any] | None = None

    @classmethod
    def initial_from(cls, data) -> dict[str, Any]:
        """What was typed, as initial values of an unbound form (redisplay without judging it)."""
        return {name: field.widget.value_from_datadict(data, {}, name) for name, field in cls.base_fields.items()}

    def clean_last_wage(self):
        try:
            return parse_rupiah(self.cleaned_data["last_wage"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc))

    def clean(self):
        data = super().clean()
        phk = data.get("phk_date")
        previous = [(name, data.get(name)) for name in self.PREVIOUS_FIELDS if data.get(name)]
        if data.get("contribution_mode") == "simple":
            self._clean_simple(data, phk, [d for _name, d in previous])
        if data.get("contract_type") == "PKWTT":
            data["contract_end_date"] = None
        if self.errors:
            return data
        today = timezone.localdate()
        decision = data.get("decision_date") or max(today, data["filed_on"])
        self._previous_slots = [name for name, _d in previous]
        self.values = {
            "citizenship": data["citizenship"],
            "birth_date": data["birth_date"],
            "jkp_registered_on": data["jkp_registered_on"],
            "employer_size": data["employer_size"],
            "programs": data["programs"],
            "jkn_segment": data["jkn_segment"],
            "contract_type": data["contract_type"],
            "contract_end_date": data["contract_end_date"],
            "phk_date": phk,
            "phk_reason": data["phk_reason"],
            "filed_on": data["filed_on"],
            "decision_date": decision,
            "paid_months": data["paid_months"],
            "last_wage": data["last_wage"],
            "employer_arrears_months": data["employer_arrears_months"] or 0,
            "employer_bankrupt_or_closed": data["employer_bankrupt_or_closed"],
            "previous_claim_phk_dates": [d for _name, d in previous],
            "reemployed": data["reemployed"],
            "kapk_signed": data["kapk_signed"],
        }
        return data

    def _clean_simple(self, data, phk, previous):
        count = data.get("paid_count")
        consecutive = data.get("last6_consecutive") or "yes"
        if count is None:
            if "paid_count" not in self.errors:
                self.add_error("paid_count", _("Isi jumlah bulan iuran yang dibayar (0 bila tidak ada)."))
            return
        if phk is None:
            return  # the PHK date's own error says what to fix
        phk_idx = month_index(phk.year, phk.month)
        if previous:
            latest = max(previous)
            limit = phk_idx - month_index(latest.year, latest.month)
            if limit <= 0:
                return  # the previous date's own error applies
            where = _("sejak PHK klaim sebelumnya sampai bulan PHK")
        else:
            limit = 24
            where = _("dalam 24 bulan sampai bulan PHK")
        if consecutive == "yes" and count < 6:
            self.add_error(
                "paid_count",
                _(
                    "Jika 6 bulan terakhir dibayar tanpa putus, jumlahnya paling sedikit 6. Periksa kembali jawaban Anda."
                ),
            )
            return
        room = limit if consecutive == "yes" else limit - 1
        if count > room:
            self.add_error(
                "paid_count",
                _("Paling banyak %(n)d bulan %(where)s.") % {"n": max(room, 0), "where": where},
            )
            return
        data["paid_months"] = months_from_count(phk, count, last_six_consecutive=consecutive == "yes")

    def add_simulation_errors(self, exc: SimulationInputError) -> None:
        """Show the shared checks' problems next to the page's own fields."""
        for problem in exc.problems:
            field = problem.field
            if field == "previous_claim_phk_dates":
                field = self._previous_slots[problem.index or 0] if self._previous_slots else None
            elif field == "paid_months" and self.cleaned_data.get("contribution_mode") == "simple":
                field = "paid_count"
            elif field not in self.fields:
                field = None
            self.add_error(field, problem.message)

    def mark_invalid_fields(self) -> None:
        """Bootstrap's red outline and aria-invalid on every field with an error."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
                widget.attrs["aria-invalid"] = "true"
