"""claims 0007: the former sector slugs become KBLI 2020 sections, and back (lossy)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from claims.models import Employer
from tests.claims.factories import EmployerFactory

migration = importlib.import_module("claims.migrations.0010_employer_kbli")

AGREED = {
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


@pytest.mark.parametrize(("slug", "section"), AGREED.items())
def test_each_former_slug_maps_to_its_agreed_section(slug, section):
    assert migration.section_for_slug(slug) == section


def test_sections_stay_and_anything_else_becomes_not_known():
    assert migration.section_for_slug("G") == "G"
    assert migration.section_for_slug("") == ""
    assert migration.section_for_slug("Consumer_Goods") == ""  # not a slug the portal ever wrote
    assert migration.section_for_slug("x") == ""


@pytest.mark.parametrize(
    ("section", "code", "slug"),
    [
        ("C", "14111", "consumer_goods"),  # garment: division 14
        ("C", "12011", "consumer_goods"),  # kretek: division 12
        ("C", "20231", "chemicals"),  # soap: division 20
        ("C", "22220", "chemicals"),  # plastics: division 22
        ("C", "25111", "manufacturing"),
        ("C", "", "manufacturing"),
        ("G", "47111", "trade_services"),
        ("B", "", "mining"),
        ("A", "", "plantation"),
        ("F", "", "construction"),
        ("H", "", "transport"),
        ("I", "", "hospitality"),
        ("K", "", "finance"),
        ("J", "", "ict"),
        ("S", "", "other"),
        ("M", "", "other"),  # no slug ever named it: lossy
        ("", "", "other"),  # the former default
    ],
)
def test_reverse_maps_back_as_well_as_it_can(section, code, slug):
    assert migration.slug_for_section(section, code) == slug


@pytest.mark.django_db
def test_the_data_migration_rewrites_the_employers_and_back():
    """Run on the real table, widened back to the former varchar(30) for the
    test (the test's transaction is rolled back, the change with it)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE claims_employer ALTER COLUMN sector TYPE varchar(30)")
    before = {f"E-{slug}": slug for slug in AGREED} | {"E-blank": "", "E-junk": "weird", "E-done": "G"}
    for npp, sector in before.items():
        EmployerFactory(npp=npp, sector=sector)

    migration.slugs_to_sections(apps, None)
    after = dict(Employer.objects.values_list("npp", "sector"))
    assert after == {f"E-{slug}": section for slug, section in AGREED.items()} | {
        "E-blank": "",
        "E-junk": "",
        "E-done": "G",
    }

    Employer.objects.filter(npp="E-consumer_goods").update(kbli_code="14111")
    migration.sections_to_slugs(apps, None)
    back = dict(Employer.objects.values_list("npp", "sector"))
    assert back["E-consumer_goods"] == "consumer_goods"  # told apart by its KBLI code
    assert back["E-chemicals"] == "manufacturing"  # no code: lossy
    assert back["E-other"] == back["E-blank"] == back["E-junk"] == "other"
    for slug in ("trade_services", "mining", "plantation", "construction", "transport", "hospitality", "finance"):
        assert back[f"E-{slug}"] == slug
    assert back["E-ict"] == "ict" and back["E-done"] == "trade_services"
