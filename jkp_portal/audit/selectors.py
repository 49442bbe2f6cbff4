from django.contrib.contenttypes.models import ContentType
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
