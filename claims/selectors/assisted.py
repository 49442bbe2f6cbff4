"""Reads of the service desk: an officer's sessions, and how a claim names the
officer who filed it with the worker."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import AssistedSession, Claim


def session_get_for_officer(*, user, pk: int) -> AssistedSession:
    """One of the officer's own sessions (any other: 404)."""
    session = (
        AssistedSession.objects.select_related("participant", "participant__employer", "office", "officer", "claim")
        .filter(pk=pk, officer_id=user.pk)
        .first()
        if user.is_authenticated
        else None
    )
    if session is None:
        raise Http404(_("Layanan tidak ditemukan."))
    return session


def sessions_of_officer_today(user) -> list[AssistedSession]:
    return list(
        AssistedSession.objects.select_related("participant", "claim")
        .filter(officer_id=user.pk, opened_at__date=timezone.localdate())
        .order_by("status", "-opened_at")[:100]
    )


def session_is_active(session: AssistedSession) -> bool:
    return (
        session.status == AssistedSession.Status.OPEN
        and timezone.localtime(session.opened_at).date() == timezone.localdate()
    )


def officer_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def assisted_line(claim: Claim) -> str:
    """ "Diajukan dengan bantuan petugas <name>, <office> (<desk>)" for a claim
    filed at a desk, else "". Shown on every staff and worker page of the claim
    (and the receipt's ``assisted_line``)."""
    if claim.assisted_by_id is None:
        return ""
    session = claim.assisted_session
    office = session.office.name if session is not None else ""
    desk = session.desk if session is not None else ""
    where = f"{office} ({desk})" if office and desk else office or desk
    return _("Diajukan dengan bantuan petugas %(officer)s, %(where)s") % {
        "officer": officer_name(claim.assisted_by),
        "where": where,
    }
