"""Browser forms of the claim journey. They only shape input; the rules live in
the services, whose ApplicationError messages are put back on these forms
(``jkp_portal.common.forms.errors_to_form``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.banks import wizard_bank_choices
from claims.models import ClaimStatus, DocumentKind, ProofType
from claims.models.claims import (
    CORRECTABLE_FIELDS,
    PHK_REASON_CHOICES,
    checklist_for,
)
from claims.selectors.claims import reason_choices
from jkp_portal.common.widgets import DateInput


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                if isinstance(widget, forms.CheckboxInput):
                    widget.attrs.setdefault("class", "form-check-input")
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        self.mark_invalid()

    def add_error(self, field, error):
        # Errors put on after cleaning (a service's, through errors_to_form) are outlined too.
        super().add_error(field, error)
        self.mark_invalid()

    def mark_invalid(self):
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                if "is-invalid" not in classes:
                    widget.attrs["class"] = f"{classes} is-invalid".strip()


class SignupForm(BootstrapMixin, forms.Form):
    nik = forms.CharField(
        label=_("NIK (16 digit, sesuai KTP)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9 ]*"}),
    )
    full_name = forms.CharField(
        label=_("Nama lengkap (sesuai KTP)"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DateInput())
    email = forms.EmailField(
        label=_("Email (tidak wajib)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Kosongkan untuk memakai email di data kepesertaan BPJS Ketenagakerjaan."),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minimal 10 karakter, memuat huruf kecil, huruf besar dan angka."),
    )
    password_again = forms.CharField(
        label=_("Ulangi kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Kata sandi tidak sama."))
        return data


class OneTimeCodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Kode (6 angka)"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*", "maxlength": "12"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PasswordResetRequestForm(BootstrapMixin, forms.Form):
    identifier = forms.CharField(
        label=_("NIK (pekerja) atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PasswordResetConfirmForm(OneTimeCodeForm):
    password = forms.CharField(
        label=_("Kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minimal 10 karakter, memuat huruf kecil, huruf besar dan angka."),
    )
    password_again = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Kata sandi tidak sama."))
        return data


class PhkStepForm(BootstrapMixin, forms.Form):
    phk_date = forms.DateField(label=_("Tanggal PHK (hari terakhir bekerja)"), widget=DateInput())
    phk_reason = forms.ChoiceField(label=_("Alasan PHK"), choices=[("", _("— pilih —")), *PHK_REASON_CHOICES])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ProofStepForm(BootstrapMixin, forms.Form):
    proof_type = forms.ChoiceField(label=_("Jenis bukti PHK"), choices=ProofType.choices, widget=forms.RadioSelect)


class DocumentUploadForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("Berkas (PDF, JPG atau PNG, maks. 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class BankStepForm(BootstrapMixin, forms.Form):
    bank_name = forms.ChoiceField(label=_("Bank"), choices=[("", _("— pilih bank —")), *wizard_bank_choices()])
    bank_account_number = forms.CharField(
        label=_("Nomor rekening"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Hanya angka, 6–20 digit."),
    )
    bank_account_holder = forms.CharField(label=_("Nama pemilik rekening"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class KapkStepForm(BootstrapMixin, forms.Form):
    kapk_signed = forms.BooleanField(
        label=_("Saya telah membaca dan menyetujui komitmen di atas."),
        required=True,
        error_messages={"required": _("Centang untuk menandatangani komitmen; tanpa KAPK klaim tidak dapat diproses.")},
    )

    def __init__(self, *args, attested: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if attested:
            # At a service desk the worker signs the printed KAPK; the officer attests it.
            self.fields["kapk_signed"].label = _(
                "Pekerja telah membaca (atau dibacakan) dan menandatangani KAPK di atas kertas di hadapan saya."
            )
        self._style()


class WithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan (tidak wajib)"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class QueueFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    proof_type = forms.ChoiceField(
        label=_("Jenis bukti"), required=False, choices=[("", _("Semua")), *ProofType.choices]
    )
    date_from = forms.DateField(label=_("Diajukan dari"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("sampai"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Cari nama / NIK / nomor klaim"), required=False, max_length=100)

    def __init__(self, *args, status_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = status_choices
        self._style()


VERIFY_DECISIONS = (
    (ClaimStatus.VERIFIED.value, _("Terverifikasi — dokumen lengkap dan sah")),
    (ClaimStatus.NEEDS_CORRECTION.value, _("Minta perbaikan kepada pekerja")),
    (ClaimStatus.REJECTED.value, _("Tolak klaim")),
)


class VerifyDecisionForm(BootstrapMixin, forms.Form):
    # The page's switch: which part of the card and which button show (staff.js). Each
    # decision posts to its own URL (claims.views.claims.decisions), which does not read it.
    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=VERIFY_DECISIONS, widget=forms.RadioSelect, required=False
    )
    documents = forms.MultipleChoiceField(
        label=_("Dokumen yang harus diperbaiki / diunggah ulang"),
        choices=DocumentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_codes = forms.MultipleChoiceField(
        label=_("Isian yang harus diperbaiki"),
        choices=list(CORRECTABLE_FIELDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = forms.MultipleChoiceField(
        label=_("Alasan penolakan (kode)"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Catatan untuk pekerja"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].choices = reason_choices()
        self.checklist_items = checklist_for(claim.proof_type, claim.participant.contract_type)
        for code, label in self.checklist_items:
            self.fields[f"check_{code}"] = forms.BooleanField(label=label, required=False)
        self._style()

    def checklist_fields(self):
        return [self[f"check_{code}"] for code, _label in self.checklist_items]

    def checklist(self) -> dict:
        return {code: bool(self.cleaned_data.get(f"check_{code}")) for code, _label in self.checklist_items}


APPROVE_DECISIONS = (
    (ClaimStatus.APPROVED.value, _("Setujui — tetapkan manfaat")),
    (ClaimStatus.REJECTED.value, _("Tolak klaim")),
)


class ApproveDecisionForm(BootstrapMixin, forms.Form):
    # The page's switch, as in VerifyDecisionForm.
    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=APPROVE_DECISIONS, widget=forms.RadioSelect, required=False
    )
    reasons = forms.MultipleChoiceField(
        label=_("Alasan penolakan (kode)"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].choices = reason_choices()
        self._style()


class RouteClaimForm(BootstrapMixin, forms.Form):
    """A supervisor routes an unrouted claim to a branch by hand."""

    office = forms.ModelChoiceField(label=_("Kantor cabang"), queryset=None, empty_label="—")
    reason = forms.CharField(
        label=_("Alasan"),
        min_length=10,
        max_length=500,
        help_text=_("Mis. domisili pekerja menurut KTP yang diperiksa: Kota Surakarta."),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self._style()


class DeskSearchForm(BootstrapMixin, forms.Form):
    nik = forms.CharField(
        label=_("NIK peserta (16 digit, persis)"),
        max_length=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class DeskCheckForm(BootstrapMixin, forms.Form):
    """The KTP check that opens an assisted session (claims.services.assisted)."""

    nik = forms.CharField(widget=forms.HiddenInput, max_length=25)
    ktp_nik = forms.CharField(
        label=_("NIK yang tertulis pada KTP asli"),
        max_length=25,
        required=False,
        help_text=_("Ketik dari kartu yang dipegang pekerja, jangan disalin dari layar."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    identity_confirmed = forms.BooleanField(
        label=_(
            "Nama dan tanggal lahir pada KTP sama dengan data registri di atas, dan foto KTP sesuai dengan pekerja."
        ),
        required=False,
    )
    desk = forms.CharField(
        label=_("Meja layanan"), max_length=120, required=False, help_text=_("Mis. Loket 2, KC Surakarta.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ConsentCodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Kode 6 angka yang dibacakan pekerja dari ponselnya"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ConsentFormUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Pindaian formulir persetujuan yang ditandatangani pekerja (PDF, JPG atau PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    reason = forms.CharField(
        label=_("Alasan tidak memakai kode SMS (wajib bila registri memuat nomor ponsel)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
