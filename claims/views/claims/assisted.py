"""The service desk: a service officer checks a worker's KTP, records their
consent and files the claim with them through the same wizard
(``claims.services.assisted``; the wizard's steps take the officer's session
as ``Filer``)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from claims.forms.claims import ConsentCodeForm, ConsentFormUploadForm, DeskCheckForm, DeskSearchForm
from claims.selectors import assisted as asel
from claims.selectors import claims as sel
from claims.selectors.completeness import missing_items
from claims.services import assisted as svc
from claims.views.claims.documents import upload_for
from claims.views.claims.shared import Filer, S
from claims.views.claims.wizard import wizard_step
from claims.views.claims.worker import submit_for
from jkp_portal.accounts.codes import (
    CODE_MAX_ATTEMPTS,
    CODE_RESEND_AFTER,
    CODE_TTL,
    Contact,
    Purpose,
    code_pending,
)
from jkp_portal.accounts.roles import Role
from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

DESK_KEY = "assisted_desk"  # the last desk name the officer typed (this browser session)


@roles_required(Role.SERVICE_OFFICER)
@require_http_methods(["GET", "POST"])
def desk(request):
    """Find a worker by the exact NIK, compare the KTP, open the session."""
    participant = None
    check_form = None
    search = DeskSearchForm(request.GET or None)
    if request.method == "POST":
        check_form = DeskCheckForm(request.POST)
        nik = request.POST.get("nik", "")
        search = DeskSearchForm(initial={"nik": nik})
        if check_form.is_valid():
            data = check_form.cleaned_data
            try:
                session = svc.assisted_session_open(
                    actor=request.user,
                    nik=data["nik"],
                    ktp_nik=data["ktp_nik"],
                    desk=data["desk"],
                    identity_confirmed=data["identity_confirmed"],
                )
            except ApplicationError as exc:
                errors_to_form(check_form, exc, aliases={"nik": "__all__"})
            else:
                request.session[DESK_KEY] = session.desk
                messages.success(request, _("KTP diperiksa. Catat persetujuan pekerja sebelum mengisi klaim."))
                return redirect("claims:assisted_session", pk=session.pk)
        participant = _lookup(request, search, nik)
    elif search.is_valid():
        participant = _lookup(request, search, search.cleaned_data["nik"])
        if participant is not None:
            check_form = DeskCheckForm(initial={"nik": participant.nik, "desk": request.session.get(DESK_KEY, "")})
    if participant is not None:
        # The registry's NIK, name and birth date are shown in full to compare with the card.
        log_personal_data_access(request, participant, ["nik", "full_name", "birth_date"])
    return render(
        request,
        "claims/assisted/desk.html",
        {
            "search": search,
            "participant": participant,
            "check_form": check_form,
            "has_mobile": bool(participant and Contact.on_file(phone=participant.phone).phone),
            "sessions": asel.sessions_of_officer_today(request.user),
        },
    )


def _lookup(request, search, nik: str):
    try:
        return svc.participant_for_check(actor=request.user, nik=nik)
    except ApplicationError as exc:
        errors_to_form(search, exc)
        return None


def _session_context(request, session, **extra) -> dict:
    claim = session.claim
    active = asel.session_is_active(session)
    pending = None
    if active and not session.has_consent:
        pending = code_pending(purpose=Purpose.ASSISTED_CONSENT, subject=f"assisted-session:{session.pk}")
    missing = missing_items(claim, sel.claim_documents(claim)) if claim and claim.status == S.DRAFT else {}
    return {
        "session": session,
        "participant": session.participant,
        "nik_masked": sel.mask_nik(session.participant.nik),
        "active": active,
        "claim": claim,
        "missing": missing,
        "has_mobile": bool(Contact.on_file(phone=session.participant.phone).phone),
        "pending": pending,
        "code_form": extra.pop("code_form", None) or ConsentCodeForm(),
        "form_form": extra.pop("form_form", None) or ConsentFormUploadForm(),
        "minutes": int(CODE_TTL.total_seconds() // 60),
        "tries": CODE_MAX_ATTEMPTS,
        "resend_seconds": int(CODE_RESEND_AFTER.total_seconds()),
        "start_key": uuid.uuid4().hex,
        "assisted_line": asel.assisted_line(claim) if claim and claim.assisted_by_id else "",
        **extra,
    }


@roles_required(Role.SERVICE_OFFICER)
def session_detail(request, pk: int):
    session = asel.session_get_for_officer(user=request.user, pk=pk)
    return render(request, "claims/assisted/session.html", _session_context(request, session))


@roles_required(Role.SERVICE_OFFICER)
@require_POST
def consent_send(request, pk: int):
    session = asel.session_get_for_officer(user=request.user, pk=pk)
    try:
        row = svc.assisted_consent_send(session=session, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Kode dikirim lewat SMS ke %(to)s. Minta pekerja membacakannya.") % {"to": row.destination_masked},
        )
    return redirect("claims:assisted_session", pk=session.pk)


@roles_required(Role.SERVICE_OFFICER)
@require_POST
def consent_confirm(request, pk: int):
    session = asel.session_get_for_officer(user=request.user, pk=pk)
    form = ConsentCodeForm(request.POST)
    if form.is_valid():
        try:
            svc.assisted_consent_confirm(session=session, actor=request.user, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Persetujuan pekerja dicatat. Anda dapat mengisi klaim bersamanya."))
            return redirect("claims:assisted_session", pk=session.pk)
    session.refresh_from_db()
    return render(
        request, "claims/assisted/session.html", _session_context(request, session, code_form=form), status=400
    )


@roles_required(Role.SERVICE_OFFICER)
@require_POST
def consent_form(request, pk: int):
    session = asel.session_get_for_officer(user=request.user, pk=pk)
    form = ConsentFormUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            svc.assisted_consent_form(
                session=session,
                actor=request.user,
                upload=form.cleaned_data["file"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Formulir persetujuan disimpan. Anda dapat mengisi klaim bersama pekerja."))
            return redirect("claims:assisted_session", pk=session.pk)
    session.refresh_from_db()
    return render(
        request, "claims/assisted/session.html", _session_context(request, session, form_form=form), status=400
    )


@roles_required(Role.SERVICE_OFFICER, *sorted({Role.VERIFIER, Role.APPROVER, Role.SUPERVISOR, Role.ADMIN}))
def consent_form_file(request, pk: int):
    """The signed consent form: to the session's officer, and to the staff who
    may open the claim filed in it (its office's scope)."""
    from claims.models import AssistedSession

    user = request.user
    session = AssistedSession.objects.filter(pk=pk).select_related("claim").first()
    allowed = session is not None and (
        session.officer_id == user.pk
        or (
            session.claim_id is not None
            and sel.is_staff(user)
            and sel.claims_visible_to(user).filter(pk=session.claim_id).exists()
        )
    )
    if not allowed or not session.consent_form:
        raise Http404(_("Formulir tidak ditemukan."))
    try:
        handle = session.consent_form.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=session.consent_form_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@roles_required(Role.SERVICE_OFFICER)
@require_POST
def claim_open(request, pk: int):
    session = asel.session_get_for_officer(user=request.user, pk=pk)
    try:
        claim = svc.assisted_claim_start(session=session, actor=request.user, idempotency_key=request.POST.get("key"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("claims:assisted_session", pk=session.pk)
    step = "phk" if claim.status == S.DRAFT else "tinjau"
    return redirect("claims:assisted_step", pk=session.pk, step=step)


def _session_claim(request, pk: int):
    session = asel.session_get_for_officer(user=request.user, pk=pk)
    if session.claim_id is None:
        raise Http404(_("Belum ada klaim pada layanan ini."))
    return session, sel.claim_get_for_user_or_none(pk=session.claim_id)


@roles_required(Role.SERVICE_OFFICER)
@require_http_methods(["GET", "POST"])
def wizard(request, pk: int, step: str):
    session, claim = _session_claim(request, pk)
    if not asel.session_is_active(session):
        messages.info(request, _("Layanan ini sudah selesai."))
        return redirect("claims:assisted_session", pk=session.pk)
    return wizard_step(request, claim, step, Filer(session))


@roles_required(Role.SERVICE_OFFICER)
@require_POST
def document_upload(request, pk: int):
    session, claim = _session_claim(request, pk)
    return upload_for(request, claim, Filer(session))


@roles_required(Role.SERVICE_OFFICER)
@require_POST
def submit(request, pk: int):
    session, claim = _session_claim(request, pk)
    return submit_for(request, claim, Filer(session))


@roles_required(Role.SERVICE_OFFICER)
@require_POST
def session_close(request, pk: int):
    session = asel.session_get_for_officer(user=request.user, pk=pk)
    try:
        svc.assisted_session_close(session=session, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("claims:assisted_session", pk=session.pk)
    messages.success(request, _("Layanan selesai. Kembalikan KTP kepada pekerja."))
    return redirect("claims:assisted_desk")
