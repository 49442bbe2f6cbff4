"""dashboards 0003: the summary rows' sector slugs become KBLI 2020 sections (until
the next refresh rebuilds them from the employers), and back."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from jkp_portal.reporting.models import ClaimStat, FunnelStat, PaymentStat, RejectionStat

pytestmark = pytest.mark.django_db
migration = importlib.import_module("jkp_portal.reporting.migrations.0003_sector_kbli")

MONTH = dt.date(2025, 3, 1)


def _row(model, sector, **extra):
    return model.objects.create(grain=0, month=MONTH, sector=sector, rule_set="PP6_2025", **extra)


def test_summary_rows_map_to_sections_and_the_figures_still_add_up():
    for slug, filed in (("consumer_goods", 5), ("chemicals", 2), ("trade_services", 3), ("other", 1)):
        _row(ClaimStat, slug, filed=filed)
    _row(ClaimStat, None, filed=11)  # a rolled-up row: no sector
    _row(RejectionStat, "mining", reason="X", count=1)
    _row(PaymentStat, "hospitality")
    _row(FunnelStat, "ict")

    migration.slugs_to_sections(apps, None)
    by_sector = {}
    for sector, filed in ClaimStat.objects.values_list("sector", "filed"):
        by_sector[sector] = by_sector.get(sector, 0) + filed
    assert by_sector == {"C": 7, "G": 3, "S": 1, None: 11}  # two former slugs now one section
    assert RejectionStat.objects.get().sector == "B"
    assert PaymentStat.objects.get().sector == "I"
    assert FunnelStat.objects.get().sector == "J"

    migration.sections_to_slugs(apps, None)
    sectors = sorted(sector or "(rolled up)" for sector in ClaimStat.objects.values_list("sector", flat=True))
    assert sectors == ["(rolled up)", "manufacturing", "manufacturing", "other", "trade_services"]
    assert RejectionStat.objects.get().sector == "mining"
