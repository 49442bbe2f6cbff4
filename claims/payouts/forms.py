from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.banks import OTHER_CODE, bank_choices
from jkp_portal.common.widgets import DateInput

from .models import EmploymentStatus, EndReason
from .services.evidence import CHANNELS


class _Styled:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            else:
                widget.attrs.setdefault("class", "form-control")


class ApplicationForm(_Styled, forms.Form):
    company = forms.CharField(label=_("Perusahaan"), max_length=200)
    position = forms.CharField(label=_("Posisi yang dilamar"), max_length=200)
    occurred_on = forms.DateField(label=_("Tanggal melamar"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Melamar melalui"), choices=[("", _("— pilih —")), *CHANNELS])
    evidence = forms.FileField(
        label=_("Bukti"),
        required=False,
        help_text=_("PDF, JPEG atau PNG, maksimal 10 MB: email lamaran, tangkapan layar, tanda terima."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class InterviewForm(_Styled, forms.Form):
    company = forms.CharField(label=_("Perusahaan"), max_length=200)
    position = forms.CharField(label=_("Posisi"), max_length=200)
    occurred_on = forms.DateField(label=_("Tanggal undangan"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class EmploymentForm(_Styled, forms.Form):
    status = forms.ChoiceField(label=_("Status kebekerjaan saat ini"), choices=EmploymentStatus.choices)
    employer_name = forms.CharField(label=_("Nama tempat kerja/usaha"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Pekerjaan"), max_length=200, required=False)
    started_on = forms.DateField(label=_("Mulai bekerja"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class AccountForm(_Styled, forms.Form):
    bank_code = forms.ChoiceField(label=_("Bank"), choices=[*bank_choices(), (OTHER_CODE, _("Bank lain"))])
    bank_name = forms.CharField(label=_("Nama bank (bila bank lain)"), max_length=60, required=False)
    account_number = forms.CharField(
        label=_("Nomor rekening"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    holder = forms.CharField(label=_("Nama pemilik rekening"), max_length=200)
    password = forms.CharField(
        label=_("Kata sandi akun Anda"),
        help_text=_("Untuk memastikan yang mengubah rekening adalah Anda."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OtpForm(_Styled, forms.Form):
    code = forms.CharField(
        label=_("Kode OTP"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*", "maxlength": "12"}
        ),
    )


class AccountReviewForm(_Styled, forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class EndBenefitForm(_Styled, forms.Form):
    reason = forms.ChoiceField(label=_("Alasan"), choices=EndReason.choices)
    on_date = forms.DateField(label=_("Sejak tanggal"), widget=DateInput())


class ResultsForm(_Styled, forms.Form):
    file = forms.FileField(
        label=_("Berkas hasil bank"),
        help_text=_("pain.002 (XML) atau CSV dengan kolom payment_id,status,reason_code"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.csv,text/xml,application/xml,text/csv"}),
    )


class ReimbursementRequestForm(_Styled, forms.Form):
    paid_to_worker_on = forms.DateField(label=_("Manfaat dibayarkan ke pekerja pada"), widget=DateInput())
    arrears_settled_on = forms.DateField(label=_("Tunggakan iuran dilunasi pada"), widget=DateInput())
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class ReimbursementPayForm(_Styled, forms.Form):
    reference = forms.CharField(label=_("Referensi transfer"), max_length=100)


class RejectForm(_Styled, forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), max_length=500)
