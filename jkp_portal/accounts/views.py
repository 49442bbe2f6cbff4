import django_otp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from jkp_portal.common.exceptions import ApplicationError

from .forms import LoginForm, OtpForm
from .second_factor import (
    otp_enrolment_confirm,
    otp_enrolment_start,
    otp_qr_svg,
    otp_recovery_codes_left,
    otp_recovery_codes_replace,
    otp_secret_text,
    otp_verify,
    second_factor_enrolled,
    second_factor_required,
)

# Where each role starts after signing in, in order of precedence.
ROLE_HOME = [
    ("verifier", "claims:verifier_queue"),
    ("approver", "claims:approver_queue"),
    ("supervisor", "dashboards:home"),
    ("registry_officer", "claims:registry_import"),
    ("service_officer", "claims:assisted_desk"),
    ("konselor", "counseling:caseload"),
    ("employer", "phk:employer_home"),
    ("mediator", "phk:mediator_queue"),
    ("worker", "claims:my_claims"),
    ("admin", "admin:index"),
]


def home(request):
    """The landing page: visitors see what JKP is and how to start; a signed-in
    user goes to their role's work page."""
    if request.user.is_authenticated:
        for role, url_name in ROLE_HOME:
            if role in request.user.roles:
                try:
                    return redirect(reverse(url_name))
                except NoReverseMatch:
                    continue
    return render(request, "home.html")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        user = self.request.user
        verified = getattr(user, "is_verified", None)
        if second_factor_required(user) and not (verified and verified()):
            target = "otp_verify" if second_factor_enrolled(user) else "otp_setup"
            return reverse(target) + "?" + urlencode({"next": url})
        return url


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("home")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """First sign-in of a role that needs a second factor: scan the QR code (or
    type the secret), confirm one code, and receive the recovery codes once."""
    user = request.user
    if not second_factor_required(user) or user.is_verified():
        return redirect(_next_url(request))
    if second_factor_enrolled(user):
        # Re-enrolling needs the current second factor, never just the password.
        return redirect(reverse("otp_verify") + "?" + urlencode({"next": _next_url(request)}))
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = otp_enrolment_confirm(user=user, token=form.cleaned_data["otp"])
        except ApplicationError as exc:
            form.add_error("otp", exc.message)
        else:
            django_otp.login(request, device)
            return render(
                request,
                "registration/otp_recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "title": _("Kode pemulihan")},
            )
    device = otp_enrolment_start(user=user)
    context = {
        "form": form,
        "qr_svg": otp_qr_svg(device),
        "secret": otp_secret_text(device),
        "next": _next_url(request),
        "title": _("Aktifkan verifikasi dua langkah"),
    }
    return render(request, "registration/otp_setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify_view(request):
    """Every later sign-in: a code from the authenticator app or a recovery code."""
    user = request.user
    if not second_factor_required(user) or user.is_verified():
        return redirect(_next_url(request))
    if not second_factor_enrolled(user):
        return redirect(reverse("otp_setup") + "?" + urlencode({"next": _next_url(request)}))
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = otp_verify(user=user, token=form.cleaned_data["otp"])
        except ApplicationError as exc:
            form.add_error("otp", exc.message)
        else:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("Anda masuk dengan kode pemulihan; sisa kode: %(n)d. Setiap kode hanya berlaku sekali.")
                    % {"n": device.token_set.count()},
                )
                # Where the user can get a fresh set before running out.
                return redirect(reverse("otp_manage") + "?" + urlencode({"next": _next_url(request)}))
            return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request), "title": _("Verifikasi dua langkah")}
    return render(request, "registration/otp_verify.html", context)


class PortalPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PortalPasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("password_change_done")
    extra_context = {"title": _("Ganti kata sandi")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(second_factor=second_factor_required(self.request.user), **kwargs)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_manage(request):
    """How many recovery codes are left, and a fresh set on request (the old
    ones stop working). Reached only with the second factor passed."""
    user = request.user
    if not second_factor_required(user):
        return redirect("home")
    if request.method == "POST":
        codes = otp_recovery_codes_replace(user=user)
        context = {"codes": codes, "next": _next_url(request), "title": _("Kode pemulihan baru")}
        return render(request, "registration/otp_recovery_codes.html", context)
    context = {
        "codes_left": otp_recovery_codes_left(user),
        "next": _next_url(request),
        "title": _("Verifikasi dua langkah"),
    }
    return render(request, "registration/otp_manage.html", context)
