from django import template

from jkp_portal.audit.labels import action_label, state_label

register = template.Library()


@register.filter(name="audit_action")
def audit_action_filter(action: str) -> str:
    """``{{ event.action|audit_action }}``: the action in words (the code when unknown)."""
    return action_label(action or "")


@register.filter(name="audit_state")
def audit_state_filter(code: str, event) -> str:
    """``{{ event.to_state|audit_state:event }}``: a state in words when it is a status of the audited model."""
    return state_label(event, code or "")
