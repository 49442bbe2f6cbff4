"""The worker's sign-up against the registry, proven by a code to the phone on
file, and "Lupa kata sandi" (a code, then a new password).

Between the two pages of each flow the session holds only the NIK (or the
identifier typed): the code's record holds the rest, hashed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import AnonRateThrottle

from claims.forms.claims import OneTimeCodeForm, PasswordResetConfirmForm, PasswordResetRequestForm, SignupForm
from claims.services.recovery import password_reset_confirm, password_reset_start
from claims.services.registration import NoContactOnFile, signup_confirm, signup_resend, signup_start
from claims.views.claims.shared import PAGE_KEYS, posted
from jkp_portal.accounts.codes import CODE_MAX_ATTEMPTS, CODE_RESEND_AFTER, CODE_TTL
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form

SIGNUP_SESSION_KEY = "signup_nik"
SIGNUP_SENT_KEY = "signup_sent"
RESET_SESSION_KEY = "password_reset_identifier"


class SignupThrottle(AnonRateThrottle):
    scope = "anon_auth"


def _throttled(request, form, template: str, context: dict | None = None):
    """Per address: sign-up, codes and resets share the sign-in budget."""
    if SignupThrottle().allow_request(request, None):
        return None
    form.is_valid()
    form.add_error(None, _("Terlalu banyak percobaan dari alamat jaringan ini. Coba lagi beberapa menit lagi."))
    return render(request, template, {"form": form, **(context or {})}, status=429)


def _code_rules() -> dict:
    return {
        "minutes": int(CODE_TTL.total_seconds() // 60),
        "tries": CODE_MAX_ATTEMPTS,
        "resend_seconds": int(CODE_RESEND_AFTER.total_seconds()),
    }


def _in_person(request, exc: NoContactOnFile):
    return render(request, "claims/signup_in_person.html", {"office": exc.office}, status=200)


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    """Page 1: NIK, name and birth date as on the KTP, and a password."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(posted(request))
    if request.method == "POST":
        limited = _throttled(request, form, "claims/signup.html")
        if limited:
            return limited
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent = signup_start(
                    nik=data["nik"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    email=data["email"],
                    password=data["password"],
                )
            except NoContactOnFile as exc:
                return _in_person(request, exc)
            except ApplicationError as exc:
                errors_to_form(form, exc, page_keys=PAGE_KEYS)
            else:
                request.session[SIGNUP_SESSION_KEY] = sent.nik
                request.session[SIGNUP_SENT_KEY] = {"channel": sent.channel, "to": sent.sent_to}
                return redirect("claims:signup_code")
    return render(request, "claims/signup.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def signup_code(request):
    """Page 2: the code sent to the registry's phone (or email); the account opens with it."""
    if request.user.is_authenticated:
        return redirect("home")
    nik = request.session.get(SIGNUP_SESSION_KEY)
    if not nik:
        return redirect("claims:signup")
    form = OneTimeCodeForm(posted(request))
    context = {"sent": request.session.get(SIGNUP_SENT_KEY, {}), **_code_rules()}
    if request.method == "POST":
        limited = _throttled(request, form, "claims/signup_code.html", context)
        if limited:
            return limited
        if request.POST.get("action") == "resend":
            form = OneTimeCodeForm()
            try:
                sent = signup_resend(nik=nik)
            except NoContactOnFile as exc:
                return _in_person(request, exc)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                request.session[SIGNUP_SENT_KEY] = context["sent"] = {"channel": sent.channel, "to": sent.sent_to}
                messages.info(request, _("Kode baru sudah dikirim ke %(to)s.") % {"to": sent.sent_to})
        elif form.is_valid():
            try:
                registration = signup_confirm(nik=nik, code=form.cleaned_data["code"])
            except ApplicationError as exc:
                form.add_error("code", exc.message)
            else:
                request.session.pop(SIGNUP_SESSION_KEY, None)
                request.session.pop(SIGNUP_SENT_KEY, None)
                login(request, registration.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Akun Anda sudah dibuat. Selanjutnya masuk dengan NIK %(nik)s dan kata sandi Anda.")
                    % {"nik": registration.user.username},
                )
                return redirect("claims:my_claims")
    return render(request, "claims/signup_code.html", {"form": form, **context})


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request):
    """ "Lupa kata sandi": the NIK or user name; a code goes to the contact on file."""
    form = PasswordResetRequestForm(posted(request))
    if request.method == "POST":
        limited = _throttled(request, form, "registration/password_reset.html")
        if limited:
            return limited
        if form.is_valid():
            identifier = form.cleaned_data["identifier"].strip()
            password_reset_start(identifier=identifier)
            request.session[RESET_SESSION_KEY] = identifier
            return redirect("claims:password_reset_confirm")
    return render(request, "registration/password_reset.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset_confirm_view(request):
    """The code and the new password; every session and API token of the account ends."""
    identifier = request.session.get(RESET_SESSION_KEY)
    if not identifier:
        return redirect("claims:password_reset")
    form = PasswordResetConfirmForm(posted(request))
    context = _code_rules()
    if request.method == "POST":
        limited = _throttled(request, form, "registration/password_reset_confirm.html", context)
        if limited:
            return limited
        if request.POST.get("action") == "resend":
            form = PasswordResetConfirmForm()
            password_reset_start(identifier=identifier)
            messages.info(request, _("Bila akun ditemukan, kode baru dikirim (paling cepat satu menit sekali)."))
        elif form.is_valid():
            try:
                password_reset_confirm(
                    identifier=identifier, code=form.cleaned_data["code"], password=form.cleaned_data["password"]
                )
            except ApplicationError as exc:
                errors_to_form(form, exc)
            else:
                request.session.pop(RESET_SESSION_KEY, None)
                messages.success(request, _("Kata sandi sudah diganti. Silakan masuk dengan kata sandi baru."))
                return redirect("login")
    return render(request, "registration/password_reset_confirm.html", {"form": form, **context})
