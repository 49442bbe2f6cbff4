"""The receipt (tanda terima) of a filed claim as PDF: to the claim's worker and
to staff of its office, the same readers as the claim's documents and letter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from claims.models import Claim
from claims.receipts import claim_receipt_pdf
from claims.selectors.assisted import assisted_line
from claims.views.claims.documents import _claim_for_reader
from jkp_portal.accounts.roles import Role
from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.downloads import set_disposition


def _claim_for_receipt(user, pk: int) -> Claim:
    """The claim's readers, and the service officer who filed it with the
    worker at a desk (they print the receipt for the worker there)."""
    if user.has_role(Role.SERVICE_OFFICER):
        claim = Claim.objects.filter(pk=pk, assisted_by=user).first()
        if claim is not None:
            return claim
    return _claim_for_reader(user, pk)


@login_required
def claim_receipt(request, pk: int):
    """The receipt of a submitted claim (never of a draft); a claim filed at a
    desk says who helped, where."""
    claim = _claim_for_receipt(request.user, pk)
    if claim.submitted_at is None:
        raise Http404(_("Tanda terima hanya ada untuk klaim yang sudah diajukan."))
    claim = Claim.objects.select_related("participant", "office").get(pk=claim.pk)
    # The receipt names the worker (the NIK is masked): staff printing it are logged.
    log_personal_data_access(request, claim.participant, ["full_name"])
    pdf = claim_receipt_pdf(claim, assisted_line=assisted_line(claim))
    response = HttpResponse(pdf, content_type="application/pdf")
    set_disposition(response, filename=f"tanda-terima-klaim-jkp-{claim.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
