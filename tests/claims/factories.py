"""Registry factories every app's tests can use."""

import datetime as dt
import random
from decimal import Decimal

import factory

from claims.models import Contribution, Employer, Participant


def nik_for(birth_date: dt.date, *, female: bool = False, serial: int = 1, region: str = "337201") -> str:
    day = birth_date.day + (40 if female else 0)
    return f"{region}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        django_get_or_create = ("npp",)

    npp = factory.Sequence(lambda n: f"NPP{n:07d}")
    name = factory.Sequence(lambda n: f"PT Uji Sejahtera {n}")
    size = "medium"
    sector = "C"
    province_code = "33"
    regency = "33.72"
    office = None
    bankrupt_or_closed = False


_serial = iter(range(1, 10_000_000))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    birth_date = dt.date(1990, 5, 1)
    nik = factory.LazyAttribute(
        lambda p: nik_for(p.birth_date, serial=next(_serial) % 10000 or 1, region=f"{random.randint(110101, 947199)}")
    )
    kpj = factory.Sequence(lambda n: f"KPJ{n:09d}")
    full_name = factory.Sequence(lambda n: f"Peserta Uji {n}")
    sex = "M"
    citizenship = "WNI"
    employer = factory.SubFactory(EmployerFactory)
    contract_type = "PKWTT"
    contract_start = dt.date(2019, 1, 1)
    contract_end = None
    jkp_registered_on = dt.date(2022, 1, 10)
    programs = factory.LazyFunction(lambda: ["JKN", "JKK", "JKM", "JHT", "JP"])
    jkn_segment = "PPU"
    phone = "+6281234567890"
    email = factory.Sequence(lambda n: f"peserta{n}@example.id")


def add_contributions(participant, *, start: str, months: int, wage=Decimal("4500000"), status="paid", skip=()):
    """Paid (or arrears) contribution months from ``start`` ("YYYY-MM") for ``months`` months."""
    year, month = (int(x) for x in start.split("-"))
    rows = []
    for _ in range(months):
        period = dt.date(year, month, 1)
        if period.strftime("%Y-%m") not in skip:
            rows.append(Contribution(participant=participant, period=period, wage=wage, status=status))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    Contribution.objects.bulk_create(rows, ignore_conflicts=True)
    return rows
