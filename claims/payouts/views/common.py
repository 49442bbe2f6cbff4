"""What the payouts pages share: the role check and the benefit in the user's scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from jkp_portal.common.permissions import has_any_role

from ..models import Benefit
from ..selectors import MAX_ID, benefit_for_user


def _require(request, roles):
    if not has_any_role(request.user, roles):
        raise PermissionDenied


def _benefit_or_404(request, pk: int) -> Benefit:
    if pk > MAX_ID:
        raise Http404
    try:
        return benefit_for_user(user=request.user, benefit_id=pk)
    except Benefit.DoesNotExist as exc:
        raise Http404 from exc
