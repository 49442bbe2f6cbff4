"""``{{ number|phone }}``: a stored E.164 number as people write it (``0812-3456-7890``)."""

from django import template

from jkp_portal.common.phones import phone_display

register = template.Library()


@register.filter(name="phone")
def phone(value) -> str:
    return phone_display(str(value or ""))
