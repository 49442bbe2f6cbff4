"""The access-control walk: every URL pattern of the URL configuration (HTML and
/api/v1/), found by walking ``get_resolver()``, so a new view cannot be
forgotten. Anonymous visitors are sent to the login page (API: 401/403) except
on an explicit list of public URLs; every role of side A, asking with the ids of
side B's objects (another worker, office, company, area, konselor), never gets
a 200 with B's data; a worker asking for another worker's claim, benefit,
documents or notes gets 404."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.claims.claims_support import TODAY

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=False)]

# URLs anyone may open without signing in.
PUBLIC = {
    "home",
    "healthz",
    "login",
    "logout",
    "set_language",
    "javascript-catalog",
    "api-schema",
    "api-docs",
    "api-redoc",
    "api-token",
    "api-register",
    "api-register-confirm",
    "eligibility-simulate",
    "claims:calculator",
    "claims:signup",
    "claims:signup_code",
    "claims:password_reset",
    "claims:password_reset_confirm",
    # the SMS provider's inbound callback: no session, its HMAC signature is the
    # authentication (refused 403 without it; tests/claims/views/test_sms_inbound.py)
    "claims:sms_inbound",
}

# Objects that are a public catalogue: any signed-in user may read them (200
# allowed), still without any of side B's personal data.
CATALOGUE = {
    "training:programme_detail",
    "training-programme-detail",
    "training:vacancy_detail",
    "training-vacancy-detail",
    # acting on a public item for oneself (enrol, apply): allowed for anyone eligible
    "training:programme_enrol",
    "training:vacancy_apply",
}

# Objects owned by no office or person (the national LPK and programme register,
# vacancy matching for job counsellors): the staff roles that manage them may
# open any one (200 allowed for these roles), still without side B's personal data.
STAFF_SHARED = {
    "supervisor": {
        "training:lpk_detail",
        "training:lpk_edit",
        "training:programme_new",
        "training:programme_manage",
        "training:programme_edit",
        "training:session_add",
        "training:session_delete",
        "training:session_attendance",
        "training-vacancy-matches",
    },
    "konselor": {"training-vacancy-matches"},
}

# URLs whose keywords name no object (a table, a format): each user gets their
# own scope (200 allowed), still without side B's data; test_export_walk checks
# who may export at all.
OWN_SCOPE = {"dashboards:export"}

# What ``pk`` means in each named URL: the key of side B's object.
PK_MODEL = {
    "audit_trail": None,
    "api-token-detail": "api_token",
    "registry-participant": "participant",
    "registry-participant-check": "participant",
    "api-claim-detail": "claim",
    "api-claim-documents": "claim",
    "api-claim-document-file": "claim",
    "api-claim-submit": "claim",
    "api-claim-withdraw": "claim",
    "api-claim-verify": "claim",
    "api-claim-approve": "claim",
    "api-claim-reject": "claim",
    "api-benefit-detail": "benefit",
    "api-benefit-reports": "benefit",
    "api-payout-batch-approve": "batch",
    "api-payout-batch-send": "batch",
    "api-payout-batch-file": "batch",
    "api-payout-batch-results": "batch",
    "api-phk-report": "phk_report",
    "api-phk-report-confirm": "phk_report",
    "api-phk-row": "phk_row",
    "api-phk-row-agreement": "phk_row",
    "api-phk-row-dispute": "phk_row",
    "api-phk-row-resolve": "phk_row",
    "api-phk-row-withdraw": "phk_row",
    "api-phk-mass-layoff": "mass_layoff",
    "api-phk-mass-layoff-workers": "mass_layoff",
    "api-phk-mass-layoff-events": "mass_layoff",
    "api-phk-event": "outreach_event",
    "api-phk-event-invite": "outreach_event",
    "api-phk-event-attendance": "outreach_event",
    "api-phk-event-cancel": "outreach_event",
    "api-counseling-case": "case",
    "api-counseling-case-assessment": "case",
    "api-counseling-case-sessions": "case",
    "api-counseling-session": "session",
    "api-counseling-session-confirm": "session",
    "api-counseling-session-reschedule-request": "session",
    "api-counseling-session-reschedule": "session",
    "api-counseling-session-cancel": "session",
    "api-counseling-session-attendance": "session",
    "api-counseling-session-report": "session",
    "api-counseling-session-follow-up": "session",
    "api-counseling-konselor-handover": "konselor",
    "training-programme-detail": "programme",
    "training-enrolment-detail": "enrolment",
    "training-enrolment-withdraw": "enrolment",
    "training-vacancy-detail": "vacancy",
    "training-vacancy-matches": "vacancy",
    "training-application-detail": "application",
    "training-application-hire": "application",
    "training-application-interview": "application",
    "training-application-offer": "application",
    "training-application-reject": "application",
    "claims:registry_participant": "participant",
    "claims:registry_import_detail": "registry_import",
    "claims:registry_import_errors": "registry_import",
    "claims:registry_import_approve": "registry_import",
    "claims:registry_import_reject": "registry_import",
    "claims:registry_import_cancel": "registry_import",
    "registry-import": "registry_import",
    "registry-import-approve": "registry_import",
    "registry-import-reject": "registry_import",
    "registry-import-cancel": "registry_import",
    "claims:claim_detail": "claim",
    "claims:claim_step": "claim",
    "claims:document_upload": "claim",
    "claims:document_file": "claim",
    "claims:claim_submit": "claim",
    "claims:claim_withdraw": "claim",
    "claims:claim_letter": "claim",
    "claims:claim_receipt": "claim",
    "claims:staff_claim": "claim",
    "claims:staff_verify": "claim",
    "claims:claim_route": "claim",
    "claims:assisted_session": "assisted_session",
    "claims:assisted_consent_send": "assisted_session",
    "claims:assisted_consent_confirm": "assisted_session",
    "claims:assisted_consent_form": "assisted_session",
    "claims:assisted_consent_form_file": "assisted_session",
    "claims:assisted_claim_open": "assisted_session",
    "claims:assisted_step": "assisted_session",
    "claims:assisted_document_upload": "assisted_session",
    "claims:assisted_submit": "assisted_session",
    "claims:assisted_session_close": "assisted_session",
    "claims:staff_request_correction": "claim",
    "claims:staff_approve": "claim",
    "claims:staff_reject": "claim",
    "payouts:benefit_detail": "benefit",
    "payouts:report": "benefit",
    "payouts:account": "benefit",
    "payouts:account_otp": "benefit",
    "payouts:account_resend": "benefit",
    "payouts:account_change_decide": "account_change",
    "payouts:benefit_stop": "benefit",
    "payouts:evidence": "job_search_activity",
    "payouts:batch_detail": "batch",
    "payouts:batch_approve": "batch",
    "payouts:batch_send": "batch",
    "payouts:batch_file": "batch",
    "payouts:batch_results": "batch",
    "payouts:batch_fetch": "batch",
    "payouts:reimbursement_action": "reimbursement",
    "phk:upload_errors": "phk_upload",
    "phk:report_detail": "phk_report",
    "phk:report_confirm": "phk_report",
    "phk:row_detail": "phk_row",
    "phk:row_confirm": "phk_row",
    "phk:row_agreement": "phk_row",
    "phk:row_dispute": "phk_row",
    "phk:row_resolve": "phk_row",
    "phk:row_withdraw": "phk_row",
    "phk:document": "phk_document",
    "phk:mass_layoff_detail": "mass_layoff",
    "phk:event_create": "mass_layoff",
    "phk:event_detail": "outreach_event",
    "phk:event_invite": "outreach_event",
    "phk:event_attendance": "outreach_event",
    "phk:event_cancel": "outreach_event",
    "phk:service_day": "service_day",
    "phk:service_day_arrive": "service_day",
    "phk:service_day_desk": "service_day",
    "phk:service_day_board": "service_day",
    "phk:service_arrival": "service_arrival",
    "counseling:case_detail": "case",
    "counseling:case_action": "case",
    "counseling:session_new": "case",
    "counseling:session_reschedule": "session",
    "counseling:session_attendance": "session",
    "counseling:session_report": "session",
    "counseling:session_follow_up": "session",
    "counseling:session_cancel": "session",
    "counseling:session_respond": "session",
    "counseling:konselor_detail": "konselor",
    "counseling:konselor_edit": "konselor",
    "counseling:absence_add": "konselor",
    "counseling:absence_delete": "konselor",
    "counseling:handover": "konselor",
    "training:programme_detail": "programme",
    "training:programme_enrol": "programme",
    "training:enrolment_withdraw": "enrolment",
    "training:recommendation_decline": "recommendation",
    "training:vacancy_detail": "vacancy",
    "training:vacancy_apply": "vacancy",
    "training:employer_vacancy": "vacancy",
    "training:vacancy_edit": "vacancy",
    "training:vacancy_close": "vacancy",
    "training:application_action": "application",
    "training:lpk_detail": "lpk",
    "training:lpk_edit": "lpk",
    "training:programme_manage": "programme",
    "training:programme_edit": "programme",
    "training:programme_status": "programme",
    "training:session_add": "programme",
    "training:session_delete": "programme_session",
    "training:session_attendance": "programme_session",
    "training:enrolment_action": "enrolment",
}

# Every other URL keyword: the key of side B's object, or a literal value.
KWARG_OBJECT = {
    "doc_pk": "document",
    "participant_id": "client",
    "vacancy_id": "vacancy",
    "absence_pk": "absence",
    "lpk_pk": "lpk",
    "object_id": "claim",
}
KWARG_LITERAL = {
    "step": "phk",
    "action": "approve",
    "table": "claims_monthly",  # a real dashboard table (test_export_walk asks for every one)
    "fmt": "csv",
    "app_label": "claims",
    "model": "claim",
}
MISSING_ID = 987654321  # for kinds of object the world has none of: must be 404 all the same

# The worker's own pages and APIs: asked with another worker's ids they answer a
# plain 404 (not 403: the worker learns nothing about whether the object exists).
WORKER_404 = {
    "api-claim-detail",
    "api-claim-documents",
    "api-claim-document-file",
    "api-claim-submit",
    "api-claim-withdraw",
    "api-benefit-detail",
    "api-benefit-reports",
    "claims:claim_detail",
    "claims:claim_step",
    "claims:document_upload",
    "claims:document_file",
    "claims:claim_submit",
    "claims:claim_withdraw",
    "claims:claim_letter",
    "claims:claim_receipt",
    "payouts:benefit_detail",
    "payouts:report",
    "payouts:account",
    "payouts:account_otp",
    "payouts:account_resend",
    "payouts:evidence",
    "counseling:session_respond",
    "api-counseling-session",
    "api-counseling-session-confirm",
    "api-counseling-session-reschedule-request",
    "training:enrolment_withdraw",
    "training:recommendation_decline",
    "training-enrolment-detail",
    "training-enrolment-withdraw",
    "training-application-detail",
}

# State-changing endpoints of claims and payouts, also tried with POST.
POST_NAMES = {
    "api-claim-documents",
    "api-claim-submit",
    "api-claim-withdraw",
    "api-claim-verify",
    "api-claim-approve",
    "api-claim-reject",
    "api-benefit-reports",
    "api-payout-batch-approve",
    "api-payout-batch-send",
    "claims:document_upload",
    "claims:claim_submit",
    "claims:claim_withdraw",
    "claims:claim_step",
    "claims:staff_verify",
    "claims:claim_route",
    "claims:staff_request_correction",
    "claims:staff_approve",
    "claims:staff_reject",
    "payouts:report",
    "payouts:account",
    "payouts:account_otp",
    "payouts:account_change_decide",
    "payouts:benefit_stop",
    "payouts:batch_approve",
    "payouts:batch_send",
    "claims:registry_import_approve",
    "claims:registry_import_reject",
    "claims:registry_import_cancel",
    "claims:assisted_consent_send",
    "claims:assisted_consent_confirm",
    "claims:assisted_consent_form",
    "claims:assisted_claim_open",
    "claims:assisted_step",
    "claims:assisted_document_upload",
    "claims:assisted_submit",
    "claims:assisted_session_close",
    "phk:service_day_arrive",
    "phk:service_day_desk",
    "phk:service_arrival",
    "registry-import-approve",
    "registry-import-reject",
    "registry-import-cancel",
}

ROLES = (
    "worker",
    "verifier",
    "approver",
    "supervisor",
    "registry_officer",
    "service_officer",
    "employer",
    "mediator",
    "konselor",
)
SKIP_NAMESPACES = ("admin",)  # Django's own admin has its own staff check (tested in accounts)


def all_patterns():
    """(name, route, kwarg names) of every named URL pattern; unnamed ones fail."""
    found = []

    def walk(resolver, prefix, namespace):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                if ns and ns.split(":")[0] in SKIP_NAMESPACES:
                    continue
                walk(p, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if route.startswith(("static/", "media/", "^static", "^media")):
                    continue
                name = f"{namespace}:{p.name}" if namespace and p.name else p.name
                found.append((name, route, sorted(p.pattern.regex.groupindex)))

    walk(get_resolver(), "", None)
    return found


def _value(obj_key, side):
    obj = side.objects.get(obj_key)
    return obj.pk if obj is not None else MISSING_ID


def url_for(name, kwarg_names, side, unknown: list):
    kwargs = {}
    for kw in kwarg_names:
        if kw == "pk":
            if name not in PK_MODEL:
                unknown.append(f"{name}: URL with <pk> missing from PK_MODEL")
                return None
            kwargs[kw] = _value(PK_MODEL[name], side)
        elif kw in KWARG_OBJECT:
            kwargs[kw] = _value(KWARG_OBJECT[kw], side)
        elif kw in KWARG_LITERAL:
            kwargs[kw] = KWARG_LITERAL[kw]
        else:
            unknown.append(f"{name}: URL keyword <{kw}> unknown to KWARG_OBJECT/KWARG_LITERAL")
            return None
    return reverse(name, kwargs=kwargs)


def _is_api(url):
    return url.startswith("/api/")


def _leaks(response, secrets):
    if response.get("Content-Type", "").startswith(("application/pdf", "image/")):
        return []
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    return [s for s in secrets if s and s in text]


def test_every_url_is_known_and_named():
    """Every pattern is named (so it can be reversed) and every keyword of every
    pattern is in the maps: a new view cannot slip past the walk."""
    problems = []
    for name, route, kwargs in all_patterns():
        if not name:
            problems.append(f"unnamed URL pattern {route!r}")
            continue
        for kw in kwargs:
            if kw == "pk" and name not in PK_MODEL:
                problems.append(f"{name} ({route}): add it to PK_MODEL (which object does <pk> name?)")
            elif kw != "pk" and kw not in KWARG_OBJECT and kw not in KWARG_LITERAL:
                problems.append(f"{name} ({route}): keyword <{kw}> unknown: add it to KWARG_OBJECT or KWARG_LITERAL")
    assert not problems, "\n".join(problems)


def test_anonymous_and_cross_owner_walk(world):
    """Anonymous: login redirect / 401-403 except on PUBLIC. Every role of side A
    with side B's ids: never a 200 carrying B's data; non-catalogue object URLs
    answer 403/404 (or 405 for a POST-only URL, then the POST is refused too); a
    worker gets 404 for another worker's claim, benefit, documents or notes.
    Nothing of side B changes."""
    a, b, build_problems = world
    patterns = all_patterns()
    failures: list[str] = []
    unknown: list[str] = []
    urls = []
    for name, _route, kwargs in patterns:
        url = url_for(name, kwargs, b, unknown)
        if url:
            urls.append((name, url, kwargs))
    assert not unknown, "\n".join(unknown)
    # API tokens (side B's verifier's, an admin's) never appear on any page either.
    from tests.factories import UserFactory

    secrets = [*b.secrets, _api_token_of(b.users["verifier"]), _api_token_of(UserFactory(roles=["admin"]))]
    claim_b = b.objects["claim"]
    before = (claim_b.status, claim_b.updated_at if hasattr(claim_b, "updated_at") else None)

    with time_machine.travel(TODAY, tick=False):
        anon = Client()
        for name, url, _kwargs in urls:
            if name in PUBLIC:
                continue
            r = anon.get(url)
            if _is_api(url):
                ok = r.status_code in (401, 403)
            else:
                ok = r.status_code in (301, 302) and "/accounts/login/" in r.get("Location", "")
            if not ok and r.status_code == 405:
                # A POST-only view may refuse the method first; the POST itself must ask for a login.
                r = anon.post(url, {})
                if _is_api(url):
                    ok = r.status_code in (401, 403)
                else:
                    ok = r.status_code in (301, 302) and "/accounts/login/" in r.get("Location", "")
            if not ok:
                failures.append(f"anonymous {r.request['REQUEST_METHOD']} {url} ({name}) -> {r.status_code}")

        for role in ROLES:
            client = Client()
            client.force_login(a.users[role])
            for name, url, kwargs in urls:
                r = client.get(url)
                leaked = _leaks(r, secrets) if r.status_code == 200 else []
                if leaked:
                    failures.append(f"{role} GET {url} ({name}) -> 200 showing side B's {leaked}")
                if not kwargs or name in CATALOGUE or name in OWN_SCOPE or name in STAFF_SHARED.get(role, ()):
                    continue
                worker_own = role == "worker" and name in WORKER_404
                if worker_own:
                    allowed = {404, 405}
                else:
                    allowed = {403, 404, 405}
                if r.status_code not in allowed:
                    failures.append(f"{role} GET {url} ({name}) -> {r.status_code}, expected one of {sorted(allowed)}")
                if name in POST_NAMES or r.status_code == 405:
                    p = client.post(url, {})
                    p_allowed = {404} if worker_own else {403, 404}
                    if p.status_code not in p_allowed and not (r.status_code == 405 and p.status_code == 405):
                        failures.append(f"{role} POST {url} ({name}) -> {p.status_code}, expected {sorted(p_allowed)}")

    claim_b.refresh_from_db()
    after = (claim_b.status, claim_b.updated_at if hasattr(claim_b, "updated_at") else None)
    if before != after:
        failures.append(f"side B's claim changed: {before} -> {after}")
    import_b = b.objects.get("registry_import")
    if import_b is not None:
        import_b.refresh_from_db()
        if import_b.status != "staged":
            failures.append(f"side B's staged registry import became {import_b.status}")
    report = "\n".join(failures)
    if build_problems:
        report += "\n(world build problems: " + "; ".join(build_problems) + ")"
    assert not failures, report


def test_world_has_two_of_everything(world):
    """The walk is only as strong as its world: every key object exists on both sides."""
    a, b, problems = world
    needed = (
        "claim",
        "document",
        "participant",
        "benefit",
        "case",
        "phk_report",
        "phk_row",
        "vacancy",
        "programme",
        "registry_import",
        "assisted_session",
        "service_day",
        "service_arrival",
    )
    missing = [f"{s.key}:{k}" for s in (a, b) for k in needed if s.objects.get(k) is None]
    assert not missing, f"missing {missing}; build problems: {problems}"
    assert re.fullmatch(r"\d{16}", b.objects["participant"].nik)


# The pages Django's ModelAdmin gives every model (admin_urls lists them by name).
_MODEL_ADMIN_VIEWS = ("changelist", "add", "change", "history", "delete")


def admin_extra_urls():
    """The back-office pages a ModelAdmin adds to its own (``get_urls``), such as
    the offices' "Impor kantor (CSV)" or a user's password page: found by
    walking every registered ModelAdmin, so a new one is walked for every role
    without being listed. A page about one object gets a real object's key."""
    from django.contrib import admin

    urls = []
    for model, model_admin in admin.site._registry.items():
        standard = {f"{model._meta.app_label}_{model._meta.model_name}_{view}" for view in _MODEL_ADMIN_VIEWS}
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if not name or name in standard:
                continue
            kwargs = dict.fromkeys(pattern.pattern.regex.groupindex, MISSING_ID if pk is None else pk)
            urls.append(reverse(f"admin:{name}", kwargs=kwargs))
    return urls


def admin_urls():
    """/admin/, each app's index and every registered model's changelist, add,
    change, history and delete URL (with a real object's key where one exists),
    and every extra page of a ModelAdmin (``admin_extra_urls``)."""
    from django.contrib import admin

    urls = [reverse("admin:index")]
    apps = set()
    for model in admin.site._registry:
        meta = model._meta
        apps.add(meta.app_label)
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        pk = MISSING_ID if pk is None else pk
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        urls += [reverse(f"{prefix}_{view}", args=[pk]) for view in ("change", "history", "delete")]
    urls += [reverse("admin:app_list", kwargs={"app_label": label}) for label in sorted(apps)]
    urls += admin_extra_urls()
    return urls


def test_the_back_office_walk_knows_the_extra_admin_pages():
    """The offices import page is one of the walked pages (and so is any later one)."""
    assert reverse("admin:accounts_office_import") in admin_extra_urls()


def _api_token_of(user) -> str:
    """An API token of ``user``, obtained the way any client obtains one."""
    from jkp_portal.accounts.second_factor import second_factor_required
    from tests.factories import PASSWORD
    from tests.otp_support import current_code, enrolled_device

    data = {"username": user.username, "password": PASSWORD}
    if second_factor_required(user):
        data["otp"] = current_code(enrolled_device(user))
    r = Client().post(reverse("api-token"), data)
    assert r.status_code == 200, r.content
    token = r.json()["token"]
    assert len(token) >= 20
    return token


def test_back_office_walk(world):
    """/admin/ and every page of every registered model: anonymous visitors and
    every role but admin are sent to the admin login (nothing shown), through
    the admin's own login form too; the admin reaches the pages, and no page
    ever shows an API token (not even the admin's own). The CSV/XLSX exports
    show no other side's data (they are part of the URL walk above)."""
    from tests.factories import UserFactory

    a, b, _problems = world
    admin_user = UserFactory(roles=["admin"], username="adm.a")
    tokens = [_api_token_of(admin_user), _api_token_of(a.users["verifier"])]
    urls = admin_urls()
    login = reverse("admin:login")
    failures: list[str] = []

    with time_machine.travel(TODAY, tick=False):
        clients = {"anonymous": Client()}
        for role in ROLES:
            clients[role] = Client()
            clients[role].force_login(a.users[role])
        for who, client in clients.items():
            for url in urls:
                r = client.get(url)
                if r.status_code != 302 or not r["Location"].startswith(login):
                    failures.append(f"{who} GET {url} -> {r.status_code} {r.get('Location', '')}")
            for url in [reverse("admin:index"), *admin_extra_urls()]:
                p = client.post(url, {})
                if p.status_code != 302 or not p["Location"].startswith(login):
                    failures.append(f"{who} POST {url} -> {p.status_code}")

        # The admin login form itself lets none of them in.
        for role in ROLES:
            client = Client()
            client.post(login, {"username": a.users[role].username, "password": "Rahasia-Kuat-2025", "next": "/"})
            r = client.get(reverse("admin:index"))
            if r.status_code != 302:
                failures.append(f"{role} signed in through the admin login form: /admin/ -> {r.status_code}")

        admin_client = Client()
        admin_client.force_login(admin_user)
        for url in urls:
            r = admin_client.get(url)
            if r.status_code >= 500:
                failures.append(f"admin GET {url} -> {r.status_code}")
            if r.status_code == 200:
                leaked = [t for t in tokens if t in r.content.decode("utf-8", "replace")]
                if leaked:
                    failures.append(f"admin GET {url} shows an API token")
        for url in urls[:1] + [u for u in urls if u.endswith("/") and u.count("/") == 4] + admin_extra_urls():
            if admin_client.get(url).status_code != 200:
                failures.append(f"admin cannot open {url}")
    assert not failures, "\n".join(failures)


def test_export_walk(world):
    """Every dashboard table as CSV and XLSX (the URL walk above asks for one
    table name only): the dashboard roles get their own scope's figures, other
    roles and anonymous visitors nothing; no export carries a person's data or
    an API token."""
    from jkp_portal.reporting.filters import filters_for
    from jkp_portal.reporting.selectors import dashboard_summary
    from jkp_portal.reporting.tables import build_tables
    from jkp_portal.reporting.views import DASHBOARD_ROLES

    a, b, _problems = world
    secrets = [*a.secrets, *b.secrets, _api_token_of(a.users["verifier"])]
    failures: list[str] = []
    with time_machine.travel(TODAY, tick=False):
        filters, _form = filters_for(a.users["supervisor"], {})
        tables = sorted(build_tables(dashboard_summary(filters)))
        assert tables
        clients = {"anonymous": Client()}
        for role in ROLES:
            clients[role] = Client()
            clients[role].force_login(a.users[role])
        for who, client in clients.items():
            for table in tables:
                for fmt in ("csv", "xlsx"):
                    url = reverse("dashboards:export", kwargs={"table": table, "fmt": fmt})
                    r = client.get(url)
                    if who in DASHBOARD_ROLES:
                        if r.status_code != 200:
                            failures.append(f"{who} GET {url} -> {r.status_code}")
                        elif fmt == "csv" and (leaked := _leaks(r, secrets)):
                            failures.append(f"{who} GET {url} shows {leaked}")
                    elif r.status_code not in (302, 403):
                        failures.append(f"{who} GET {url} -> {r.status_code}, expected no export")
    assert not failures, "\n".join(failures)
