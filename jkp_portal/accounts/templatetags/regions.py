"""Names for stored area codes; a builtin library (settings), so every template
can write ``{{ employer.regency|regency }}``."""

from django import template

from jkp_portal.accounts import regions

register = template.Library()


@register.filter
def regency(code):
    """``33.72`` → ``Kota Surakarta``."""
    return regions.regency_name(code) if code else ""


@register.filter
def regency_label(code):
    """``33.72`` → ``Kota Surakarta (33.72)``, for staff pages."""
    return regions.regency_label(code) if code else ""


@register.filter
def regencies(codes):
    """A list of codes as names joined by commas."""
    return ", ".join(regions.regency_name(code) for code in codes or [] if code)


@register.filter
def area(code):
    """A province code (``33``) or a regency code (``33.72``) as its name."""
    return regions.area_name(code) if code else ""


@register.filter
def nik_regency(nik):
    """The regency code that issued a NIK (its first four digits), or ``""``."""
    return regions.regency_for_nik(nik) if nik else ""
