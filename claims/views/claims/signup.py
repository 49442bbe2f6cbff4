"""The worker's sign-up against the registry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import AnonRateThrottle

from claims.forms.claims import SignupForm
from claims.services.registration import worker_register
from claims.views.claims.shared import PAGE_KEYS, posted
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form


class SignupThrottle(AnonRateThrottle):
    scope = "anon_auth"


@require_http_methods(["GET", "POST"])
def signup(request):
    """A laid-off worker creates an account matching their registry record."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(posted(request))
    if request.method == "POST":
        if not SignupThrottle().allow_request(request, None):
            form.is_valid()
            form.add_error(None, _("Terlalu banyak percobaan pendaftaran. Coba lagi beberapa menit lagi."))
            return render(request, "claims/signup.html", {"form": form}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = worker_register(
                    nik=data["nik"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    email=data["email"],
                    phone=data["phone"],
                    password=data["password"],
                )
            except ApplicationError as exc:
                errors_to_form(form, exc, page_keys=PAGE_KEYS)
            else:
                login(request, registration.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Akun Anda sudah dibuat. Selanjutnya masuk dengan NIK %(nik)s dan kata sandi Anda.")
                    % {"nik": registration.user.username},
                )
                return redirect("claims:my_claims")
    return render(request, "claims/signup.html", {"form": form})
