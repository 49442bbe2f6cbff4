from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=[("id", "Bahasa Indonesia"), ("en", "English")])


class OtpForm(forms.Form):
    """A code from the authenticator app, or one recovery code."""

    otp = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class OfficeImportForm(forms.Form):
    """The back office's offices CSV upload (``office_import``)."""

    csv_file = forms.FileField(
        label=_("Berkas CSV kantor"),
        help_text=_(
            "UTF-8, dengan baris judul: code,name,kind,parent_code,regencies,address,phone. "
            "Tidak ada yang disimpan bila satu baris pun salah."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
