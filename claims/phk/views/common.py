"""What the PHK pages share: the role sets, error messages, paging, the employer of the user."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from jkp_portal.accounts.roles import STAFF_ROLES
from jkp_portal.common.exceptions import ApplicationError
from jkp_portal.common.forms import errors_to_form

from .. import selectors as sel

CASE_ROLES = ("mediator", *STAFF_ROLES)
REPORT_ROLES = ("employer", "mediator", *STAFF_ROLES)


def _show_error(request, exc: ApplicationError, form=None) -> None:
    """The service's message on top; field messages next to their fields (the row
    report stays on the page)."""
    messages.error(request, exc.message)
    if form is not None:
        errors_to_form(form, exc, page_keys=("rows",), summary=False)


def _page(request, items, per_page: int):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _employer_or_403(request):
    try:
        return sel.employer_for_user(request.user)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc
