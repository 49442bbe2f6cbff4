from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, roles that see it). Entries whose URL does not exist yet
# (an app not installed in this build) are skipped.
NAV_ITEMS = [
    ("claims:my_claims", _("Klaim saya"), {"worker"}),
    ("payouts:benefit_mine", _("Manfaat saya"), {"worker"}),
    ("counseling:my_counseling", _("Konseling"), {"worker"}),
    ("training:worker_home", _("Pelatihan & lowongan"), {"worker"}),
    ("claims:verifier_queue", _("Antrean verifikasi"), {"verifier"}),
    ("claims:approver_queue", _("Antrean persetujuan"), {"approver"}),
    ("claims:unrouted_queue", _("Klaim belum diarahkan"), {"supervisor", "admin"}),
    ("payouts:batches", _("Batch pembayaran"), {"approver", "supervisor", "admin"}),
    ("payouts:account_changes", _("Perubahan rekening"), {"verifier", "approver"}),
    (
        "claims:registry_search",
        _("Registri peserta"),
        {"verifier", "approver", "supervisor", "admin", "registry_officer"},
    ),
    ("claims:registry_import", _("Impor registri"), {"registry_officer"}),
    ("claims:assisted_desk", _("Meja layanan"), {"service_officer"}),
    ("phk:service_days", _("Hari layanan"), {"service_officer", "supervisor"}),
    ("counseling:caseload", _("Daftar kasus"), {"konselor"}),
    ("counseling:supervisor_home", _("Penugasan konselor"), {"supervisor"}),
    ("training:konselor_home", _("Pelatihan & lowongan"), {"konselor", "supervisor", "admin"}),
    ("training:employer_vacancies", _("Lowongan kerja"), {"employer"}),
    ("phk:employer_home", _("Laporan PHK"), {"employer"}),
    ("phk:mediator_queue", _("Antrean mediasi"), {"mediator"}),
    ("phk:mass_layoff_list", _("PHK massal"), {"mediator", "supervisor", "verifier", "approver", "admin"}),
    ("dashboards:home", _("Dasbor"), {"supervisor", "admin", "approver", "verifier"}),
    ("admin:index", _("Panel admin"), {"admin"}),  # the back office is for the admin role only
]


def _routes_claims(user) -> bool:
    # Only supervisors of a regional office or the head office route claims (claims/services/routing.py).
    office = getattr(user, "office", None)
    return "admin" in user.roles or (office is not None and office.kind in ("regional", "head"))


# Items shown only when this also holds for the user.
NAV_CONDITIONS = {"claims:unrouted_queue": _routes_claims}


def portal(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        roles = set(user.roles)
        for name, label, allowed in NAV_ITEMS:
            if roles & allowed and NAV_CONDITIONS.get(name, lambda _user: True)(user):
                try:
                    items.append({"url": reverse(name), "label": label, "name": name})
                except NoReverseMatch:
                    continue
    return {"nav_items": items, "portal_env": settings.DJANGO_ENV, "api_docs_enabled": settings.API_DOCS_ENABLED}
