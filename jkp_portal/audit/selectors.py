from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError
from django.db.models import QuerySet

from .models import AuditEvent


def audit_events_for(obj) -> QuerySet[AuditEvent]:
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return (
        AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor").order_by("at", "id")
    )


def audit_events_for_key(*, app_label: str, model: str, object_id: str) -> QuerySet[AuditEvent]:
    ct = ContentType.objects.get_by_natural_key(app_label, model)
    return AuditEvent.objects.filter(content_type=ct, object_id=object_id).select_related("actor").order_by("at", "id")


# How an audited model reaches its office, for staff scoping (first match wins).
_OFFICE_PATHS = ("office", "claim__office", "benefit__office", "benefit__claim__office", "report__employer__office")


def audit_key_in_scope(*, user, app_label: str, model: str, object_id: str) -> bool:
    """Whether ``user`` may read the trail of that object: staff see objects of
    their office scope only (head office and admins: everything). Objects
    without an office path are for the head office and admins only."""
    from jkp_portal.accounts.selectors import office_scope_ids

    ct = ContentType.objects.get_by_natural_key(app_label, model)
    scope = office_scope_ids(user)
    if scope is None:
        return True
    model_class = ct.model_class()
    if model_class is None:
        return False
    qs = model_class._default_manager.filter(pk=object_id) if str(object_id).isdigit() else None
    if qs is None:
        return False
    for path in _OFFICE_PATHS:
        try:
            return qs.filter(**{f"{path}__in": scope}).exists()
        except FieldError:  # this model has no such path: try the next
            continue
    return False
