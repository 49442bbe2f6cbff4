"""The audit trail in words: one registry of the labels of audit actions.

The audit app sits below the apps that write events, so it does not know
their actions: each app registers the labels of the actions it writes, from
its ``AppConfig.ready()``::

    # myapp/audit_actions.py
    from django.utils.translation import gettext_lazy as _
    AUDIT_ACTIONS = {"thing_approved": _("Barang disetujui"), ...}

    # myapp/apps.py, in ready()
    from jkp_portal.audit.labels import register_actions
    from .audit_actions import AUDIT_ACTIONS
    register_actions(AUDIT_ACTIONS)

Labels are short, past tense, what happened ("Klaim diverifikasi"). An action
has one label: registering another label for it is a configuration error.
``tests/audit/test_labels.py`` scans the source for every action written and
fails when one has no label.

The from/to states of an event are shown with the choice labels of the
audited model's ``status`` field when the code is one of them (no
registration needed); any other code is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured

_ACTIONS: dict[str, object] = {}


def register_actions(actions: Mapping[str, object]) -> None:
    """Add ``{action code: label}`` (labels in ``gettext_lazy``)."""
    for action, label in actions.items():
        existing = _ACTIONS.get(action)
        if existing is not None and existing is not label:
            raise ImproperlyConfigured(f"The audit action {action!r} already has a label; an action has one label.")
        _ACTIONS[action] = label


def registered_actions() -> frozenset[str]:
    return frozenset(_ACTIONS)


def action_label(action: str) -> str:
    """The words for an action; the code itself when it has none."""
    label = _ACTIONS.get(action)
    return str(label) if label is not None else action


def state_label(event, code: str) -> str:
    """The choice label of ``code`` on the audited model's ``status`` field, or the code."""
    if not code:
        return code
    from django.contrib.contenttypes.models import ContentType  # labels are registered while apps load

    try:
        model = ContentType.objects.get_for_id(event.content_type_id).model_class()
        field = model._meta.get_field("status") if model is not None else None
    except (ContentType.DoesNotExist, FieldDoesNotExist):
        return code
    if field is None or not field.choices:
        return code
    return str(dict(field.flatchoices).get(code, code))
