"""The calculator page's form: what a laid-off worker knows, in plain words."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.forms.calculator.checks import SimulationInputError
from claims.forms.calculator.choices import (
    CITIZENSHIP_CHOICES,
    CONTRACT_CHOICES,
    DATE_INPUT_FORMATS,
    MAX_PAID_MONTHS,
    PROGRAM_CHOICES,
    REASON_CHOICES,
    SEGMENT_CHOICES,
    SIZE_CHOICES,
)
from claims.forms.calculator.parsing import is_iso_date, month_index, months_from_count, parse_month, parse_rupiah


class _DateInput(forms.DateInput):
    """A date picker that shows a typed value it could not read as plain text, so it is not lost."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, date):
            return value.isoformat()
        return value

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, str) and value and not is_iso_date(value):
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
