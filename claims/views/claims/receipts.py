"""The receipt (tanda terima) of a filed claim as PDF: to the claim's worker and
to staff of its office, the same readers as the claim's documents and letter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from claims.models import Claim
from claims.receipts import claim_receipt_pdf
from claims.views.claims.documents import _claim_for_reader
from jkp_portal.audit.services import log_personal_data_access
from jkp_portal.common.downloads import set_disposition


@login_required
def claim_receipt(request, pk: int):
    """The receipt of a submitted claim (never of a draft)."""
    claim = _claim_for_reader(request.user, pk)
    if claim.submitted_at is None:
        raise Http404(_("Tanda terima hanya ada untuk klaim yang sudah diajukan."))
    claim = Claim.objects.select_related("participant", "office").get(pk=claim.pk)
    # The receipt names the worker (the NIK is masked): staff printing it are logged.
    log_personal_data_access(request, claim.participant, ["full_name"])
    response = HttpResponse(claim_receipt_pdf(claim), content_type="application/pdf")
    set_disposition(response, filename=f"tanda-terima-klaim-jkp-{claim.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
