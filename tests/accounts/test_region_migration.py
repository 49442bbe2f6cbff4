"""The data migrations' conversion of stored regency names to codes."""

import pytest
from django.apps import apps as django_apps

from claims.models import Employer
from jkp_portal.accounts.region_migration import (
    AreaField,
    UnknownRegencies,
    regency_codes_to_names,
    regency_names_to_codes,
)
from tests.claims.factories import EmployerFactory
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

FIELDS = [AreaField("claims", "Employer", "regency"), AreaField("accounts", "Office", "regencies", many=True)]


def _set_office_regencies(office, names):
    from django.db import connection

    with connection.cursor() as cursor:  # the ORM would cast to the field's varchar(5)[]
        cursor.execute("UPDATE accounts_office SET regencies = %s WHERE id = %s", [names, office.pk])


def _widen():
    """The columns held names before: give them room again inside the test's transaction."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE claims_employer ALTER COLUMN regency TYPE varchar(100)")
        cursor.execute("ALTER TABLE accounts_office ALTER COLUMN regencies TYPE varchar(100)[]")


def test_names_become_codes_and_back():
    _widen()
    employer = EmployerFactory(regency="33.72")
    Employer.objects.filter(pk=employer.pk).update(regency="Kota Surakarta")
    office = OfficeFactory()
    _set_office_regencies(office, ["Kab. Sukoharjo", "Kota Jakarta Pusat", "33.74"])
    regency_names_to_codes(django_apps, FIELDS)
    employer.refresh_from_db()
    office.refresh_from_db()
    assert employer.regency == "33.72" and office.regencies == ["33.11", "31.71", "33.74"]
    regency_codes_to_names(django_apps, FIELDS)
    employer.refresh_from_db()
    assert employer.regency == "Kota Surakarta"


def test_an_unknown_or_ambiguous_name_stops_the_migration_with_a_list():
    _widen()
    employer = EmployerFactory(regency="33.72")
    Employer.objects.filter(pk=employer.pk).update(regency="Bandung")
    _set_office_regencies(OfficeFactory(), ["Atlantis"])
    with pytest.raises(UnknownRegencies) as stopped:
        regency_names_to_codes(django_apps, FIELDS)
    message = str(stopped.value)
    assert "claims.Employer.regency: 'Bandung' (1×)" in message
    assert "accounts.Office.regencies: 'Atlantis' (1×)" in message
    employer.refresh_from_db()
    assert employer.regency == "Bandung"  # nothing converted
