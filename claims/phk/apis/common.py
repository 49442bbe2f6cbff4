"""What the PHK API modules share: the role sets, the schema tag, who sees a report's full NIKs."""

from __future__ import annotations

from jkp_portal.accounts.roles import STAFF_ROLES

from .. import selectors as sel
from ..models import PhkReport

REPORT_ROLES = ("employer", "mediator", *STAFF_ROLES)
CASE_ROLES = ("mediator", *STAFF_ROLES)
TAGS = ["phk"]


def _full_nik(user, report: PhkReport) -> bool:
    return sel.is_area_mediator(user, report.employer) or (
        user.has_role("employer") and user.employer_npp == report.employer.npp
    )
