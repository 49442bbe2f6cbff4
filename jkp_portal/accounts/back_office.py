"""The back office (/admin/): the admin role only, and never a credential.

(Outside the `admin/` package on purpose: the admin builds this site lazily
when a page is first registered, so the module defining it must not itself
register pages.)

Every staff role works in the portal's own pages, which are scoped to the
user's office and log each display of personal data. The back office shows
every office's records and every account, so it is for the admin role alone:
``has_permission`` (every admin page) and the admin's own login form both ask
for it, whatever ``is_staff`` says.

Models that hold credentials or login records never appear here: API tokens
(of any library: an admin's token is the admin's identity through the API)
and django-axes' login attempts (usernames are workers' NIKs, with the
submitted form data). Locked accounts are unlocked with
``manage.py axes_reset_username <username>``."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .roles import BACK_OFFICE_ROLES

# App labels whose models are never listed in the back office.
HIDDEN_APPS = frozenset({"axes", "authtoken", "knox"})


def is_back_office_user(user) -> bool:
    return bool(
        user is not None
        and user.is_active
        and user.is_authenticated
        and user.is_staff
        and any(role in BACK_OFFICE_ROLES for role in getattr(user, "roles", ()))
    )


def is_hidden_model(model) -> bool:
    """Credentials and login records: any model named like a token, or of an app that keeps them."""
    return model._meta.app_label in HIDDEN_APPS or "token" in model.__name__.lower()


class BackOfficeLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Masukkan nama pengguna dan kata sandi akun administrator. Panel admin hanya untuk peran administrator."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_back_office_user(user):
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class BackOfficeSite(admin.AdminSite):
    site_header = _("JKP Portal — back office")
    site_title = _("JKP Portal")
    login_form = BackOfficeLoginForm

    def has_permission(self, request) -> bool:
        return is_back_office_user(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Third-party apps register their models on import (DRF authtoken's
        # TokenProxy, knox's AuthToken, axes' records): those are left out here.
        models = [model_or_iterable] if isinstance(model_or_iterable, type) else list(model_or_iterable)
        models = [m for m in models if not is_hidden_model(m)]
        if models:
            super().register(models, admin_class, **options)
