"""HTML forms of the training app. They parse and check shapes; the services
decide (and their ApplicationError lands back on the form with ``errors_to_form``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from counseling.kbji import occupation_choices
from jkp_portal.accounts.regions import province_choices, regency_choices
from jkp_portal.common.widgets import DateInput, TimeInput
from training import rules
from training.models import Lpk, Programme, Vacancy
from training.services.providers import LPK_FIELDS

WEEKDAY_CHOICES = [
    (0, _("Senin")),
    (1, _("Selasa")),
    (2, _("Rabu")),
    (3, _("Kamis")),
    (4, _("Jumat")),
    (5, _("Sabtu")),
    (6, _("Minggu")),
]


def _province_field(required=True):
    return forms.ChoiceField(label=_("Provinsi"), choices=lambda: [("", "—"), *province_choices()], required=required)


def _regency_field():
    # Grouped by province; the stored value is the Kemendagri code (33.72).
    return forms.ChoiceField(label=_("Kabupaten/kota"), choices=lambda: [("", "—"), *regency_choices()], required=False)


def _kbji_field():
    return forms.ChoiceField(
        label=_("Kode KBJI (opsional)"), choices=[("", "—"), *occupation_choices()], required=False
    )


class BootstrapMixin:
    """Bootstrap classes on every widget (no inline styles: strict CSP)."""

    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class SkillsField(forms.CharField):
    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Pisahkan dengan titik koma, mis. menjahit; obras; quality control"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "; ".join(value)
        return value

    def to_python(self, value):
        return rules.normalise_skills(super().to_python(value) or "")


class JobSeekerProfileForm(BootstrapMixin, forms.Form):
    desired_occupation = forms.CharField(label=_("Jabatan yang dicari"), max_length=200)
    kbji_code = _kbji_field()
    skills = SkillsField(label=_("Keterampilan"))
    province_code = _province_field()
    regency = _regency_field()
    willing_to_relocate = forms.BooleanField(label=_("Bersedia pindah domisili/provinsi"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class LpkForm(BootstrapMixin, forms.ModelForm):
    province_code = _province_field()
    regency = _regency_field()
    website = forms.URLField(label=_("Situs web"), required=False, assume_scheme="https")

    class Meta:
        model = Lpk
        fields = list(LPK_FIELDS)  # the fields lpk_create / lpk_update accept
        widgets = {
            "verified_on": DateInput(),
            "accredited_until": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def validate_unique(self):
        """Uniqueness is the service's business (it answers in Indonesian)."""


class ProgrammeForm(BootstrapMixin, forms.ModelForm):
    province_code = _province_field()
    regency = _regency_field()
    kbji_code = _kbji_field()
    skills = SkillsField(label=_("Keterampilan yang dilatih"))
    cost = forms.DecimalField(
        label=_("Biaya per peserta (Rp)"), min_value=0, decimal_places=0, localize=True, help_text=_("Mis. 2.400.000")
    )

    class Meta:
        model = Programme
        fields = [
            "code",
            "title",
            "competency",
            "kbji_code",
            "skills",
            "description",
            "hours",
            "cost",
            "mode",
            "location",
            "province_code",
            "regency",
            "start_date",
            "end_date",
            "seats",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
        self._style()

    def validate_unique(self):
        """Uniqueness is the service's business."""


class ScheduleForm(BootstrapMixin, forms.Form):
    """Generate the sessions of a new programme."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("Hari pelatihan"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    session_start = forms.TimeField(label=_("Jam mulai"), required=False, widget=TimeInput())
    session_end = forms.TimeField(label=_("Jam selesai"), required=False, widget=TimeInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("weekdays") and not (data.get("session_start") and data.get("session_end")):
            raise forms.ValidationError(_("Isi jam mulai dan jam selesai untuk membuat jadwal sesi."))
        return data


class SessionForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    start_time = forms.TimeField(label=_("Mulai"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Selesai"), widget=TimeInput())
    topic = forms.CharField(label=_("Materi"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CertificateForm(BootstrapMixin, forms.Form):
    certificate_number = forms.CharField(label=_("Nomor sertifikat"), max_length=60)
    certificate_date = forms.DateField(label=_("Tanggal sertifikat"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ProgressForm(BootstrapMixin, forms.Form):
    progress_percent = forms.IntegerField(label=_("Kemajuan (%)"), min_value=0, max_value=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class RecommendForm(BootstrapMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("Program pelatihan"), queryset=Programme.objects.none())
    note = forms.CharField(label=_("Catatan untuk peserta"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: (
            f"{p.title} — {p.lpk.name} ({rules.format_rupiah(p.cost)}, {p.start_date:%d-%m-%Y})"
        )
        self._style()


class VacancyForm(BootstrapMixin, forms.ModelForm):
    province_code = _province_field()
    regency = _regency_field()
    kbji_code = _kbji_field()
    skills = SkillsField(label=_("Keterampilan yang dibutuhkan"))
    salary_min = forms.DecimalField(
        label=_("Gaji minimum (Rp)"),
        required=False,
        min_value=0,
        decimal_places=0,
        localize=True,
        help_text=_("Mis. 3.500.000"),
    )
    salary_max = forms.DecimalField(
        label=_("Gaji maksimum (Rp)"), required=False, min_value=0, decimal_places=0, localize=True
    )

    class Meta:
        model = Vacancy
        fields = [
            "occupation",
            "reference",
            "kbji_code",
            "skills",
            "description",
            "province_code",
            "regency",
            "salary_min",
            "salary_max",
            "openings",
            "closing_date",
        ]
        widgets = {
            "closing_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].label = _("Kode lowongan (opsional)")
        self.fields["reference"].help_text = _(
            "Kode internal perusahaan; impor CSV dengan kode yang sama memperbarui lowongan ini."
        )
        self._style()

    def validate_unique(self):
        """Uniqueness is the service's business."""


class CsvUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Berkas CSV"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas terlalu besar (maksimal 5 MB)."))
        return upload


class InterviewForm(BootstrapMixin, forms.Form):
    interview_on = forms.DateField(label=_("Tanggal tes/wawancara"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class HireForm(BootstrapMixin, forms.Form):
    start_date = forms.DateField(label=_("Mulai bekerja"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ReasonForm(RejectForm):
    reason = forms.CharField(label=_("Alasan"), max_length=300, required=False)
