"""Browser forms of the PHK app. They only shape input; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jkp_portal.accounts.models import Office
from jkp_portal.common.widgets import DateInput

from .models import PHK_REASON_CHOICES, PhkReportRow

_FILE_ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


class _Bootstrap:
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _date_widget():
    return DateInput()


def _document_field(label, help_text=""):
    return forms.FileField(
        label=label,
        help_text=help_text or _("PDF, JPG atau PNG, maksimal 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": _FILE_ACCEPT}),
    )


class SingleReportForm(_Bootstrap, forms.Form):
    nik = forms.CharField(
        label=_("NIK pekerja"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9 ]*"}),
        help_text=_("16 digit, sesuai KTP dan registri BPJS Ketenagakerjaan."),
    )
    phk_date = forms.DateField(label=_("Tanggal PHK"), widget=_date_widget())
    reason = forms.ChoiceField(label=_("Alasan PHK"), choices=[("", "—")] + PHK_REASON_CHOICES)
    accepted = forms.TypedChoiceField(
        label=_("Apakah pekerja menerima PHK?"),
        choices=[("yes", _("Ya, pekerja menerima (tidak berselisih)")), ("no", _("Tidak, pekerja menolak/berselisih"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
    )
    notes = forms.CharField(
        label=_("Catatan"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notice_letter = _document_field(_("Surat pemberitahuan PHK"))

    def clean_phk_date(self):
        value = self.cleaned_data["phk_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal PHK tidak boleh di masa depan."))
        return value


class CsvReportForm(_Bootstrap, forms.Form):
    csv_file = forms.FileField(
        label=_("Daftar pekerja (CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_("Kolom: nik, phk_date, reason, accepted (yes/no), notes. Pemisah koma atau titik koma."),
    )
    notice_letter = _document_field(_("Surat pemberitahuan PHK"))
    is_closure = forms.BooleanField(
        label=_("Perusahaan tutup (semua pekerja di-PHK)"),
        required=False,
        help_text=_("Laporan penutupan perusahaan atau laporan 50 pekerja atau lebih membuka kasus PHK massal."),
    )
    notes = forms.CharField(
        label=_("Catatan untuk mediator"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConfirmForm(forms.Form):
    row_ids = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])
    note = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args, row_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["row_ids"].choices = [(pk, pk) for pk in row_choices]


class AgreementForm(_Bootstrap, forms.Form):
    agreement_number = forms.CharField(label=_("Nomor perjanjian bersama"), max_length=100)
    deed_number = forms.CharField(label=_("Nomor akta bukti pendaftaran"), max_length=100)
    deed_date = forms.DateField(label=_("Tanggal akta pendaftaran"), widget=_date_widget())
    court_name = forms.CharField(
        label=_("Pengadilan Hubungan Industrial"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("mis. PHI pada PN Semarang")}),
    )
    document = _document_field(_("Perjanjian bersama dan akta pendaftaran (pindaian)"))
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DisputeForm(_Bootstrap, forms.Form):
    court_case_number = forms.CharField(
        label=_("Nomor perkara PHI"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("mis. 12/Pdt.Sus-PHI/2025/PN Smg")}),
    )
    court_name = forms.CharField(label=_("Pengadilan Hubungan Industrial"), max_length=200)
    note = forms.CharField(label=_("Catatan mediasi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(_Bootstrap, forms.Form):
    decision_number = forms.CharField(label=_("Nomor putusan"), max_length=100)
    inkracht_date = forms.DateField(label=_("Tanggal berkekuatan hukum tetap (inkracht)"), widget=_date_widget())
    outcome = forms.ChoiceField(
        label=_("Hasil putusan"), choices=PhkReportRow.Outcome.choices, widget=forms.RadioSelect
    )
    document = _document_field(_("Salinan putusan PHI"))
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(_Bootstrap, forms.Form):
    reason = forms.CharField(label=_("Alasan penarikan"), max_length=500)


class EventForm(_Bootstrap, forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Mulai"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Tempat"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Tautan daring (Zoom/Meet)"), max_length=500, required=False, assume_scheme="https"
    )
    organiser_office = forms.ModelChoiceField(
        label=_("Kantor BPJS penyelenggara"), queryset=Office.objects.none(), required=False
    )
    organiser_disnaker = forms.CharField(label=_("Disnaker penyelenggara"), max_length=200, required=False)
    konselor_names = forms.CharField(
        label=_("Konselor JKP (pengantar kerja)"),
        max_length=500,
        required=False,
        help_text=_("Nama-nama konselor, dipisah koma."),
    )
    description = forms.CharField(label=_("Acara"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser_office"].queryset = offices if offices is not None else Office.objects.all()


class CancelForm(_Bootstrap, forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), max_length=500)


class ServiceDayForm(_Bootstrap, forms.Form):
    case = forms.ModelChoiceField(label=_("Kasus PHK massal"), queryset=None)
    day = forms.DateField(label=_("Tanggal"), widget=_date_widget())
    place = forms.CharField(label=_("Tempat"), max_length=300, required=False)
    desks = forms.CharField(
        label=_("Meja (pisahkan dengan koma)"),
        max_length=1000,
        required=False,
        initial="Meja 1, Meja 2, Meja 3",
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.number} — {c.employer.name}"


class ServeForm(_Bootstrap, forms.Form):
    ktp_nik = forms.CharField(label=_("NIK pada KTP asli"), max_length=25, required=False)
    identity_confirmed = forms.BooleanField(label=_("Nama, tanggal lahir dan foto pada KTP sesuai"), required=False)
