"""The staff's decisions on a claim: one POST view per transition, each at its own
URL under the staff claim page (``petugas/klaim/<pk>/...``).

The verification card of the page posts to ``staff_verify``,
``staff_request_correction`` or ``staff_reject`` (the button of the chosen
decision carries its ``formaction``), the approval card to ``staff_approve`` or
``staff_reject``. Each view checks the role first (403), finds the claim in the
user's office scope (404), and leaves every other rule to its service: the
status, the four-eyes rule (the approver is not the verifier), nobody deciding
their own claim, the checklist, the reasons and the note, and the audit event.
A refused decision goes back to the claim page (redirect after POST: a reload
never posts the decision again) where the card shows what was typed, with the
service's message beside the fields (kept in the session for that one page
view); a 403 from the service is a 403 page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.forms.utils import ErrorDict
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.forms.claims import ApproveDecisionForm, VerifyDecisionForm
from claims.selectors import claims as sel
from claims.services import transitions
from claims.views.claims.shared import PAGE_KEYS, S
from jkp_portal.accounts.roles import Role
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form
from jkp_portal.common.permissions import roles_required

VERIFY, APPROVE = "verify", "approve"
QUEUES = {VERIFY: "claims:verifier_queue", APPROVE: "claims:approver_queue"}
# The services' names for fields the decision forms call differently.
SERVICE_FIELDS = {"fields": "field_codes"}


def _decide(request, pk: int, *, stage: str | None, act: Callable) -> HttpResponse:
    """Validate the card's form, run ``act(claim, form, user)`` (the service call,
    returning the success message), then go back to the queue; or show the page
    again with the errors. ``stage`` None: the card the claim's status shows."""
    user = request.user
    claim = sel.claim_get_for_staff(user=user, pk=pk)
    if stage is None:
        stage = APPROVE if claim.status == S.VERIFIED else VERIFY
    form = VerifyDecisionForm(request.POST, claim=claim) if stage == VERIFY else ApproveDecisionForm(request.POST)
    if form.is_valid():
        try:
            message = act(claim, form, user)
        except ApplicationError as exc:
            if exc.status_code == 403:
                raise PermissionDenied(exc.message) from exc
            errors_to_form(form, exc, aliases=SERVICE_FIELDS, page_keys=PAGE_KEYS)
            messages.error(request, exc.message)
        else:
            messages.success(request, message)
            return redirect(QUEUES[stage])
    else:
        messages.error(request, _("Keputusan belum dapat disimpan. Periksa isian yang ditandai."))
    keep_refused_form(request, claim.pk, stage, form)
    return redirect("claims:staff_claim", pk=claim.pk)


def _session_key(pk: int) -> str:
    return f"claims.refused_decision.{pk}"


def keep_refused_form(request, pk: int, stage: str, form) -> None:
    """What was typed in a refused decision and why, for the next view of the claim page."""
    request.session[_session_key(pk)] = {
        "stage": stage,
        "data": {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"},
        "errors": {field: [str(e) for e in errors] for field, errors in form.errors.items()},
    }


def refused_form(request, claim) -> dict:
    """The refused decision's card, bound to what was typed with its errors
    (``{"verify_form": form}`` or ``{"approve_form": form}``), once; else ``{}``."""
    kept = request.session.pop(_session_key(claim.pk), None)
    if not kept or kept.get("stage") not in QUEUES:
        return {}
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    stage = kept["stage"]
    form = VerifyDecisionForm(data, claim=claim) if stage == VERIFY else ApproveDecisionForm(data)
    form.is_valid()
    form._errors = ErrorDict()
    for field, errors in kept["errors"].items():
        for error in errors:
            form.add_error(None if field == NON_FIELD_ERRORS or field not in form.fields else field, error)
    return {f"{stage}_form": form}


@roles_required(Role.VERIFIER)
@require_POST
def staff_verify(request, pk: int):
    """The verifier found the documents in order (with the whole checklist ticked)."""

    def act(claim, form, user):
        data = form.cleaned_data
        transitions.claim_verify(claim=claim, actor=user, note=data["note"], checklist=form.checklist())
        return _("Klaim #%(id)s terverifikasi.") % {"id": claim.pk}

    return _decide(request, pk, stage=VERIFY, act=act)


@roles_required(Role.VERIFIER)
@require_POST
def staff_request_correction(request, pk: int):
    """The verifier sends the claim back to the worker, naming documents and fields to fix."""

    def act(claim, form, user):
        data = form.cleaned_data
        transitions.claim_request_correction(
            claim=claim, actor=user, documents=data["documents"], fields=data["field_codes"], note=data["note"]
        )
        return _("Permintaan perbaikan dikirim ke pekerja.")

    return _decide(request, pk, stage=VERIFY, act=act)


@roles_required(Role.APPROVER)
@require_POST
def staff_approve(request, pk: int):
    """Another person than the verifier approves: the benefit is set."""

    def act(claim, form, user):
        transitions.claim_approve(claim=claim, actor=user, note=form.cleaned_data["note"])
        return _("Klaim #%(id)s disetujui; manfaat ditetapkan.") % {"id": claim.pk}

    return _decide(request, pk, stage=APPROVE, act=act)


@roles_required(Role.VERIFIER, Role.APPROVER)
@require_POST
def staff_reject(request, pk: int):
    """Reject with coded reasons and a note: the verifier (submitted) or the approver (verified)."""

    def act(claim, form, user):
        data = form.cleaned_data
        transitions.claim_reject(claim=claim, actor=user, reasons=data["reasons"], note=data["note"])
        return _("Klaim #%(id)s ditolak.") % {"id": claim.pk}

    return _decide(request, pk, stage=None, act=act)
