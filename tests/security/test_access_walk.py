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
    "eligibility-simulate",
    "claims:calculator",
    "claims:signup",
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

# What ``pk`` means in each named URL: the key of side B's object.
PK_MODEL = {
    "audit_trail": None,
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
    "claims:staff_claim": "claim",
    "claims:staff_decide": "claim",
    "payouts:benefit_detail": "benefit",
    "payouts:report": "benefit",
    "payouts:account": "benefit",
    "payouts:benefit_stop": "benefit",
    "payouts:evidence": "job_search_activity",
    "payouts:batch_detail": "batch",
    "payouts:batch_approve": "batch",
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
    "table": "claims_by_month",
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
    "payouts:benefit_detail",
    "payouts:report",
    "payouts:account",
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
    "claims:document_upload",
    "claims:claim_submit",
    "claims:claim_withdraw",
    "claims:claim_step",
    "claims:staff_decide",
    "payouts:report",
    "payouts:account",
    "payouts:benefit_stop",
    "payouts:batch_approve",
    "claims:registry_import_approve",
    "claims:registry_import_reject",
    "claims:registry_import_cancel",
    "registry-import-approve",
    "registry-import-reject",
    "registry-import-cancel",
}

ROLES = ("worker", "verifier", "approver", "supervisor", "registry_officer", "employer", "mediator", "konselor")
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
                leaked = _leaks(r, b.secrets) if r.status_code == 200 else []
                if leaked:
                    failures.append(f"{role} GET {url} ({name}) -> 200 showing side B's {leaked}")
                if not kwargs or name in CATALOGUE or name in STAFF_SHARED.get(role, ()):
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
    )
    missing = [f"{s.key}:{k}" for s in (a, b) for k in needed if s.objects.get(k) is None]
    assert not missing, f"missing {missing}; build problems: {problems}"
    assert re.fullmatch(r"\d{16}", b.objects["participant"].nik)
