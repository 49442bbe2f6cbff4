"""Stored regency names become Kemendagri codes ("Kota Surakarta" → "33.72").
A name that does not name exactly one regency stops the migration with a list."""

from django.db import migrations

from jkp_portal.accounts.region_migration import AreaField, regency_codes_to_names, regency_names_to_codes

FIELDS = [
    AreaField("claims", "Employer", "regency", many=False),
    AreaField("claims", "StagedEmployer", "regency", many=False),
]


def forward(apps, schema_editor):
    regency_names_to_codes(apps, FIELDS)


def backward(apps, schema_editor):
    regency_codes_to_names(apps, FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ('claims', '0006_registry_import_staging'),
        ("accounts", "0005_regions"),
    ]

    operations = [migrations.RunPython(forward, backward)]
