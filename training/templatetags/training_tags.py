from decimal import Decimal

from django import template
from django.utils import timezone

from claims.eligibility import rule_set_for
from jkp_portal.accounts.regions import area_name
from training.rules import format_rupiah

register = template.Library()

_BADGES = {
    "waitlisted": "text-bg-warning",
    "enrolled": "text-bg-primary",
    "completed": "text-bg-success",
    "withdrawn": "text-bg-secondary",
    "sent": "text-bg-secondary",
    "interview": "text-bg-info",
    "offered": "text-bg-primary",
    "hired": "text-bg-success",
    "rejected": "text-bg-danger",
    "draft": "text-bg-secondary",
    "published": "text-bg-success",
    "closed": "text-bg-dark",
    "open": "text-bg-success",
    "filled": "text-bg-primary",
    "accepted": "text-bg-success",
    "declined": "text-bg-secondary",
}


@register.filter
def rupiah(value):
    """Rp 2.400.000; an empty value shows as a dash."""
    if value in (None, ""):
        return "—"
    return format_rupiah(value)


@register.filter
def badge(status):
    return _BADGES.get(str(status), "text-bg-light")


@register.filter
def province(code):
    """A province (``33``) or regency (``33.72``) code as its name."""
    return area_name(code) if code else ""


@register.filter
def attendance_class(percentage):
    """Below the payment condition (≥ 80 % in both rule sets) shows in red."""
    if percentage in (None, ""):
        return ""
    threshold = rule_set_for(timezone.localdate()).min_training_attendance * 100
    return "text-success" if Decimal(str(percentage)) >= threshold else "text-danger"
