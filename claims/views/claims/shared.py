"""What the claim pages share: the names of a service's errors that stay off the
forms (``PAGE_KEYS``), the POST-or-None helper, the verdict (or why there is
none) and the worker's view of a correction request."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from claims.models import AssistedSession, ClaimStatus, DocumentKind
from claims.models.claims import CORRECTABLE_FIELDS
from claims.selectors import claims as sel
from jkp_portal.common.exceptions import ApplicationError

S = ClaimStatus


# Names in the claim services' errors that carry codes or lists for the page, not a
# text for a field of these forms: left off the form, so the service's message shows.
PAGE_KEYS = ("status", "claim", "eligibility", "checklist", "phk")


def posted(request):
    """The POST data of a POST (even an empty one, so a blank form shows its errors), else None."""
    return request.POST if request.method == "POST" else None


def verdict_or_error(claim, **kwargs):
    try:
        return sel.claim_verdict(claim, **kwargs), ""
    except ApplicationError as exc:
        return None, exc.message


def correction_view(claim) -> dict | None:
    if claim.status != S.NEEDS_CORRECTION:
        return None
    request = claim.correction_request or {}
    return {
        "documents": [DocumentKind(k).label for k in request.get("documents", []) if k in DocumentKind.values],
        "document_kinds": request.get("documents", []),
        "fields": [CORRECTABLE_FIELDS[f] for f in request.get("fields", []) if f in CORRECTABLE_FIELDS],
        "field_codes": request.get("fields", []),
        "note": request.get("note", ""),
        "requested_at": request.get("requested_at"),
    }


@dataclass(frozen=True)
class Filer:
    """Who fills the wizard, and so where its links and forms go: the signed-in
    worker (``session`` None: /klaim/<claim>/...) or a service officer in an open
    desk session with the worker (/layanan/sesi/<session>/...). The steps, their
    templates and the services are the same; the services check the filer."""

    session: AssistedSession | None = None

    def step_url(self, claim, step: str) -> str:
        if self.session is not None:
            return reverse("claims:assisted_step", args=[self.session.pk, step])
        return reverse("claims:claim_step", args=[claim.pk, step])

    def upload_url(self, claim) -> str:
        if self.session is not None:
            return reverse("claims:assisted_document_upload", args=[self.session.pk])
        return reverse("claims:document_upload", args=[claim.pk])

    def submit_url(self, claim) -> str:
        if self.session is not None:
            return reverse("claims:assisted_submit", args=[self.session.pk])
        return reverse("claims:claim_submit", args=[claim.pk])

    def home_url(self, claim) -> str:
        if self.session is not None:
            return reverse("claims:assisted_session", args=[self.session.pk])
        return reverse("claims:claim_detail", args=[claim.pk])

    def urls(self, claim) -> dict:
        from claims.views.claims.wizard import STEP_SLUGS

        return {
            "step": {slug: self.step_url(claim, slug) for slug in STEP_SLUGS},
            "upload": self.upload_url(claim),
            "submit": self.submit_url(claim),
            "home": self.home_url(claim),
        }
