"""The summary rows' sector becomes the KBLI 2020 section, like the employers'
(claims 0010_employer_kbli).

The summaries are rebuilt as a whole by every refresh (every 15 minutes), which
writes the sections from the employers; this migration maps the rows already
there, so the dashboards show sections at once instead of empty figures until
the next refresh. A former slug maps as the employers' does (``other`` -> S);
the next refresh then counts claims without an employer (or without a known
sector) under a blank sector, shown as "Tidak diketahui", instead of S.
Reverse: the section goes back to the slug that mapped to it (C to
``manufacturing``; the sections no slug mapped to, and blank, to ``other``);
lossy the same way, and the next refresh of the older code rebuilds them exactly.
"""

from django.db import migrations

SECTION_FOR_SLUG = {
    "consumer_goods": "C",
    "chemicals": "C",
    "manufacturing": "C",
    "trade_services": "G",
    "mining": "B",
    "plantation": "A",
    "construction": "F",
    "transport": "H",
    "hospitality": "I",
    "finance": "K",
    "ict": "J",
    "other": "S",
}
SLUG_FOR_SECTION = {
    "A": "plantation",
    "B": "mining",
    "C": "manufacturing",
    "F": "construction",
    "G": "trade_services",
    "H": "transport",
    "I": "hospitality",
    "J": "ict",
    "K": "finance",
}
MODELS = ("ClaimStat", "RejectionStat", "PaymentStat", "FunnelStat")


def slugs_to_sections(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("dashboards", name)
        for slug, section in SECTION_FOR_SLUG.items():
            model.objects.filter(sector=slug).update(sector=section)


def sections_to_slugs(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("dashboards", name)
        for section, slug in SLUG_FOR_SECTION.items():
            model.objects.filter(sector=section).update(sector=slug)
        # NULL is a rolled-up sector (not a value): it stays NULL.
        model.objects.exclude(sector__in=SECTION_FOR_SLUG).exclude(sector__isnull=True).update(sector="other")


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0002_grain_office_indexes"),
    ]

    operations = [
        migrations.RunPython(slugs_to_sections, sections_to_slugs),
    ]
