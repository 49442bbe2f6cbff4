"""HTML forms of the counselling pages. They only shape input; the rules are in services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jkp_portal.accounts.models import Office
from jkp_portal.accounts.regions import province_choices, regency_choices
from jkp_portal.common.widgets import DateInput, TimeInput

from .kbji import occupation_choices
from .models import (
    Barrier,
    CounsellingSkill,
    EducationLevel,
    FunctionalLevel,
    Konselor,
    Language,
    Recommendation,
    SessionMode,
    TrainingInterest,
)

DURATION_CHOICES = [
    (30, _("30 menit")),
    (45, _("45 menit")),
    (60, _("60 menit")),
    (90, _("90 menit")),
    (120, _("2 jam")),
]


class BootstrapMixin:
    """Bootstrap classes on every widget (templates stay short)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                widget.attrs.setdefault("class", "form-check-input")
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


# The services' names for fields the forms call differently (for errors_to_form).
SERVICE_FIELDS = {"starts_at": "date", "desired_occupations": "occupation_1"}


class SessionForm(BootstrapMixin, forms.Form):
    mode = forms.ChoiceField(label=_("Cara"), choices=SessionMode.choices, widget=forms.RadioSelect, initial="online")
    date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    time = forms.TimeField(label=_("Jam (WIB)"), widget=TimeInput())
    duration_minutes = forms.TypedChoiceField(label=_("Durasi"), choices=DURATION_CHOICES, coerce=int, initial=60)
    meeting_link = forms.CharField(
        label=_("Tautan pertemuan daring"),
        required=False,
        max_length=300,
        widget=forms.URLInput(attrs={"placeholder": "https://meet.example.id/..."}),
    )
    place = forms.CharField(
        label=_("Tempat tatap muka"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("mis. Ruang Konseling Disnaker Kota Surakarta")}),
    )

    def starts_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["date"], data["time"]), timezone.get_current_timezone())


class SessionReportForm(BootstrapMixin, forms.Form):
    notes = forms.CharField(
        label=_("Catatan konselor (internal — tidak terlihat oleh pekerja)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outcome = forms.CharField(label=_("Hasil sesi"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    recommendation = forms.ChoiceField(label=_("Rekomendasi"), choices=Recommendation.choices, widget=forms.RadioSelect)
    recommended_programme = forms.CharField(
        label=_("Program pelatihan yang disarankan"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("mis. Operator Mesin Jahit Industri — BLK Surakarta")}),
    )
    recommended_programme_ref = forms.CharField(
        label=_("Referensi program (opsional, mis. kode program)"), required=False, max_length=100
    )
    next_steps = forms.CharField(
        label=_("Langkah berikutnya yang disepakati (terlihat oleh pekerja)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=300)


class FollowUpForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Tindak lanjut"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("mis. Ditelepon 2/9, sesi baru disepakati")}),
    )


class RescheduleRequestForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=300)
    preference = forms.CharField(
        label=_("Waktu yang Anda usulkan"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("mis. Kamis pagi atau Jumat setelah jam 13.00")}),
    )


class AssessmentForm(BootstrapMixin, forms.Form):
    education_level = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=[("", "—"), *EducationLevel.choices])
    education_major = forms.CharField(label=_("Jurusan (jika ada)"), required=False, max_length=150)
    skills = forms.CharField(
        label=_("Keahlian"),
        required=False,
        help_text=_("Pisahkan dengan koma, mis.: menjahit, mengemudi SIM B1, Microsoft Excel"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    occupation_1 = forms.ChoiceField(label=_("Jabatan yang diinginkan (pilihan 1)"))
    occupation_2 = forms.ChoiceField(label=_("Pilihan 2 (opsional)"), required=False)
    occupation_3 = forms.ChoiceField(label=_("Pilihan 3 (opsional)"), required=False)
    desired_location = forms.CharField(
        label=_("Lokasi kerja yang diinginkan"),
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("mis. Kota Surakarta dan sekitarnya")}),
    )
    willing_to_relocate = forms.BooleanField(label=_("Saya bersedia pindah domisili untuk bekerja"), required=False)
    training_interests = forms.MultipleChoiceField(
        label=_("Minat pelatihan"),
        required=False,
        choices=TrainingInterest.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    barriers = forms.MultipleChoiceField(
        label=_("Hambatan dalam mencari kerja"),
        required=False,
        choices=Barrier.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    barriers_note = forms.CharField(label=_("Keterangan hambatan"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grouped = occupation_choices()
        self.fields["occupation_1"].choices = [("", _("— pilih jabatan (KBJI) —")), *grouped]
        for name in ("occupation_2", "occupation_3"):
            self.fields[name].choices = [("", "—"), *grouped]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "education_level": data["education_level"],
            "education_major": data["education_major"],
            "skills": [s for s in (data["skills"] or "").replace("\n", ",").split(",") if s.strip()],
            "desired_occupations": [data[f"occupation_{i}"] for i in (1, 2, 3) if data.get(f"occupation_{i}")],
            "desired_location": data["desired_location"],
            "willing_to_relocate": data["willing_to_relocate"],
            "training_interests": data["training_interests"],
            "barriers": data["barriers"],
            "barriers_note": data["barriers_note"],
        }

    @classmethod
    def initial_from(cls, assessment) -> dict:
        if assessment is None:
            return {}
        initial = {
            "education_level": assessment.education_level,
            "education_major": assessment.education_major,
            "skills": ", ".join(assessment.skills),
            "desired_location": assessment.desired_location,
            "willing_to_relocate": assessment.willing_to_relocate,
            "training_interests": assessment.training_interests,
            "barriers": assessment.barriers,
            "barriers_note": assessment.barriers_note,
        }
        for index, code in enumerate(assessment.desired_occupations[:3], start=1):
            initial[f"occupation_{index}"] = code
        return initial


class WorkHistoryForm(BootstrapMixin, forms.Form):
    employer = forms.CharField(label=_("Perusahaan"), required=False, max_length=150)
    position = forms.CharField(label=_("Jabatan"), required=False, max_length=150)
    start_year = forms.IntegerField(label=_("Tahun mulai"), required=False, min_value=1960, max_value=2100)
    end_year = forms.IntegerField(
        label=_("Tahun selesai"), required=False, min_value=1960, max_value=2100, help_text=_("kosongkan jika masih")
    )


WorkHistoryFormSet = forms.formset_factory(WorkHistoryForm, extra=0, max_num=10, absolute_max=10)


class KonselorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        load = getattr(obj, "load", None)
        if load is None:
            return f"{obj.name} — {obj.office.name}"
        return f"{obj.name} — {obj.office.name} ({load}/{obj.capacity})"


class ReassignForm(BootstrapMixin, forms.Form):
    cases = forms.ModelMultipleChoiceField(queryset=None, widget=forms.MultipleHiddenInput)
    to_konselor = KonselorChoiceField(
        label=_("Konselor tujuan"),
        queryset=None,
        required=False,
        empty_label=_("Otomatis (beban terendah)"),
    )
    reason = forms.CharField(label=_("Alasan"), max_length=300)

    def __init__(self, *args, cases_qs, konselors_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases_qs
        self.fields["to_konselor"].queryset = konselors_qs


class HandoverForm(BootstrapMixin, forms.Form):
    to_konselor = KonselorChoiceField(
        label=_("Serahkan kepada"),
        queryset=None,
        required=False,
        empty_label=_("Otomatis: bagi ke konselor lain"),
    )
    reason = forms.CharField(label=_("Alasan"), max_length=300)
    deactivate = forms.BooleanField(label=_("Konselor berhenti menerima kasus (nonaktif)"), required=False)

    def __init__(self, *args, konselors_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_konselor"].queryset = konselors_qs


class AbsenceForm(BootstrapMixin, forms.Form):
    starts_on = forms.DateField(label=_("Mulai"), widget=DateInput())
    ends_on = forms.DateField(label=_("Sampai"), widget=DateInput())
    reason = forms.CharField(label=_("Keterangan"), required=False, max_length=200)


class KonselorProfileForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    level = forms.ChoiceField(label=_("Jenjang jabatan"), choices=FunctionalLevel.choices)
    office = forms.ModelChoiceField(label=_("Kantor"), queryset=Office.objects.none())
    regencies = forms.MultipleChoiceField(
        label=_("Kabupaten/kota yang dilayani"),
        required=False,
        choices=regency_choices,
        help_text=_("Pilih satu atau lebih (tahan Ctrl untuk memilih beberapa)."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    province_codes = forms.MultipleChoiceField(
        label=_("Provinsi yang dilayani"),
        required=False,
        choices=province_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    capacity = forms.IntegerField(label=_("Kapasitas (kasus aktif maksimum)"), min_value=0, max_value=2000)
    languages = forms.MultipleChoiceField(
        label=_("Bahasa"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, initial=["id"]
    )
    skills = forms.MultipleChoiceField(
        label=_("Keterampilan konseling"),
        required=False,
        choices=CounsellingSkill.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, offices_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_qs

    def profile_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "level": data["level"],
            "office": data["office"],
            "regencies": data["regencies"],
            "province_codes": data["province_codes"],
            "capacity": data["capacity"],
            "languages": data["languages"],
            "skills": data["skills"],
        }

    @classmethod
    def initial_from(cls, konselor: Konselor) -> dict:
        return {
            "name": konselor.name,
            "level": konselor.level,
            "office": konselor.office_id,
            "regencies": konselor.regencies,
            "province_codes": konselor.province_codes,
            "capacity": konselor.capacity,
            "languages": konselor.languages,
            "skills": konselor.skills,
            "active": konselor.active,
        }


class KonselorCreateForm(KonselorProfileForm):
    nip = forms.CharField(label=_("NIP"), max_length=30)
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(
        label=_("Kata sandi awal"), widget=forms.PasswordInput(render_value=True), strip=False, max_length=128
    )

    field_order = ["nip", "name", "username", "email", "password"]


class KonselorEditForm(KonselorProfileForm):
    active = forms.BooleanField(label=_("Menerima kasus baru"), required=False)
