from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Whole rupiah with dots: Rp 2.700.000."""
    if value in (None, ""):
        return "—"
    amount = Decimal(value).quantize(Decimal(1))
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,.0f}".replace(",", ".")


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:.0f}%"


@register.simple_tag
def progress_pct(done, needed) -> int:
    if not needed:
        return 100
    return max(0, min(100, int(done * 100 / needed)))


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


LEDGER_LABELS = (
    ("paid", _("Dibayar")),
    ("in_process", _("Dalam proses")),
    ("scheduled", _("Terjadwal")),
    ("withheld", _("Ditahan")),
    ("forfeited", _("Hangus")),
    ("failed", _("Gagal")),
    ("employer", _("Tanggungan pemberi kerja")),
    ("stopped", _("Dihentikan")),
)


@register.simple_tag
def ledger_labels():
    return LEDGER_LABELS


@register.filter
def field_widget(bound_field):
    """The field's widget, marked ``is-invalid`` when it has errors."""
    if not bound_field.errors:
        return bound_field.as_widget()
    css = bound_field.field.widget.attrs.get("class", "")
    return bound_field.as_widget(attrs={"class": f"{css} is-invalid".strip(), "aria-invalid": "true"})
