"""The demo offices come from jkp_portal/demo/data/offices.csv through the
offices import (the same as ``manage.py import_offices``): the same codes,
names, parents and coverage as the list they replaced, with addresses and
telephones; loading twice changes nothing and the logins are the same."""

import io

import pytest

from jkp_portal.accounts.models import Office
from jkp_portal.audit.models import AuditEvent
from jkp_portal.demo import accounts as accounts_demo

pytestmark = pytest.mark.django_db

# The list the CSV file replaced: code, name, kind, parent code, provinces, regencies.
BEFORE = [
    ("KP", "Kantor Pusat BPJS Ketenagakerjaan", "head", None, [], []),
    ("KW-JTD", "Kanwil Jawa Tengah & DIY", "regional", "KP", ["33", "34"], []),
    ("KW-KAL", "Kanwil Kalimantan", "regional", "KP", ["61", "62", "63", "64", "65"], []),
    ("KW-DKI", "Kanwil DKI Jakarta", "regional", "KP", ["31"], []),
    ("KW-BTN", "Kanwil Banten", "regional", "KP", ["36"], []),
    ("KW-JBR", "Kanwil Jawa Barat", "regional", "KP", ["32"], []),
    ("KW-JTM", "Kanwil Jawa Timur", "regional", "KP", ["35"], []),
    ("KC-SKA", "KC Surakarta", "branch", "KW-JTD", ["33"], ["33.72", "33.11", "33.13"]),
    ("KC-SMG", "KC Semarang Majapahit", "branch", "KW-JTD", ["33"], ["33.74", "33.24", "33.21"]),
    ("KC-YOG", "KC Yogyakarta", "branch", "KW-JTD", ["34"], ["34.71", "34.04", "34.02"]),
    ("KC-BPN", "KC Balikpapan", "branch", "KW-KAL", ["64"], ["64.71", "64.09"]),
    ("KC-SMD", "KC Samarinda", "branch", "KW-KAL", ["64"], ["64.72", "64.02"]),
    ("KC-PTK", "KC Pontianak", "branch", "KW-KAL", ["61"], ["61.71", "61.12"]),
    ("KC-BJM", "KC Banjarmasin", "branch", "KW-KAL", ["63"], ["63.71", "63.03"]),
    ("KC-JKS", "KC Jakarta Salemba", "branch", "KW-DKI", ["31"], ["31.71", "31.75"]),
    ("KC-TNG", "KC Tangerang", "branch", "KW-BTN", ["36"], ["36.71", "36.03"]),
    ("KC-SRG", "KC Serang", "branch", "KW-BTN", ["36"], ["36.73", "36.72"]),
    ("KC-BDG", "KC Bandung Suci", "branch", "KW-JBR", ["32"], ["32.73", "32.04"]),
    ("KC-SBY", "KC Surabaya Rungkut", "branch", "KW-JTM", ["35"], ["35.78", "35.15"]),
]


def test_the_demo_offices_are_the_csv_file_imported():
    out = io.StringIO()
    logins = accounts_demo.load(out)
    offices = {o.code: o for o in Office.objects.select_related("parent")}
    found = [
        (o.code, o.name, o.kind, o.parent.code if o.parent else None, o.province_codes, o.regencies)
        for o in (offices[code] for code, *_rest in BEFORE)
    ]
    assert found == BEFORE and len(offices) == len(BEFORE)
    for office in offices.values():
        assert office.address and office.phone.startswith("+62"), office.code
    assert offices["KC-SKA"].phone.startswith("+62271")
    assert "offices: 19, staff accounts: 12" in out.getvalue()
    assert [u for u, _p, _d in logins][:3] == ["admin", "verifikator.solo", "penyetuju.solo"]
    created = AuditEvent.objects.filter(action="office_created", actor_label="demo-data")
    assert created.count() == len(BEFORE)


def test_loading_the_demo_offices_twice_changes_nothing_and_gives_the_same_logins():
    first = accounts_demo.load(io.StringIO())
    rows = list(Office.objects.order_by("code").values())
    events = AuditEvent.objects.count()
    out = io.StringIO()
    second = accounts_demo.load(out)
    assert second == first
    assert list(Office.objects.order_by("code").values()) == rows
    assert AuditEvent.objects.count() == events
    assert "offices: 19, staff accounts: 12" in out.getvalue()


def test_offices_of_an_older_demo_database_get_their_address_and_phone():
    """A database loaded before the CSV file (no address, no phone) is brought up to date."""
    for code, name, kind, parent, provinces, regencies in BEFORE:
        Office.objects.create(
            code=code,
            name=name,
            kind=kind,
            parent=Office.objects.filter(code=parent).first(),
            province_codes=provinces,
            regencies=regencies,
        )
    accounts_demo.load(io.StringIO())
    updated = AuditEvent.objects.filter(action="office_updated", actor_label="demo-data")
    assert updated.count() == len(BEFORE)
    assert set(updated.first().data["changes"]) == {"address", "phone"}
