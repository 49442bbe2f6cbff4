from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from .forms import LoginForm

# Where each role starts after signing in, in order of precedence.
ROLE_HOME = [
    ("verifier", "claims:verifier_queue"),
    ("approver", "claims:approver_queue"),
    ("supervisor", "dashboards:home"),
    ("registry_officer", "claims:registry_import"),
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
