"""Labels of the claims core's codes for templates."""

from django import template

from claims.eligibility.rules import rule_set_label as _rule_set_label

register = template.Library()


@register.filter
def rule_set_label(code):
    """``PP6_2025`` → ``PP 6/2025``."""
    return _rule_set_label(code) if code else ""
