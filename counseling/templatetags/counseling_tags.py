"""Small display helpers for the counselling templates."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()

CASE_BADGES = {
    "unassigned": "text-bg-warning",
    "new": "text-bg-primary",
    "active": "text-bg-success",
    "in_training": "text-bg-info",
    "reemployed": "text-bg-dark",
    "closed": "text-bg-secondary",
}
SESSION_BADGES = {
    "scheduled": "text-bg-primary",
    "confirmed": "text-bg-success",
    "reschedule_requested": "text-bg-warning",
    "attended": "text-bg-dark",
    "no_show": "text-bg-danger",
    "cancelled": "text-bg-secondary",
}


@register.filter
def mask_nik(nik: str) -> str:
    """3372…0001: enough to recognise a person in a list, not to copy their NIK."""
    if not nik or len(nik) < 10:
        return nik or ""
    return f"{nik[:4]}…{nik[-4:]}"


@register.filter
def case_badge(status: str) -> str:
    return CASE_BADGES.get(status, "text-bg-light")


@register.filter
def session_badge(status: str) -> str:
    return SESSION_BADGES.get(status, "text-bg-light")


@register.simple_tag
def days_until(day, today=None) -> str:
    """ "hari ini", "besok", "dalam 3 hari", "2 hari lalu"."""
    if not day:
        return ""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    today = today or timezone.localdate()
    delta = (day - today).days
    if delta == 0:
        return _("hari ini")
    if delta == 1:
        return _("besok")
    if delta > 1:
        return _("dalam %(n)s hari") % {"n": delta}
    if delta == -1:
        return _("kemarin")
    return _("%(n)s hari lalu") % {"n": -delta}


@register.filter
def is_today(value) -> bool:
    if not value:
        return False
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value == timezone.localdate()
