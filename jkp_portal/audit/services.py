from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def _actor_fields(actor) -> tuple[Any, str]:
    """A user, a system label such as "celery:run_payouts", or None (system)."""
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        return None, actor
    if getattr(actor, "is_authenticated", False):
        return actor, actor.get_username()
    return None, "anonymous"


def audit_record(
    *,
    actor,
    obj: models.Model,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one state change. Call it inside the service's transaction."""
    user, label = _actor_fields(actor)
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        data=data or {},
    )


def audit_record_many(*, actor, objs, action: str, from_state="", to_state="", reason="", data=None) -> int:
    """The same event for many objects at once (bulk reassignments, batches)."""
    objs = list(objs)
    if not objs:
        return 0
    user, label = _actor_fields(actor)
    ct = ContentType.objects.get_for_model(objs[0], for_concrete_model=True)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=user,
                actor_label=label,
                content_type=ct,
                object_id=str(obj.pk),
                action=action,
                from_state=from_state,
                to_state=to_state,
                reason=reason,
                data=data or {},
            )
            for obj in objs
        ],
        batch_size=2000,
    )
    return len(objs)


def _is_own_data(user, obj: models.Model) -> bool:
    """A person looking at their own record (their account, or the participant
    record linked to it) is not an access to someone else's personal data."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if obj._meta.concrete_model is user._meta.concrete_model:
        return obj.pk == user.pk
    return getattr(obj, "user_id", None) == user.pk


def log_personal_data_access(request, obj: models.Model, fields: list[str] | tuple[str, ...]):
    """Log that ``request.user`` is being shown ``fields`` (e.g. ["nik",
    "bank_account_number"]) of ``obj`` in full. Call it where the data is
    revealed (the view, selector or serializer that shows a full NIK, contact
    data or bank account number to staff).

    One record per request and person: a second call for the same object in the
    same request adds its fields to the first record instead of writing another.
    People looking at their own data are not logged. Records are never changed
    after the request that wrote them, nor deleted by the portal."""
    from .models import PersonalDataAccess

    actor = getattr(request, "user", None)
    if _is_own_data(actor, obj):
        return None
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    http_request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    logged = getattr(http_request, "_personal_data_logged", None)
    if logged is None:
        logged = http_request._personal_data_logged = {}
    key = (content_type.pk, str(obj.pk))
    record = logged.get(key)
    if record is not None:
        added = [f for f in fields if f not in record.fields]
        if added:
            record.fields = [*record.fields, *added]
            record.save(update_fields=["fields"])
        return record
    user, label = _actor_fields(actor)
    record = logged[key] = PersonalDataAccess.objects.create(
        user=user,
        user_label=label,
        content_type=content_type,
        object_id=str(obj.pk),
        fields=list(fields),
        purpose=request.get_full_path()[:300],
    )
    return record
