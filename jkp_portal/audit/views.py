from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from jkp_portal.accounts.roles import STAFF_ROLES
from jkp_portal.common.permissions import has_any_role

from .selectors import audit_events_for_key, audit_key_in_scope


@login_required
def audit_trail(request, app_label: str, model: str, object_id: str):
    """Every recorded change of one object, oldest first (BPJS staff only)."""
    if not has_any_role(request.user, STAFF_ROLES):
        raise PermissionDenied
    try:
        if not audit_key_in_scope(user=request.user, app_label=app_label, model=model, object_id=object_id):
            raise Http404
        events = list(audit_events_for_key(app_label=app_label, model=model, object_id=object_id))
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "audit/trail.html",
        {"events": events, "object_label": f"{app_label}.{model} #{object_id}"},
    )
