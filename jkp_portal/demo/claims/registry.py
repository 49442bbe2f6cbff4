"""Demo registry: about 120 employers and 3,000 participants with 24–72 months of
contributions, spread over the demo offices' areas, plus the demo worker,
employer (HR) and mediator accounts.

Deterministic (fixed seed; dates relative to the current month) and idempotent:
rows are created with ``bulk_create(ignore_conflicts=True)`` keyed by NPP / NIK
/ NIK+period, and ledgers are only written for participants that have none, so
a second run changes nothing.

The histories exercise every eligibility criterion: gaps, employer arrears
streaks of 2, 4 and 7 months, bankrupt or closed employers, PKWT contracts that
ended, non-PPU JKN segments, medium/large employers' workers without JP, WNA,
age ≥ 54 at registration, too few paid months, and long histories (second claim).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from claims.eligibility import add_months
from claims.models import Contribution, Employer, Participant
from jkp_portal.accounts.models import Office, User
from jkp_portal.accounts.services import user_create
from jkp_portal.demo.accounts import DEMO_PASSWORD
from jkp_portal.demo.industries import kbli_for

SEED = 20250701
JKP_START = dt.date(2021, 2, 2)

# office code, province, regency, NIK regency code, minimum wage (UMK, rounded), weight
AREAS = [
    ("KC-SKA", "33", "33.72", "3372", 2_420_000, 9),
    ("KC-SKA", "33", "33.11", "3311", 2_360_000, 7),
    ("KC-SKA", "33", "33.13", "3313", 2_390_000, 4),
    ("KC-SMG", "33", "33.74", "3374", 3_450_000, 7),
    ("KC-SMG", "33", "33.24", "3324", 2_680_000, 3),
    ("KC-SMG", "33", "33.21", "3321", 2_800_000, 3),
    ("KC-YOG", "34", "34.71", "3471", 2_650_000, 3),
    ("KC-YOG", "34", "34.04", "3404", 2_470_000, 3),
    ("KC-YOG", "34", "34.02", "3402", 2_330_000, 2),
    ("KC-BPN", "64", "64.71", "6471", 3_800_000, 5),
    ("KC-BPN", "64", "64.09", "6409", 3_700_000, 2),
    ("KC-SMD", "64", "64.72", "6472", 3_720_000, 4),
    ("KC-SMD", "64", "64.02", "6402", 3_760_000, 2),
    ("KC-PTK", "61", "61.71", "6171", 3_050_000, 3),
    ("KC-PTK", "61", "61.12", "6112", 3_000_000, 2),
    ("KC-BJM", "63", "63.71", "6371", 3_520_000, 3),
    ("KC-BJM", "63", "63.03", "6303", 3_500_000, 2),
    ("KC-JKS", "31", "31.71", "3171", 5_400_000, 6),
    ("KC-JKS", "31", "31.75", "3175", 5_400_000, 6),
    ("KC-TNG", "36", "36.71", "3671", 4_900_000, 6),
    ("KC-TNG", "36", "36.03", "3603", 4_880_000, 6),
    ("KC-SRG", "36", "36.73", "3673", 4_200_000, 3),
    ("KC-SRG", "36", "36.72", "3672", 4_900_000, 3),
    ("KC-BDG", "32", "32.73", "3273", 4_210_000, 5),
    ("KC-BDG", "32", "32.04", "3204", 3_760_000, 4),
    ("KC-SBY", "35", "35.78", "3578", 4_960_000, 5),
    ("KC-SBY", "35", "35.15", "3515", 4_950_000, 4),
]
KALIMANTAN = {"61", "62", "63", "64", "65"}

# industry (jkp_portal/demo/industries.py), weight (leading PHK sectors: consumer goods, chemicals, trade and services)
INDUSTRIES = [
    ("consumer_goods", 30),
    ("chemicals", 14),
    ("trade_services", 24),
    ("manufacturing", 8),
    ("transport", 6),
    ("hospitality", 5),
    ("construction", 4),
    ("mining", 3),
    ("plantation", 3),
    ("finance", 2),
    ("ict", 1),
]
SIZES = [("large", 15), ("medium", 30), ("small", 35), ("micro", 20)]
HEADCOUNT = {"large": (45, 65), "medium": (25, 40), "small": (10, 20), "micro": (3, 8)}

NAME_WORDS = {
    "consumer_goods": (["Tekstil", "Garmen", "Kretek", "Batik", "Busana", "Pangan", "Sandang"], "Industri"),
    "chemicals": (["Kimia", "Petrokimia", "Polimer", "Cat", "Farma"], "Industri"),
    "trade_services": (["Niaga", "Ritel", "Swalayan", "Dagang", "Jasa", "Distribusi"], "Perdagangan"),
    "manufacturing": (["Logam", "Komponen", "Elektrik", "Mesin"], "Manufaktur"),
    "transport": (["Logistik", "Ekspedisi", "Angkutan", "Trans"], "Logistik"),
    "hospitality": (["Boga", "Hotel", "Rasa", "Wisata"], "Jasa"),
    "construction": (["Konstruksi", "Bangun", "Karya"], "Konstruksi"),
    "mining": (["Tambang", "Batubara", "Mineral"], "Energi"),
    "plantation": (["Sawit", "Agro", "Perkebunan"], "Agro"),
    "finance": (["Finansial", "Kredit", "Artha"], "Keuangan"),
    "ict": (["Data", "Digital", "Teknologi"], "Teknologi"),
}
PLACE_WORDS = {
    "33": ["Bengawan", "Lawu", "Merapi", "Kartasura", "Pandanaran", "Muria", "Gedong"],
    "34": ["Malioboro", "Kaliurang", "Progo", "Mataram"],
    "64": ["Mahakam", "Borneo", "Manggar", "Kutai", "Etam"],
    "61": ["Kapuas", "Khatulistiwa", "Landak"],
    "63": ["Barito", "Martapura", "Antasari"],
    "31": ["Ciliwung", "Monas", "Cempaka", "Salemba", "Jatinegara"],
    "36": ["Cisadane", "Krakatau", "Banten", "Serang"],
    "32": ["Parahyangan", "Priangan", "Citarum", "Pasundan"],
    "35": ["Brantas", "Suroboyo", "Tunjungan", "Delta"],
}
SUFFIXES = ["Nusantara", "Jaya", "Abadi", "Makmur", "Sentosa", "Mandiri", "Utama", "Sejahtera", "Perkasa", "Lestari"]

MALE = [
    "Agus", "Budi", "Joko", "Eko", "Bambang", "Slamet", "Hendra", "Dedi", "Wahyu", "Rudi", "Arif", "Andi",
    "Fajar", "Yusuf", "Rahmat", "Ahmad", "Dimas", "Bayu", "Teguh", "Hadi", "Imam", "Sigit", "Taufik", "Ujang",
    "Asep", "Dadang", "Ricky", "Rizky", "Ilham", "Gilang", "Fikri", "Yoga", "Putu", "Made", "Kadek", "Samuel",
]  # fmt: skip
FEMALE = [
    "Sri", "Siti", "Dewi", "Ratna", "Wulan", "Indah", "Fitri", "Rina", "Yuni", "Nur", "Lestari", "Ayu",
    "Putri", "Dian", "Eka", "Novi", "Maya", "Anisa", "Rahma", "Wahyuni", "Kartika", "Tuti", "Endang", "Ningsih",
    "Neng", "Euis", "Intan", "Nabila", "Salsabila", "Citra", "Mega", "Yohana", "Margaretha", "Rini", "Tri", "Dwi",
]  # fmt: skip
SECOND = [
    "Santoso", "Wibowo", "Setiawan", "Hidayat", "Saputra", "Pratama", "Kurniawan", "Nugroho", "Susanto",
    "Purnomo", "Wijaya", "Gunawan", "Permana", "Ramadhan", "Firmansyah", "Hakim", "Syahputra", "Siregar",
    "Nasution", "Simanjuntak", "Sitompul", "Lubis", "Harahap", "Rahayu", "Handayani", "Lestari", "Puspitasari",
    "Wulandari", "Anggraini", "Maharani", "Kusumawati", "Rahmawati", "Utami", "Safitri", "Suryani", "Kusuma",
]  # fmt: skip
FOREIGN = ["Li Wei", "Tanaka Hiroshi", "Kim Min-jun", "Rajesh Kumar", "Nguyen Van An", "Chen Jia"]

PROGRAMS_FULL = ["JKN", "JKK", "JKM", "JHT", "JP"]
PROGRAMS_BASIC = ["JKN", "JKK", "JKM", "JHT"]
ARREARS_STREAKS = (2, 4, 7)


@dataclass
class _Employer:
    npp: str
    name: str
    size: str
    industry: str  # written as its KBLI section and code (industries.kbli_for)
    area: tuple
    bankrupt: bool = False
    arrears: int = 0  # consecutive arrears months at the end of the ledger
    last_month: dt.date | None = None  # last reported month (closed employers stop earlier)

    @property
    def kbli(self) -> tuple[str, str]:
        """(KBLI 2020 section, 5-digit code) as written to the registry."""
        return kbli_for(self.industry, self.name)


@dataclass
class _Person:
    nik: str
    kpj: str
    name: str
    birth: dt.date
    female: bool
    employer: _Employer
    citizenship: str = "WNI"
    contract_type: str = "PKWTT"
    start: dt.date | None = None
    end: dt.date | None = None
    registered: dt.date | None = None
    programs: list[str] = field(default_factory=list)
    segment: str = "PPU"
    phone: str = ""
    email: str = ""
    status: str = Participant.EmploymentStatus.ACTIVE
    ledger_from: dt.date | None = None
    ledger_to: dt.date | None = None
    wage: int = 0
    gaps: tuple[dt.date, ...] = ()
    own_arrears: tuple[dt.date, ...] = ()


# Demo accounts linked to registry participants: username, description, spec.
WORKERS = [
    ("pekerja.solo", "pekerja, layak JKP, PHK bulan lalu di Kota Surakarta (KC Surakarta), belum mengajukan klaim"),
    ("pekerja.bpn", "pekerja, layak JKP, PHK bulan lalu di Balikpapan (KC Balikpapan)"),
    ("pekerja.pkwt", "pekerja PKWT yang kontraknya sudah berakhir (akan ditolak: PKWT_CONTRACT_ENDED)"),
    ("pekerja.tunggakan", "pekerja, layak JKP, pemberi kerja menunggak iuran 4 bulan (pembayar: pemberi kerja)"),
    ("pekerja.baru", "pekerja baru 8 bulan iuran di Kota Semarang (akan ditolak: INSUFFICIENT_CONTRIBUTIONS)"),
]
HR_USERNAME = "hr.bengawan"
MEDIATOR_USERNAME = "mediator.solo"
FLAGSHIP = ("DM000001", "PT Bengawan Tekstil Nusantara", "large", "consumer_goods")
BALIKPAPAN = ("DM000002", "PT Mahakam Niaga Sentosa", "medium", "trade_services")
ARREARS_EMPLOYER = ("DM000003", "PT Lawu Garmen Mandiri", "medium", "consumer_goods")


def _thousands(value: Decimal) -> Decimal:
    """Whole thousands of rupiah, half up (payroll figures)."""
    return (value / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1000


def _weighted(rng: random.Random, items: list[tuple]) -> tuple:
    return rng.choices(items, weights=[item[-1] for item in items])[0]


def _area(regency: str) -> tuple:
    return next(a for a in AREAS if a[2] == regency)


class _Builder:
    def __init__(self, anchor: dt.date) -> None:
        self.rng = random.Random(SEED)
        self.anchor = anchor  # first day of the current month
        self.last = add_months(anchor, -1)  # latest reported month
        self.employers: list[_Employer] = []
        self.people: list[_Person] = []
        self.niks: set[str] = set()
        self.serial = 0

    # -- identities -------------------------------------------------------------------
    def nik(self, area: tuple, birth: dt.date, female: bool) -> str:
        while True:
            self.serial += 1
            district = self.rng.randint(1, 25)
            day = birth.day + (40 if female else 0)
            value = (
                f"{area[3]}{district:02d}{day:02d}{birth.month:02d}{birth.year % 100:02d}{self.serial % 9999 + 1:04d}"
            )
            if value not in self.niks:
                self.niks.add(value)
                return value

    def name(self, female: bool) -> str:
        first = self.rng.choice(FEMALE if female else MALE)
        if self.rng.random() < 0.15:  # single names are common in Java
            return first
        second = self.rng.choice(SECOND)
        return f"{first} {second}" if second != first else first

    # -- employers ----------------------------------------------------------------------
    def build_employers(self, count: int = 120) -> None:
        rng = self.rng
        fixed = [
            (FLAGSHIP, _area("33.72"), False, 0),
            (BALIKPAPAN, _area("64.71"), False, 0),
            (ARREARS_EMPLOYER, _area("33.11"), False, 4),
        ]
        for (npp, name, size, industry), area, bankrupt, arrears in fixed:
            self.employers.append(_Employer(npp, name, size, industry, area, bankrupt, arrears, self.last))
        used = {e.name for e in self.employers}
        for i in range(len(fixed) + 1, count + 1):
            area = _weighted(rng, AREAS)
            industry = _weighted(rng, INDUSTRIES)[0]
            if area[1] in KALIMANTAN and rng.random() < 0.4:
                industry = "trade_services"  # Kalimantan's claims come mostly from trade and services
            size = _weighted(rng, SIZES)[0]
            words, _kind = NAME_WORDS[industry]
            for _ in range(20):
                name = f"{'PT' if size in ('large', 'medium') else rng.choice(['CV', 'PT'])} {rng.choice(PLACE_WORDS[area[1]])} {rng.choice(words)} {rng.choice(SUFFIXES)}"
                if name not in used:
                    break
            used.add(name)
            employer = _Employer(f"DM{i:06d}", name, size, industry, area, last_month=self.last)
            if i % 23 == 0:  # bankrupt or closed: stopped reporting some months ago, arrears before that
                employer.bankrupt = True
                employer.last_month = add_months(self.last, -rng.randint(1, 5))
                employer.arrears = rng.choice((3, 5, 6, 8))
            elif i % 9 == 0:
                employer.arrears = ARREARS_STREAKS[(i // 9) % 3]
            self.employers.append(employer)

    # -- participants -------------------------------------------------------------------
    def build_people(self) -> None:
        for employer in self.employers:
            low, high = HEADCOUNT[employer.size]
            for _ in range(self.rng.randint(low, high)):
                self.people.append(self.person(employer))

    def person(self, employer: _Employer, **overrides) -> _Person:
        rng = self.rng
        female_share = 0.65 if employer.industry == "consumer_goods" else 0.4
        female = overrides.pop("female", rng.random() < female_share)
        age = rng.randint(20, 52)
        birth = dt.date(self.anchor.year - age, rng.randint(1, 12), rng.randint(1, 28))
        roll = rng.random()
        months = rng.randint(24, 72)
        if roll < 0.05:
            months = rng.randint(5, 11)  # new hire: too few paid months
        start = add_months(employer.last_month, -(months - 1)).replace(day=rng.randint(1, 28))
        if start < dt.date(2015, 1, 1):
            start = dt.date(2015, 1, 1)
        registered = start if start >= JKP_START else JKP_START + dt.timedelta(days=rng.randint(0, 120))
        if rng.random() < 0.02:  # registered at 54 or older
            birth = dt.date(registered.year - rng.randint(54, 57), rng.randint(1, 12), rng.randint(1, 28))
        large = employer.size in ("large", "medium")
        programs = list(PROGRAMS_FULL if large or rng.random() < 0.3 else PROGRAMS_BASIC)
        if large and rng.random() < 0.05:
            programs.remove("JP")  # medium/large employer that did not enrol the worker in JP
        segment = "PPU"
        if rng.random() < 0.04:
            segment = rng.choice(["PBI", "PBPU"])
        citizenship = "WNI"
        name = None
        if (
            employer.size == "large"
            and employer.industry in ("chemicals", "manufacturing", "mining")
            and rng.random() < 0.08
        ):
            citizenship = "WNA"
            name = rng.choice(FOREIGN)
        pkwt_share = 0.5 if employer.industry in ("consumer_goods", "trade_services", "hospitality") else 0.3
        contract_type = "PKWT" if rng.random() < pkwt_share else "PKWTT"
        ledger_to = employer.last_month
        status = Participant.EmploymentStatus.ACTIVE
        end = None
        if contract_type == "PKWT":
            if rng.random() < 0.3:  # the contract ran out in the last few months
                end = add_months(self.anchor, -rng.randint(1, 4)).replace(day=rng.randint(1, 28))
                ledger_to = min(ledger_to, end.replace(day=1))
                status = Participant.EmploymentStatus.NON_ACTIVE
            else:
                end = add_months(self.anchor, rng.randint(1, 18)).replace(day=rng.randint(1, 28))
        elif rng.random() < 0.07:  # laid off in the last months (PHK reported)
            ledger_to = min(ledger_to, add_months(self.anchor, -rng.randint(1, 3)))
            status = Participant.EmploymentStatus.NON_ACTIVE
        if employer.bankrupt:
            status = Participant.EmploymentStatus.NON_ACTIVE
        area = employer.area
        base = area[4] * (1 + rng.choice([0, 0, 0, 0.05, 0.1, 0.2, 0.35, 0.6, 1.0, 1.5]))
        ledger_from = max(start.replace(day=1), add_months(ledger_to, -71))
        gaps: list[dt.date] = []
        own_arrears: list[dt.date] = []
        span = (ledger_to.year - ledger_from.year) * 12 + ledger_to.month - ledger_from.month + 1
        if span > 14 and rng.random() < 0.12:  # months the employer did not report
            gaps = [add_months(ledger_from, rng.randint(1, span - 2)) for _ in range(rng.randint(1, 3))]
        if span > 14 and rng.random() < 0.05:
            own_arrears = [add_months(ledger_from, rng.randint(1, span - 8))]
        if span > 14 and rng.random() < 0.04:  # a long hole: fewer than 12 paid months in the window
            hole = rng.randint(13, 20)
            gaps += [add_months(ledger_to, -k) for k in range(2, min(hole, span - 1))]
        person = _Person(
            nik="",
            kpj="",
            name=name or self.name(female),
            birth=birth,
            female=female,
            employer=employer,
            citizenship=citizenship,
            contract_type=contract_type,
            start=start,
            end=end,
            registered=registered,
            programs=programs,
            segment=segment,
            status=status,
            ledger_from=ledger_from,
            ledger_to=ledger_to,
            wage=int(round(base, -4)),
            gaps=tuple(gaps),
            own_arrears=tuple(own_arrears),
        )
        for key, value in overrides.items():
            setattr(person, key, value)
        nik_birth = person.birth
        if rng.random() < 0.01:  # NIK date differs from the recorded birth date: accepted, never reissued
            nik_birth = person.birth + dt.timedelta(days=rng.randint(1, 40))
        person.nik = overrides.get("nik") or self.nik(area, nik_birth, person.female)
        person.kpj = f"2{area[3]}{self.serial:06d}"
        # Stored in E.164, as the registry import stores every number.
        person.phone = (
            f"+628{rng.choice(['12', '13', '21', '52', '57', '77', '81', '95'])}{rng.randint(10_000_000, 99_999_999)}"
        )
        if rng.random() < 0.6:
            person.email = f"{person.name.split()[0].lower()}.{person.nik[-4:]}@contoh.id"
        return person

    def build_workers(self) -> dict[str, _Person]:
        """The participants behind the demo worker accounts (fixed, readable histories)."""
        by_npp = {e.npp: e for e in self.employers}
        flagship, bpn, arrears = by_npp[FLAGSHIP[0]], by_npp[BALIKPAPAN[0]], by_npp[ARREARS_EMPLOYER[0]]
        semarang = next(e for e in self.employers if e.area[2] == "33.74" and not e.bankrupt and not e.arrears)
        phk = self.last  # laid off last month
        common = dict(
            status=Participant.EmploymentStatus.NON_ACTIVE,
            ledger_to=phk,
            gaps=(),
            own_arrears=(),
            segment="PPU",
            citizenship="WNI",
        )
        specs = {
            "pekerja.solo": dict(
                employer=flagship, female=True, name="Sri Wahyuni", birth=dt.date(1991, 3, 14),
                contract_type="PKWTT", start=dt.date(2018, 7, 2), end=None, registered=dt.date(2021, 2, 22),
                programs=list(PROGRAMS_FULL), wage=3_150_000, ledger_from=add_months(phk, -47),
            ),
            "pekerja.bpn": dict(
                employer=bpn, female=False, name="Rahmat Hidayat", birth=dt.date(1987, 11, 2),
                contract_type="PKWTT", start=dt.date(2019, 1, 7), end=None, registered=dt.date(2021, 3, 1),
                programs=list(PROGRAMS_FULL), wage=5_600_000, ledger_from=add_months(phk, -59),
            ),
            "pekerja.pkwt": dict(
                employer=flagship, female=True, name="Dwi Anggraini", birth=dt.date(1998, 6, 21),
                contract_type="PKWT", start=add_months(phk, -23).replace(day=1),
                end=phk.replace(day=15), registered=max(add_months(phk, -23).replace(day=1), JKP_START),
                programs=list(PROGRAMS_FULL), wage=2_600_000, ledger_from=add_months(phk, -23),
            ),
            "pekerja.tunggakan": dict(
                employer=arrears, female=False, name="Bambang Setiawan", birth=dt.date(1984, 9, 9),
                contract_type="PKWTT", start=dt.date(2017, 2, 1), end=None, registered=dt.date(2021, 2, 22),
                programs=list(PROGRAMS_FULL), wage=2_900_000, ledger_from=add_months(phk, -35),
            ),
            "pekerja.baru": dict(
                employer=semarang, female=True, name="Putri Maharani", birth=dt.date(2001, 1, 30),
                contract_type="PKWTT", start=add_months(phk, -7).replace(day=3), end=None,
                registered=add_months(phk, -7).replace(day=3), programs=list(PROGRAMS_FULL if semarang.size in ("large", "medium") else PROGRAMS_BASIC),
                wage=3_500_000, ledger_from=add_months(phk, -7),
            ),
        }  # fmt: skip
        workers = {}
        for username, spec in specs.items():
            person = self.person(spec["employer"], female=spec["female"])
            for key, value in {**common, **spec}.items():
                setattr(person, key, value)
            person.nik = self.nik(person.employer.area, person.birth, person.female)
            person.kpj = f"2{person.employer.area[3]}{self.serial:06d}"
            person.email = f"{username.replace('.', '_')}@contoh.id"
            self.people.append(person)
            workers[username] = person
        return workers

    # -- ledger -----------------------------------------------------------------------------
    def ledger(self, person: _Person) -> list[tuple[dt.date, Decimal, str]]:
        rows = []
        employer = person.employer
        arrears_from = add_months(employer.last_month, -(employer.arrears - 1)) if employer.arrears else None
        gaps = set(person.gaps)
        own = set(person.own_arrears)
        month = person.ledger_from
        wage = Decimal(person.wage)
        # Wages rise about 5 % every January; the latest year's wage is the person's wage.
        yearly = {}
        while month <= person.ledger_to:
            wage_then = yearly.get(month.year)
            if wage_then is None:
                wage_then = yearly[month.year] = _thousands(
                    wage / Decimal("1.05") ** (person.ledger_to.year - month.year)
                )
            if month not in gaps:
                arrears = month in own or (arrears_from is not None and month >= arrears_from)
                rows.append((month, wage_then, "arrears" if arrears else "paid"))
            month = add_months(month, 1)
        return rows


# A home-industry employer in Kabupaten Wonogiri (33.12), which no demo branch
# covers and whose records name no office: its laid-off worker's claim goes to
# the unrouted queue, where the regional supervisor routes it by hand.
UNROUTED_EMPLOYER = ("DM000990", "CV Batik Wonogiri Lestari", "micro", "C", "13134", "33", "33.12")
UNROUTED_WORKER = ("3312016208890004", "Sri Lestari Wulandari", dt.date(1989, 8, 22))

# A laid-off worker of the flagship employer with no account yet: the identity
# the README gives to try the sign-up (the code goes to her registry phone, so
# it appears in var/sms.log).
SIGNUP_WORKER = ("3372015503920007", "Ratna Dewi Lestari", dt.date(1992, 3, 15), "+6281390002025")


def _laid_off_participant(
    today: dt.date,
    *,
    nik: str,
    full_name: str,
    birth: dt.date,
    employer: Employer,
    kpj: str,
    contract_start: dt.date,
    registered: dt.date,
    phone: str,
    email: str,
    months: int,
    wage: int,
    domicile: str = "",
) -> Participant:
    """A fixed demo participant laid off last month, ``months`` paid months up
    to then (idempotent)."""
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    participant, _created = Participant.objects.get_or_create(
        nik=nik,
        defaults={
            "kpj": kpj,
            "full_name": full_name,
            "birth_date": birth,
            "sex": "F",
            "employer": employer,
            "contract_type": "PKWTT",
            "contract_start": contract_start,
            "jkp_registered_on": registered,
            "programs": ["JKN", "JKK", "JKM", "JHT", "JP"],
            "phone": phone,
            "email": email,
            "domicile_regency": domicile,
            "employment_status": Participant.EmploymentStatus.NON_ACTIVE,
        },
    )
    Contribution.objects.bulk_create(
        [
            Contribution(participant=participant, period=add_months(last_month, -i), wage=wage, status="paid")
            for i in range(months)
        ],
        ignore_conflicts=True,
    )
    return participant


def signup_participant(today: dt.date) -> Participant:
    """The sign-up identity: 36 paid months, laid off last month (idempotent)."""
    nik, full_name, birth, phone = SIGNUP_WORKER
    return _laid_off_participant(
        today, nik=nik, full_name=full_name, birth=birth, employer=Employer.objects.get(npp=FLAGSHIP[0]),
        kpj=f"9{nik[:4]}00002025", contract_start=dt.date(2018, 5, 2), registered=dt.date(2021, 2, 22),
        phone=phone, email="", months=36, wage=3_300_000, domicile="33.72",
    )  # fmt: skip


def unrouted_participant(today: dt.date) -> Participant:
    """The Wonogiri employer and its laid-off worker, 24 paid months (idempotent)."""
    npp, name, size, sector, kbli, province, regency = UNROUTED_EMPLOYER
    employer, _created = Employer.objects.get_or_create(
        npp=npp,
        defaults={
            "name": name,
            "size": size,
            "sector": sector,
            "kbli_code": kbli,
            "province_code": province,
            "regency": regency,
        },
    )
    nik, full_name, birth = UNROUTED_WORKER
    return _laid_off_participant(
        today, nik=nik, full_name=full_name, birth=birth, employer=employer, kpj=f"9{nik[:4]}00000990",
        contract_start=dt.date(2019, 3, 1), registered=dt.date(2021, 3, 1), phone="+6281326550990",
        email="sri.lestari@contoh.id", months=24, wage=2_100_000,
    )  # fmt: skip


# A laid-off worker of the flagship employer with neither a phone nor an email in the
# registry and no portal account: served at a desk by petugas.layanan (KTP check by NIK,
# consent by a signed form, the claim filed with her).
WALK_IN_WORKER = ("3372015507850003", "Sumiyati", dt.date(1985, 7, 15))


def walk_in_participant(today: dt.date) -> Participant:
    """The desk's demo worker: 30 paid months until last month, no phone, no email (idempotent)."""
    nik, full_name, birth = WALK_IN_WORKER
    return _laid_off_participant(
        today, nik=nik, full_name=full_name, birth=birth, employer=Employer.objects.get(npp=FLAGSHIP[0]),
        kpj=f"9{nik[:4]}00000991", contract_start=dt.date(2012, 4, 2), registered=dt.date(2021, 2, 22),
        phone="", email="", months=30, wage=2_350_000, domicile="33.72",
    )  # fmt: skip


@transaction.atomic
def load(stdout) -> list[tuple[str, str, str]]:
    anchor = timezone.localdate().replace(day=1)
    builder = _Builder(anchor)
    builder.build_employers()
    builder.build_people()
    workers = builder.build_workers()

    offices = dict(Office.objects.values_list("code", "pk"))
    Employer.objects.bulk_create(
        [
            Employer(
                npp=e.npp,
                name=e.name,
                size=e.size,
                sector=e.kbli[0],
                kbli_code=e.kbli[1],
                province_code=e.area[1],
                regency=e.area[2],
                office_id=offices.get(e.area[0]),
                bankrupt_or_closed=e.bankrupt,
            )
            for e in builder.employers
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    employer_ids = dict(Employer.objects.filter(npp__in=[e.npp for e in builder.employers]).values_list("npp", "pk"))
    Participant.objects.bulk_create(
        [
            Participant(
                nik=p.nik,
                kpj=p.kpj,
                full_name=p.name,
                birth_date=p.birth,
                sex="F" if int(p.nik[6:8]) > 40 else "M",
                citizenship=p.citizenship,
                employer_id=employer_ids[p.employer.npp],
                contract_type=p.contract_type,
                contract_start=p.start,
                contract_end=p.end,
                jkp_registered_on=p.registered,
                programs=p.programs,
                jkn_segment=p.segment,
                phone=p.phone,
                email=p.email,
                employment_status=p.status,
            )
            for p in builder.people
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    participant_ids = dict(Participant.objects.filter(nik__in=[p.nik for p in builder.people]).values_list("nik", "pk"))
    with_ledger = set(
        Contribution.objects.filter(participant_id__in=participant_ids.values())
        .values_list("participant_id", flat=True)
        .distinct()
    )
    rows = []
    for person in builder.people:
        pk = participant_ids[person.nik]
        if pk in with_ledger:
            continue
        rows.extend(
            Contribution(participant_id=pk, period=period, wage=wage, status=status)
            for period, wage, status in builder.ledger(person)
        )
    Contribution.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)

    unrouted_participant(timezone.localdate())
    signup = signup_participant(timezone.localdate())
    walk_in = walk_in_participant(timezone.localdate())
    logins = _accounts(workers, participant_ids)
    logins.append(
        (
            "(meja layanan)",
            walk_in.nik,
            f"NIK of {walk_in.full_name}: no phone, no email, no account; petugas.layanan serves her at the desk",
        )
    )
    stdout.write(
        f"  registry: {len(builder.employers)} employers, {len(builder.people)} participants, "
        f"{len(rows)} new contribution months"
    )
    if signup.user_id is None:
        logins.append(
            (
                signup.nik,
                "(daftar dulu)",
                f"belum punya akun: daftar di /daftar/ sebagai {signup.full_name}, lahir {signup.birth_date:%d-%m-%Y};"
                " kode dikirim ke ponsel registrinya (baca di var/sms.log)",
            )
        )
    return logins


def _accounts(workers: dict[str, _Person], participant_ids: dict[str, int]) -> list[tuple[str, str, str]]:
    logins = []
    for username, description in WORKERS:
        person = workers[username]
        user = User.objects.filter(username=username).first()
        if user is None:
            first, _, last = person.name.partition(" ")
            user = user_create(
                username=username,
                password=DEMO_PASSWORD,
                roles=["worker"],
                email=person.email,
                first_name=first,
                last_name=last,
                phone=person.phone,
                nik=person.nik,
                actor="demo-data",
            )
        Participant.objects.filter(pk=participant_ids[person.nik], user__isnull=True).update(user=user)
        logins.append((username, DEMO_PASSWORD, description))
    if not User.objects.filter(username=HR_USERNAME).exists():
        user_create(
            username=HR_USERNAME,
            password=DEMO_PASSWORD,
            roles=["employer"],
            email="hr@bengawan-tekstil.contoh.id",
            first_name="Hartono",
            last_name="Wibisono",
            employer_npp=FLAGSHIP[0],
            actor="demo-data",
        )
    logins.append((HR_USERNAME, DEMO_PASSWORD, f"HR pemberi kerja {FLAGSHIP[1]} (NPP {FLAGSHIP[0]}, Kota Surakarta)"))
    if not User.objects.filter(username=MEDIATOR_USERNAME).exists():
        user_create(
            username=MEDIATOR_USERNAME,
            password=DEMO_PASSWORD,
            roles=["mediator"],
            email="mediator.solo@disnaker.contoh.id",
            first_name="Suharti",
            last_name="Rahayu",
            area_regencies=["33.72", "33.11"],
            actor="demo-data",
        )
    logins.append((MEDIATOR_USERNAME, DEMO_PASSWORD, "mediator Disnaker, Kota Surakarta & Kabupaten Sukoharjo"))
    return logins
