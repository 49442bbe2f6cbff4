"""Historic JKP activity from January 2024 until yesterday, so the dashboards of
every demo office have something to say. Runs last in ``load_demo_data``.

Patterns follow the programme figures of the rules file, at ``SCALE`` of the
real volumes (default 1/5; ``DASHBOARD_DEMO_SCALE`` overrides it): claims peak
every February; Kalimantan grows from 484 claims in March 2024 to 2,241 in
March 2025 (× SCALE), most of them from trade and services, aged 30–40, and
60 % of its beneficiaries work again within a month; Jawa Tengah, Banten and
Jakarta lead, with consumer goods (garments, textiles, cigarettes), chemicals
and trade and services the leading sectors; the rule set changes on
2025-02-07 (60 % for every month due from then on).

The history is kept away from the working queues:
- every historic claim is decided (approved, rejected) or withdrawn; none waits
  in a verifier or approver queue;
- benefits are frozen (``is_open = false``), so the daily payout run never
  touches them; months not yet due stay ``scheduled`` without a payment;
- payout batches are reconciled; historic open counselling cases belong to a
  pool of konselors attached to the regional office with no regency or
  province, whom automatic assignment never picks and who cannot log in;
- training enrolments are in closed programmes of a historic LPK.

Historic rows are recognisable: employers' NPP start with ``DH``, claims carry
``verdict.source = "dashboards.demo"`` and the decision note "Data historis".
Participants have no contribution ledger and claims no audit trail: they are
summaries of the past, not journeys to replay.

Inserted set-based: the claims, benefit months and payments are drawn in
Python with a fixed seed and loaded with COPY into temporary tables, then
fanned out with ``INSERT … SELECT`` into the apps' tables. Idempotent: a second
run finds the ``DH`` employers and only refreshes the summary tables.
"""

from __future__ import annotations

import math
import os
import random
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from claims.banks import bank_for
from claims.eligibility import add_months, rule_set_for
from claims.models import Claim, Employer, Participant
from claims.payouts.calendar import add_working_days
from claims.payouts.models import Benefit, BenefitMonth, Payment, PaymentAttempt, PayoutBatch
from counseling.models import Assessment, Case, CounsellingSession, Konselor
from jkp_portal.accounts.models import Office, User
from jkp_portal.common.fields import encrypt_text
from jkp_portal.reporting.bulk import copy_rows, insert_select
from jkp_portal.reporting.refresh import dashboards_refresh
from jkp_portal.reporting.selectors import warm_cache
from training.models import Enrolment, Lpk, Programme

SEED = 20240201
START = date(2024, 1, 1)
SOURCE = "dashboards.demo"
NPP_PREFIX = "DH"
DECISION_NOTE = "Data historis (demo dasbor)."
SCALE = float(os.environ.get("DASHBOARD_DEMO_SCALE", "0.2"))

# Claims peak every February (and before Lebaran); December is quiet.
SEASON = {1: 1.10, 2: 1.45, 3: 1.25, 4: 0.90, 5: 0.95, 6: 0.95, 7: 1.00, 8: 1.00, 9: 1.00, 10: 1.05, 11: 1.00, 12: 0.80}


@dataclass(frozen=True)
class Branch:
    code: str
    province: str
    regencies: tuple[str, ...]
    nik_regency: tuple[str, ...]  # 4-digit NIK region code per regency
    umk: int  # minimum wage of the area
    weight: int


@dataclass(frozen=True)
class Region:
    code: str
    short: str
    branches: tuple[Branch, ...]
    # Deseasonalised claims per month at full scale: (month, level), interpolated geometrically.
    levels: tuple[tuple[date, float], ...]
    sectors: tuple[tuple[str, int], ...]
    # Share of beneficiaries back at work within 1, 1–3, 3–6 and 6–12 months of the decision.
    back: tuple[float, float, float, float]
    exact: dict = field(default_factory=dict)  # month -> claims at full scale (published figures)


REGIONS: tuple[Region, ...] = (
    Region(
        "KW-KAL",
        "kal",
        (
            Branch(
                "KC-BPN", "64", ("Kota Balikpapan", "Kabupaten Penajam Paser Utara"), ("6471", "6409"), 3_800_000, 35
            ),
            Branch("KC-SMD", "64", ("Kota Samarinda", "Kabupaten Kutai Kartanegara"), ("6472", "6402"), 3_720_000, 30),
            Branch("KC-BJM", "63", ("Kota Banjarmasin", "Kabupaten Banjar"), ("6371", "6303"), 3_520_000, 20),
            Branch("KC-PTK", "61", ("Kota Pontianak", "Kabupaten Kubu Raya"), ("6171", "6112"), 3_050_000, 15),
        ),
        (
            (date(2024, 1, 1), 300.0),
            (date(2024, 3, 1), 484 / 1.25),
            (date(2025, 3, 1), 2241 / 1.25),
            (date(2026, 12, 1), 1900.0),
        ),
        (
            ("trade_services", 36),
            ("mining", 15),
            ("plantation", 13),
            ("consumer_goods", 9),
            ("construction", 8),
            ("transport", 8),
            ("hospitality", 6),
            ("chemicals", 3),
            ("finance", 2),
        ),
        (0.60, 0.12, 0.07, 0.05),
        {date(2024, 3, 1): 484, date(2025, 3, 1): 2241},
    ),
    Region(
        "KW-JTD",
        "jtd",
        (
            Branch(
                "KC-SKA",
                "33",
                ("Kota Surakarta", "Kabupaten Sukoharjo", "Kabupaten Karanganyar"),
                ("3372", "3311", "3313"),
                2_400_000,
                40,
            ),
            Branch(
                "KC-SMG",
                "33",
                ("Kota Semarang", "Kabupaten Kendal", "Kabupaten Demak"),
                ("3374", "3324", "3321"),
                3_200_000,
                40,
            ),
            Branch(
                "KC-YOG",
                "34",
                ("Kota Yogyakarta", "Kabupaten Sleman", "Kabupaten Bantul"),
                ("3471", "3404", "3402"),
                2_500_000,
                20,
            ),
        ),
        ((date(2024, 1, 1), 1500.0), (date(2025, 3, 1), 2600.0), (date(2026, 12, 1), 2300.0)),
        (
            ("consumer_goods", 44),
            ("trade_services", 18),
            ("manufacturing", 10),
            ("chemicals", 8),
            ("hospitality", 6),
            ("transport", 5),
            ("construction", 4),
            ("plantation", 3),
            ("finance", 2),
        ),
        (0.27, 0.17, 0.12, 0.08),
    ),
    Region(
        "KW-BTN",
        "btn",
        (
            Branch("KC-TNG", "36", ("Kota Tangerang", "Kabupaten Tangerang"), ("3671", "3603"), 4_900_000, 65),
            Branch("KC-SRG", "36", ("Kota Serang", "Kota Cilegon"), ("3673", "3672"), 4_500_000, 35),
        ),
        ((date(2024, 1, 1), 1100.0), (date(2025, 3, 1), 1750.0), (date(2026, 12, 1), 1600.0)),
        (
            ("consumer_goods", 27),
            ("chemicals", 22),
            ("manufacturing", 16),
            ("trade_services", 16),
            ("transport", 9),
            ("construction", 5),
            ("hospitality", 3),
            ("finance", 2),
        ),
        (0.30, 0.17, 0.11, 0.08),
    ),
    Region(
        "KW-DKI",
        "dki",
        (Branch("KC-JKS", "31", ("Kota Jakarta Pusat", "Kota Jakarta Timur"), ("3171", "3175"), 5_400_000, 100),),
        ((date(2024, 1, 1), 950.0), (date(2025, 3, 1), 1300.0), (date(2026, 12, 1), 1200.0)),
        (
            ("trade_services", 33),
            ("hospitality", 12),
            ("finance", 12),
            ("ict", 10),
            ("transport", 10),
            ("consumer_goods", 9),
            ("construction", 7),
            ("chemicals", 4),
            ("manufacturing", 3),
        ),
        (0.35, 0.17, 0.10, 0.07),
    ),
    Region(
        "KW-JBR",
        "jbr",
        (Branch("KC-BDG", "32", ("Kota Bandung", "Kabupaten Bandung"), ("3273", "3204"), 4_000_000, 100),),
        ((date(2024, 1, 1), 1250.0), (date(2025, 3, 1), 1950.0), (date(2026, 12, 1), 1800.0)),
        (
            ("consumer_goods", 37),
            ("trade_services", 19),
            ("manufacturing", 15),
            ("chemicals", 10),
            ("hospitality", 7),
            ("transport", 6),
            ("construction", 4),
            ("ict", 2),
        ),
        (0.27, 0.16, 0.12, 0.08),
    ),
    Region(
        "KW-JTM",
        "jtm",
        (Branch("KC-SBY", "35", ("Kota Surabaya", "Kabupaten Sidoarjo"), ("3578", "3515"), 4_950_000, 100),),
        ((date(2024, 1, 1), 950.0), (date(2025, 3, 1), 1400.0), (date(2026, 12, 1), 1300.0)),
        (
            ("consumer_goods", 31),
            ("trade_services", 22),
            ("manufacturing", 14),
            ("chemicals", 10),
            ("transport", 8),
            ("hospitality", 6),
            ("construction", 6),
            ("finance", 3),
        ),
        (0.29, 0.17, 0.11, 0.08),
    ),
)

# Age at submission: band weights (most are 30–40) and the ages each band spans.
AGES = ((19, 24, 9), (25, 29, 20), (30, 39, 39), (40, 49, 22), (50, 56, 10))
PHK_REASONS = (
    ("efficiency", 40),
    ("company_loss", 16),
    ("business_closure", 14),
    ("other", 12),
    ("bankruptcy", 6),
    ("disciplinary", 5),
    ("merger_acquisition", 4),
    ("force_majeure", 3),
)
PROOFS = (("uncontested", 62), ("agreement", 24), ("court", 6), ("employer_report", 8))
# Rejection reasons (code, weight under PP37, weight under PP6): deadlines and
# consecutive months weigh less once PP 6/2025 relaxed them.
REJECTIONS = (
    ("INSUFFICIENT_CONTRIBUTIONS", 24, 30),
    ("PKWT_CONTRACT_ENDED", 17, 22),
    ("CLAIM_DEADLINE_PASSED", 16, 6),
    ("NOT_CONSECUTIVE", 11, 0),
    ("PROGRAMS_INCOMPLETE", 8, 7),
    ("DOC_INVALID", 9, 11),
    ("EXCLUDED_REASON", 6, 7),
    ("PHK_NOT_PROVEN", 4, 6),
    ("BANK_NOT_OWN_NAME", 3, 5),
    ("REEMPLOYED", 2, 6),
)
ON_TIME_DELAYS = ((1, 55), (2, 30), (3, 15))  # working days from due date to the bank's credit
REJECTIONS_BY_RULE_SET = {
    "PP37_2021": tuple((code, w) for code, w, _pp6 in REJECTIONS if w),
    "PP6_2025": tuple((code, w) for code, _pp37, w in REJECTIONS if w),
}
BANKS = (("BRI", 40), ("BNI", 20), ("MANDIRI", 16), ("BSI", 10), ("BCA", 9), ("BTN", 5))
FAIL_REASONS = (
    ("AC04", "Rekening sudah ditutup"),
    ("BE01", "Nama pemilik rekening tidak sesuai"),
    ("AC01", "Nomor rekening salah"),
)
OCCUPATIONS = {
    "consumer_goods": ("8153", "7531", "9329"),
    "chemicals": ("8131", "8141", "9329"),
    "trade_services": ("5223", "5230", "4321"),
    "manufacturing": ("8189", "7223", "9329"),
    "mining": ("8111", "8332", "7233"),
    "plantation": ("6112", "8341", "9211"),
    "construction": ("7112", "7411", "9313"),
    "transport": ("8322", "4321", "9333"),
    "hospitality": ("5120", "5131", "9412"),
    "finance": ("4311", "4211", "3312"),
    "ict": ("3512", "2512", "4132"),
    "other": ("9329", "5223", "4110"),
}
EDUCATION = (("sd", 8), ("smp", 18), ("sma", 32), ("smk", 26), ("d1_d3", 7), ("d4_s1", 9))
LEVELS = ("ahli_pertama", "ahli_muda", "ahli_madya", "petugas_antar_kerja")
SKILLS = (
    "basic_counselling",
    "assessment_results",
    "job_information",
    "labour_market",
    "training_information",
    "information_management",
)
TRAINING = {
    "kal": ("Operator Alat Berat", "Pemasaran Digital UMKM", "Teknisi Pendingin (AC)"),
    "jtd": ("Menjahit Pakaian Jadi", "Pemasaran Digital UMKM", "Barista dan Pengolahan Kopi"),
    "btn": ("Operator Forklift", "Teknisi Listrik Industri", "Administrasi Perkantoran"),
    "dki": ("Pemrograman Web Dasar", "Layanan Pelanggan dan Penjualan", "Akuntansi Komputer"),
    "jbr": ("Menjahit Pakaian Jadi", "Desain Grafis", "Teknisi Sepeda Motor"),
    "jtm": ("Pengelasan SMAW", "Pemasaran Digital UMKM", "Tata Boga"),
}
MALE = (
    "Agus", "Budi", "Joko", "Eko", "Bambang", "Slamet", "Hendra", "Dedi", "Wahyu", "Rudi", "Arif", "Andi", "Fajar",
    "Yusuf", "Rahmat", "Ahmad", "Dimas", "Bayu", "Teguh", "Hadi", "Imam", "Sigit", "Taufik", "Asep", "Dadang",
    "Rizky", "Ilham", "Gilang", "Fikri", "Yoga", "Samsul", "Herman", "Syahrul", "Irfan", "Gusti", "Ardi",
)  # fmt: skip
FEMALE = (
    "Sri", "Siti", "Dewi", "Ratna", "Wulan", "Indah", "Fitri", "Rina", "Yuni", "Nur", "Lestari", "Ayu", "Putri",
    "Dian", "Eka", "Novi", "Maya", "Anisa", "Rahma", "Kartika", "Tuti", "Endang", "Ningsih", "Euis", "Intan",
    "Citra", "Mega", "Rini", "Tri", "Dwi", "Aisyah", "Nadia", "Lina", "Yanti", "Sari", "Melati",
)  # fmt: skip
SURNAMES = (
    "Santoso", "Wibowo", "Setiawan", "Hidayat", "Saputra", "Pratama", "Kurniawan", "Nugroho", "Susanto", "Purnomo",
    "Wijaya", "Gunawan", "Permana", "Ramadhan", "Firmansyah", "Hakim", "Siregar", "Nasution", "Lubis", "Rahayu",
    "Handayani", "Puspitasari", "Wulandari", "Anggraini", "Maharani", "Rahmawati", "Utami", "Safitri", "Suryani",
    "Kusuma", "Noor", "Aditya", "Maulana", "Syahputra", "Hasibuan", "Pane",
)  # fmt: skip
COMPANY_WORDS = {
    "consumer_goods": ("Tekstil", "Garmen", "Kretek", "Busana", "Sandang", "Pangan"),
    "chemicals": ("Kimia", "Polimer", "Cat", "Plastik"),
    "trade_services": ("Niaga", "Ritel", "Swalayan", "Distribusi", "Dagang"),
    "manufacturing": ("Logam", "Komponen", "Mesin", "Elektrik"),
    "mining": ("Tambang", "Batubara", "Mineral"),
    "plantation": ("Sawit", "Agro", "Perkebunan"),
    "construction": ("Konstruksi", "Karya", "Bangun"),
    "transport": ("Logistik", "Ekspedisi", "Angkutan"),
    "hospitality": ("Hotel", "Boga", "Wisata"),
    "finance": ("Finansial", "Artha", "Kredit"),
    "ict": ("Digital", "Data", "Teknologi"),
}
SUFFIXES = ("Nusantara", "Jaya", "Abadi", "Makmur", "Sentosa", "Mandiri", "Utama", "Sejahtera", "Perkasa", "Lestari")


_CUMULATIVE: dict[int, tuple[tuple, list[float]]] = {}


def _weighted(rng: random.Random, items: tuple):
    """One of ``items`` (tuples whose last element is the weight). ``items``
    must be a module-level tuple: the cumulative weights are kept by its id."""
    key = id(items)
    if key not in _CUMULATIVE:
        total, cumulative = 0.0, []
        for item in items:
            total += item[-1]
            cumulative.append(total)
        _CUMULATIVE[key] = (items, cumulative)
    population, cumulative = _CUMULATIVE[key]
    return rng.choices(population, cum_weights=cumulative)[0]


def _level(region: Region, month: date) -> float:
    """Claims per month (deseasonalised, full scale), geometric between anchors."""
    points = region.levels
    if month <= points[0][0]:
        return points[0][1]
    for (m0, v0), (m1, v1) in zip(points, points[1:], strict=False):
        if m0 <= month <= m1:
            span = (m1.year - m0.year) * 12 + m1.month - m0.month
            step = (month.year - m0.year) * 12 + month.month - m0.month
            return v0 * (v1 / v0) ** (step / span)
    return points[-1][1]


def _months(today: date) -> list[date]:
    months, current = [], START
    while current <= today:
        months.append(current)
        current = add_months(current, 1)
    return months


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def _aware(day: date, hour: float) -> datetime:
    return datetime.combine(day, time(int(hour), int(hour % 1 * 60)), tzinfo=JAKARTA)


@dataclass
class _Plan:
    claims: list[dict] = field(default_factory=list)
    months: list[dict] = field(default_factory=list)
    employers: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (branch, sector) -> NPPs
    employer_rows: list[dict] = field(default_factory=list)


class _Generator:
    def __init__(self, today: date, existing_niks: set[str], scale: float):
        self.rng = random.Random(SEED)
        self.today = today
        self.yesterday = today - timedelta(days=1)
        self.scale = scale
        self.niks = set(existing_niks)
        self.serial = 0
        self.plan = _Plan()
        self.accounts = []
        for _ in range(64):
            number = "".join(str(self.rng.randint(0, 9)) for _ in range(self.rng.choice((10, 12, 13, 15))))
            self.accounts.append((encrypt_text(number), number[-4:]))

    # -- identities ---------------------------------------------------------------------
    def nik(self, nik_regency: str, birth: date, female: bool) -> str:
        while True:
            self.serial += 1
            district = self.rng.randint(1, 30)
            day = birth.day + (40 if female else 0)
            value = f"{nik_regency}{district:02d}{day:02d}{birth.month:02d}{birth.year % 100:02d}{5000 + self.serial % 4999:04d}"
            if value not in self.niks:
                self.niks.add(value)
                return value

    def name(self, female: bool) -> str:
        first = self.rng.choice(FEMALE if female else MALE)
        if self.rng.random() < 0.12:
            return first
        return f"{first} {self.rng.choice(SURNAMES)}"

    def employer(self, region: Region, branch: Branch, sector: str) -> str:
        key = (branch.code, sector)
        npps = self.plan.employers.get(key)
        if npps is None:
            npps = []
            for _ in range(2):
                npp = f"{NPP_PREFIX}{len(self.plan.employer_rows) + 1:06d}"
                words = COMPANY_WORDS.get(sector, ("Usaha",))
                index = self.rng.randrange(len(branch.regencies))
                self.plan.employer_rows.append(
                    {
                        "npp": npp,
                        "name": f"PT {self.rng.choice(words)} {self.rng.choice(SUFFIXES)} {branch.regencies[index].split()[-1]}",
                        "size": self.rng.choice(("large", "medium", "medium", "small")),
                        "sector": sector,
                        "province_code": branch.province,
                        "regency": branch.regencies[index],
                        "office": branch.code,
                    }
                )
                npps.append(npp)
            self.plan.employers[key] = npps
        return self.rng.choice(npps)

    # -- claims ---------------------------------------------------------------------------
    def counts(self, region: Region, month: date) -> int:
        full = region.exact.get(month)
        if full is None:
            full = _level(region, month) * SEASON[month.month] * (1 + self.rng.uniform(-0.06, 0.06))
        n = full * self.scale
        if month.year == self.today.year and month.month == self.today.month:
            n *= (self.today.day - 1) / 30
        return int(round(n))

    def run(self) -> _Plan:
        key = 0
        for month in _months(self.today):
            for region in REGIONS:
                for _ in range(self.counts(region, month)):
                    key += 1
                    claim = self.claim(key, region, month)
                    if claim is not None:
                        self.plan.claims.append(claim)
        return self.plan

    def claim(self, key: int, region: Region, month: date) -> dict | None:
        rng = self.rng
        branch = rng.choices(region.branches, weights=[b.weight for b in region.branches])[0]
        sector = _weighted(rng, region.sectors)[0]
        female = rng.random() < {
            "consumer_goods": 0.64,
            "trade_services": 0.47,
            "hospitality": 0.5,
            "finance": 0.5,
        }.get(sector, 0.22)
        last_day = (add_months(month, 1) - timedelta(days=1)).day
        submitted_day = month + timedelta(days=rng.randrange(last_day))
        if submitted_day >= self.yesterday:
            return None
        low, high, _w = _weighted(rng, AGES)
        age = rng.randint(low, high)
        birth = submitted_day - timedelta(days=int(age * 365.25) + rng.randrange(300))
        regency_index = rng.randrange(len(branch.regencies))
        contract = "PKWT" if rng.random() < 0.38 else "PKWTT"
        phk = submitted_day - timedelta(days=rng.randint(2, 75))

        # How long the decision took: a log-normal that shortens as the offices learn.
        progress = (month.year - 2024) * 12 + month.month - 1
        median = max(6.5 - progress * 0.09, 3.2)
        rs_decision = rule_set_for(submitted_day)
        r = rng.random()
        if r < 0.03:
            status = "withdrawn"
        elif r < 0.03 + (0.15 if rs_decision.code == "PP37_2021" else 0.11):
            status = "rejected"
            median *= 1.3
        else:
            status = "approved"
        days = max(0, int(round(math.exp(rng.gauss(math.log(median), 0.7)))))
        if rng.random() < 0.03:
            days += rng.randint(20, 70)  # a correction round trip
        submitted_at = _aware(submitted_day, rng.uniform(7.5, 20))
        decided_day = submitted_day + timedelta(days=days)
        if status != "withdrawn" and decided_day >= self.today:
            return None  # still open today: not history yet
        decided_at = _aware(decided_day, rng.uniform(8, 16.5)) if status != "withdrawn" else None
        if decided_at is not None and decided_at <= submitted_at:
            decided_at = submitted_at + timedelta(hours=rng.uniform(1, 6))
        rule_set = rule_set_for(decided_day).code if status != "withdrawn" else ""

        reasons = []
        phk_reason = _weighted(rng, PHK_REASONS)[0]
        if status == "rejected":
            choices = REJECTIONS_BY_RULE_SET[rule_set]
            reasons.append(_weighted(rng, choices)[0])
            if rng.random() < 0.15:
                second = _weighted(rng, choices)[0]
                if second != reasons[0]:
                    reasons.append(second)
            if "EXCLUDED_REASON" in reasons:
                phk_reason = rng.choice(("resignation", "retirement"))
            if "PKWT_CONTRACT_ENDED" in reasons:
                contract, phk_reason = "PKWT", "contract_ended"

        wage = min(int(branch.umk * (1 + 0.7 * rng.random() ** 2) / 1000) * 1000, 15_000_000)
        wage_base = Decimal(min(wage, 5_000_000))
        bank_code = _weighted(rng, BANKS)[0]
        cipher, last4 = rng.choice(self.accounts)
        nik = self.nik(branch.nik_regency[regency_index], birth, female)
        full_name = self.name(female)
        start = phk - timedelta(days=rng.randint(420, 3000))
        claim = {
            "key": key,
            "region": region.short,
            "nik": nik,
            "kpj": f"9{branch.nik_regency[regency_index]}{key:08d}",
            "full_name": full_name,
            "birth_date": birth,
            "sex": "F" if female else "M",
            "contract_type": contract,
            "contract_start": start,
            "contract_end": phk + timedelta(days=rng.randint(30, 400)) if contract == "PKWT" else None,
            "registered_on": max(start, date(2021, 2, 2)),
            "employer_npp": self.employer(region, branch, sector),
            "office": branch.code,
            "province": branch.province,
            "regency": branch.regencies[regency_index],
            "status": status,
            "phk_date": phk,
            "phk_reason": phk_reason,
            "proof_type": _weighted(rng, PROOFS)[0],
            "bank_code": bank_code,
            "bank_name": bank_for(bank_code).name,
            "account": cipher,
            "last4": last4,
            "submitted_at": submitted_at,
            "filed_on": submitted_day,
            "verified_at": (submitted_at + (decided_at - submitted_at) * 0.6) if decided_at else None,
            "decided_at": decided_at,
            "decision_date": decided_day if decided_at else None,
            "reasons": "{" + ",".join(reasons) + "}",
            "rule_set": rule_set,
            "wage_base": wage_base,
            "claim_deadline": add_months(phk, 3 if rs_decision.code == "PP37_2021" else 6),
            "eligible": status == "approved",
        }
        if status == "approved":
            self.benefit(claim, region, sector)
        return claim

    # -- benefit, months, payments ---------------------------------------------------------
    def benefit(self, claim: dict, region: Region, sector: str) -> None:
        rng = self.rng
        decided: date = claim["decision_date"]
        r = rng.random()
        limits = (
            (region.back[0], 1, 30),
            (region.back[1], 31, 91),
            (region.back[2], 92, 182),
            (region.back[3], 183, 365),
        )
        back_on = None
        for share, low, high in limits:
            if r < share:
                back_on = decided + timedelta(days=rng.randint(low, high))
                break
            r -= share
        if back_on is not None and back_on > self.yesterday:
            back_on = None  # not known yet
        year = decided.year
        late_share = {2024: 0.11, 2025: 0.07}.get(year, 0.04)
        cutoff = self.today - timedelta(days=14)  # the last fortnight is the live system's business
        previous_due = None
        last_paid_or_settled = None
        months_due = 0
        for month_no in range(1, 7):
            due = add_months(decided, month_no - 1)
            rs = rule_set_for(due)
            rate = rs.rates[month_no - 1]
            row = {
                "claim_key": claim["key"],
                "month_no": month_no,
                "period_start": previous_due or due,
                "due_date": due,
                "rule_set": rs.code,
                "rate": rate,
                "amount": _money(rate * claim["wage_base"]),
                "status": "scheduled",
                "withheld_on": None,
                "settled_on": None,
                "pay": False,
            }
            previous_due = due
            if back_on is not None and due > back_on:
                row["status"] = "stopped"
                row["settled_on"] = back_on
            elif due <= cutoff:
                months_due += 1
                fate = rng.random() if month_no > 1 else 1.0
                if fate < 0.04 and due <= cutoff - timedelta(days=6):
                    row.update(status="forfeited", withheld_on=due, settled_on=due + timedelta(days=6))
                    last_paid_or_settled = row["settled_on"]
                else:
                    base = due
                    if fate < 0.10:
                        base = due + timedelta(days=rng.randint(1, 5))  # conditions met during the grace days
                        row.update(status="withheld", withheld_on=due)
                    self.payment(row, claim, base, late_share)
                    last_paid_or_settled = row["paid_on"]
            self.plan.months.append(row)
        if back_on is not None:
            last_no = max(1, sum(1 for m in range(1, 7) if add_months(decided, m - 1) <= back_on))
            claim.update(benefit_status="ended", end_reason="reemployed", ended_on=back_on, last_month_no=last_no)
        else:
            claim.update(benefit_status="active", end_reason="", ended_on=None, last_month_no=6)
        claim["last_due"] = add_months(decided, claim["last_month_no"] - 1)
        finished = back_on is not None or months_due == 6
        if finished and claim["benefit_status"] == "active":
            claim["benefit_status"] = "completed"
        claim["closed_on"] = (back_on or last_paid_or_settled) if finished else None
        claim["back_on"] = back_on
        self.counselling(claim, region, sector, finished)

    def payment(self, row: dict, claim: dict, base: date, late_share: float) -> None:
        rng = self.rng
        deadline = add_working_days(base, 3)
        failed = rng.random() < 0.025
        if failed:
            fail_day = add_working_days(base, 1)
            paid_on = add_working_days(base, rng.randint(6, 12))
            code, reason = rng.choice(FAIL_REASONS)
        else:
            fail_day, code, reason = None, "", ""
            delay = rng.randint(4, 9) if rng.random() < late_share else _weighted(rng, ON_TIME_DELAYS)[0]
            paid_on = add_working_days(base, delay)
        row.update(
            pay=True,
            base=base,
            sla_deadline=deadline,
            paid_on=paid_on,
            attempt=2 if failed else 1,
            was_withheld=row["status"] == "withheld",
            fail_day=fail_day,
            fail_code=code,
            fail_reason=reason,
            batch_office=claim["office"],
            batch_month=(fail_day or paid_on).replace(day=1),
            reissue_month=paid_on.replace(day=1) if failed else None,
        )

    # -- counselling and training -----------------------------------------------------------
    def counselling(self, claim: dict, region: Region, sector: str, finished: bool) -> None:
        rng = self.rng
        decided: date = claim["decision_date"]
        pp37 = claim["rule_set"] == "PP37_2021"
        opened = _aware(decided, rng.uniform(9, 17))
        assessed_on = decided + timedelta(days=rng.randint(2, 20))
        assessed = rng.random() < 0.91 and assessed_on <= self.yesterday
        session_on = decided + timedelta(days=rng.randint(7, 45))
        counselled = assessed and rng.random() < (0.46 if pp37 else 0.36) and session_on <= self.yesterday
        progress = (decided.year - 2024) * 12 + decided.month
        enrol_on = decided + timedelta(days=rng.randint(20, 60))
        trained = counselled and rng.random() < 0.05 + progress * 0.003 and enrol_on <= self.yesterday
        half = 0 if enrol_on.month <= 6 else 1
        back_on = claim["back_on"]
        if back_on is not None:
            status, closed_at = "reemployed", _aware(back_on, 10)
        elif finished:
            status, closed_at = "closed", _aware(claim["closed_on"] or decided, 15)
        else:
            status, closed_at = ("in_training" if trained else "active"), None
        claim.update(
            case_status=status,
            case_opened_at=opened,
            assigned_at=opened + timedelta(hours=rng.uniform(1, 30)),
            first_contact_at=_aware(session_on, 9) if counselled else None,
            case_closed_at=closed_at,
            close_reason="Bekerja kembali"
            if status == "reemployed"
            else ("Masa manfaat selesai" if status == "closed" else ""),
            assessed=assessed,
            assessed_at=_aware(assessed_on, rng.uniform(8, 21)) if assessed else None,
            education=_weighted(rng, EDUCATION)[0],
            occupation=rng.choice(OCCUPATIONS.get(sector, OCCUPATIONS["other"])),
            sessions=(2 if rng.random() < 0.4 else 1) if counselled else 0,
            session_at=_aware(session_on, rng.choice((9, 10, 13, 14))) if counselled else None,
            recommendation=("training" if trained else rng.choice(("job_search", "job_search", "entrepreneurship")))
            if counselled
            else "",
            trained=trained,
            enrol_at=_aware(enrol_on, 10) if trained else None,
            training_title=TRAINING[region.short][(enrol_on.year + half) % 3] if trained else "",
            programme_code=f"HIST-{region.short.upper()}-{enrol_on.year}-{half + 1}" if trained else "",
        )


def _create_employers(plan: _Plan) -> None:
    offices = dict(Office.objects.values_list("code", "pk"))
    Employer.objects.bulk_create(
        [
            Employer(
                npp=row["npp"],
                name=row["name"],
                size=row["size"],
                sector=row["sector"],
                province_code=row["province_code"],
                regency=row["regency"],
                office_id=offices.get(row["office"]),
            )
            for row in plan.employer_rows
        ],
        batch_size=1000,
    )


def _create_konselors(plan: _Plan, regions: dict[str, Office], rng: random.Random) -> dict[str, list[str]]:
    """A pool of historic konselors per region, attached to the regional office
    with no regency or province (automatic assignment never picks them), sized
    so each holds 60–97 % of their capacity in open cases."""
    open_by_region: dict[str, int] = {}
    for claim in plan.claims:
        if claim.get("case_status") in ("active", "in_training"):
            open_by_region[claim["region"]] = open_by_region.get(claim["region"], 0) + 1
    pool: dict[str, list[str]] = {}
    users, konselors = [], []
    password = make_password(None)  # unusable: nobody logs in as a historic konselor
    for region in REGIONS:
        office = regions.get(region.code)
        if office is None:
            continue
        count = max(2, math.ceil(open_by_region.get(region.short, 0) / 110))
        pool[region.short] = []
        for i in range(1, count + 1):
            female = rng.random() < 0.55
            first, last = rng.choice(FEMALE if female else MALE), rng.choice(SURNAMES)
            born = date(rng.randint(1972, 1995), rng.randint(1, 12), rng.randint(1, 28))
            nip = f"{born:%Y%m%d}{rng.randint(2008, 2022)}{rng.randint(1, 12):02d}{2 if female else 1}{900 + len(konselors):03d}"
            username = f"pk.{region.short}{i:02d}"
            users.append(
                User(
                    username=username,
                    password=password,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@kemnaker-demo.id",
                    roles=["konselor"],
                    office=office,
                )
            )
            konselors.append((username, nip, f"{first} {last}", office))
            pool[region.short].append(nip)
    User.objects.bulk_create(users)
    by_username = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    Konselor.objects.bulk_create(
        [
            Konselor(
                user=by_username[username],
                nip=nip,
                name=name,
                level=rng.choice(LEVELS),
                office=office,
                regencies=[],
                province_codes=[],
                capacity=150,
                languages=["id"],
                skills=list(SKILLS),
            )
            for username, nip, name, office in konselors
        ]
    )
    # Spread each region's cases over its pool; the capacity follows the open load.
    loads: dict[str, int] = {}
    for claim in plan.claims:
        if claim["status"] != "approved":
            continue
        if claim["region"] not in pool:
            if claim["case_status"] in ("active", "in_training"):
                claim["case_status"] = "closed"  # nobody to hold it: keep the case out of every queue
            continue
        nip = rng.choice(pool[claim["region"]])
        claim["konselor_nip"] = nip
        if claim["case_status"] in ("active", "in_training"):
            loads[nip] = loads.get(nip, 0) + 1
    for region_pool in pool.values():
        for nip in region_pool:
            load = loads.get(nip, 0)
            Konselor.objects.filter(nip=nip).update(capacity=max(60, math.ceil(load / rng.uniform(0.6, 0.97))))
    return pool


def _create_programmes(regions: dict[str, Office], today: date) -> None:
    for region in REGIONS:
        if region.code not in regions:
            continue
        branch = region.branches[0]
        lpk = Lpk.objects.create(
            name=f"BLK {branch.regencies[0].replace('Kota ', '').replace('Kabupaten ', '')} (angkatan lalu)",
            ownership="government",
            competency_standard="national",
            siapkerja_id=f"HIST-{region.short.upper()}",
            siapkerja_verified=True,
            verified_on=date(2023, 6, 1),
            accreditation_number=f"AKR/{region.short.upper()}/2023",
            accreditation_grade="A",
            accredited_until=date(2028, 6, 30),
            province_code=branch.province,
            regency=branch.regencies[0],
            address=branch.regencies[0],
        )
        programmes = []
        for year in range(START.year, today.year + 1):
            for half, (start, end) in enumerate(
                ((date(year, 1, 15), date(year, 6, 30)), (date(year, 7, 1), date(year, 12, 20)))
            ):
                title = TRAINING[region.short][(year + half) % 3]
                programmes.append(
                    Programme(
                        code=f"HIST-{region.short.upper()}-{year}-{half + 1}",
                        lpk=lpk,
                        title=title,
                        competency=title,
                        hours=120,
                        cost=Decimal(1_000_000 if year < 2025 else 2_400_000),
                        mode="offline",
                        location=f"{lpk.name}, {branch.regencies[0]}",
                        province_code=branch.province,
                        regency=branch.regencies[0],
                        start_date=start,
                        end_date=end,
                        seats=10_000,
                        status="closed",
                    )
                )
        Programme.objects.bulk_create(programmes)


CLAIM_COLUMNS = (
    ("key", "int"),
    ("region", "text"),
    ("nik", "text"),
    ("kpj", "text"),
    ("full_name", "text"),
    ("birth_date", "date"),
    ("sex", "text"),
    ("contract_type", "text"),
    ("contract_start", "date"),
    ("contract_end", "date"),
    ("registered_on", "date"),
    ("employer_npp", "text"),
    ("office", "text"),
    ("province", "text"),
    ("regency", "text"),
    ("status", "text"),
    ("phk_date", "date"),
    ("phk_reason", "text"),
    ("proof_type", "text"),
    ("bank_code", "text"),
    ("bank_name", "text"),
    ("account", "text"),
    ("last4", "text"),
    ("submitted_at", "timestamptz"),
    ("filed_on", "date"),
    ("verified_at", "timestamptz"),
    ("decided_at", "timestamptz"),
    ("decision_date", "date"),
    ("reasons", "text[]"),
    ("rule_set", "text"),
    ("wage_base", "numeric"),
    ("claim_deadline", "date"),
    ("eligible", "boolean"),
    ("benefit_status", "text"),
    ("end_reason", "text"),
    ("ended_on", "date"),
    ("last_month_no", "int"),
    ("last_due", "date"),
    ("closed_on", "date"),
    ("back_on", "date"),
    ("case_status", "text"),
    ("case_opened_at", "timestamptz"),
    ("assigned_at", "timestamptz"),
    ("first_contact_at", "timestamptz"),
    ("case_closed_at", "timestamptz"),
    ("close_reason", "text"),
    ("konselor_nip", "text"),
    ("assessed", "boolean"),
    ("assessed_at", "timestamptz"),
    ("education", "text"),
    ("occupation", "text"),
    ("sessions", "int"),
    ("session_at", "timestamptz"),
    ("recommendation", "text"),
    ("trained", "boolean"),
    ("enrol_at", "timestamptz"),
    ("training_title", "text"),
    ("programme_code", "text"),
)
MONTH_COLUMNS = (
    ("claim_key", "int"),
    ("month_no", "int"),
    ("period_start", "date"),
    ("due_date", "date"),
    ("rule_set", "text"),
    ("rate", "numeric"),
    ("amount", "numeric"),
    ("status", "text"),
    ("withheld_on", "date"),
    ("settled_on", "date"),
    ("pay", "boolean"),
    ("base", "date"),
    ("sla_deadline", "date"),
    ("paid_on", "date"),
    ("attempt", "int"),
    ("was_withheld", "boolean"),
    ("fail_day", "date"),
    ("fail_code", "text"),
    ("fail_reason", "text"),
    ("batch_office", "text"),
    ("batch_month", "date"),
    ("reissue_month", "date"),
)


def _fan_out(cursor, today: date) -> dict[str, int]:
    """From the staging tables dh_claim and dh_month into the apps' tables."""
    counts = {}
    counts["participants"] = insert_select(
        cursor,
        Participant,
        {
            "nik": "c.nik",
            "kpj": "c.kpj",
            "full_name": "c.full_name",
            "birth_date": "c.birth_date",
            "sex": "c.sex",
            "citizenship": "'WNI'",
            "employer": "e.id",
            "contract_type": "c.contract_type",
            "contract_start": "c.contract_start",
            "contract_end": "c.contract_end",
            "jkp_registered_on": "c.registered_on",
            "programs": "ARRAY['JKN','JKK','JKM','JHT','JP']::varchar[]",
            "jkn_segment": "'PPU'",
            "employment_status": "'non_active'",
        },
        f"FROM dh_claim c JOIN {Employer._meta.db_table} e ON e.npp = c.employer_npp",
    )
    counts["claims"] = insert_select(
        cursor,
        Claim,
        {
            "participant": "p.id",
            "office": "o.id",
            "status": "c.status",
            "phk_date": "c.phk_date",
            "phk_reason": "c.phk_reason",
            "proof_type": "c.proof_type",
            "bank_name": "c.bank_name",
            "bank_account_number": "c.account",
            "bank_account_last4": "c.last4",
            "bank_account_holder": "c.full_name",
            "kapk_signed": "true",
            "kapk_signed_at": "c.submitted_at",
            "submitted_at": "c.submitted_at",
            "filed_on": "c.filed_on",
            "verified_at": "c.verified_at",
            "decided_at": "c.decided_at",
            "decision_date": "c.decision_date",
            "decision_note": "CASE WHEN c.status = 'withdrawn' THEN '' ELSE %(note)s END",
            "rejection_reasons": "c.reasons::varchar[]",
            "rule_set": "c.rule_set",
            "payer": "CASE WHEN c.status = 'withdrawn' THEN '' ELSE 'bpjs' END",
            "wage_base": "c.wage_base",
            "claim_deadline": "c.claim_deadline",
            "verdict": (
                "jsonb_build_object('source', %(source)s, 'eligible', c.eligible, 'rule_set', c.rule_set, "
                "'payer', 'bpjs', 'wage_base', c.wage_base::text, 'failed', to_jsonb(c.reasons))"
            ),
            "created_at": "c.submitted_at",
            "updated_at": "COALESCE(c.decided_at, c.submitted_at)",
        },
        f"""FROM dh_claim c
        JOIN {Participant._meta.db_table} p ON p.nik = c.nik
        LEFT JOIN {Office._meta.db_table} o ON o.code = c.office""",
        {"note": DECISION_NOTE, "source": SOURCE},
    )
    # Ids of what was just inserted, by staging key: every later step joins on these.
    cursor.execute(
        f"""CREATE TEMP TABLE dh_ids ON COMMIT DROP AS
        SELECT c.key, p.id AS participant_id, cl.id AS claim_id, cl.office_id, NULL::bigint AS benefit_id
        FROM dh_claim c
        JOIN {Participant._meta.db_table} p ON p.nik = c.nik
        JOIN {Claim._meta.db_table} cl ON cl.participant_id = p.id"""  # noqa: S608 - identifiers from model metadata
    )
    cursor.execute("CREATE UNIQUE INDEX ON dh_ids (key); ANALYZE dh_ids")
    claim_join = "JOIN dh_ids i ON i.key = c.key"
    counts["benefits"] = insert_select(
        cursor,
        Benefit,
        {
            "claim": "i.claim_id",
            "participant": "i.participant_id",
            "office": "i.office_id",
            "status": "c.benefit_status",
            "is_open": "false",
            "rule_set": "c.rule_set",
            "payer": "'bpjs'",
            "wage_base": "c.wage_base",
            "decision_date": "c.decision_date",
            "last_month_no": "c.last_month_no",
            "last_due_date": "c.last_due",
            "bank_code": "c.bank_code",
            "bank_name": "c.bank_name",
            "bank_account_number": "c.account",
            "bank_account_last4": "c.last4",
            "bank_account_holder": "c.full_name",
            "ended_on": "c.ended_on",
            "end_reason": "c.end_reason",
            "end_source": "CASE WHEN c.end_reason = '' THEN '' ELSE %(source)s END",
            "closed_on": "c.closed_on",
            "created_at": "c.decided_at",
            "updated_at": "COALESCE(c.closed_on::timestamptz, c.decided_at)",
        },
        f"FROM dh_claim c {claim_join} WHERE c.status = 'approved'",
        {"source": SOURCE},
    )
    cursor.execute(
        f"UPDATE dh_ids i SET benefit_id = b.id FROM {Benefit._meta.db_table} b WHERE b.claim_id = i.claim_id"  # noqa: S608
    )
    benefit_join = "JOIN dh_claim c ON c.key = m.claim_key JOIN dh_ids i ON i.key = m.claim_key"
    counts["months"] = insert_select(
        cursor,
        BenefitMonth,
        {
            "benefit": "i.benefit_id",
            "month_no": "m.month_no",
            "period_start": "m.period_start",
            "due_date": "m.due_date",
            "rule_set": "m.rule_set",
            "rate": "m.rate",
            "wage_base": "c.wage_base",
            "amount": "m.amount",
            "status": "m.status",
            "withheld_on": "m.withheld_on",
            "settled_on": "m.settled_on",
            "form_submitted": "m.month_no = 6 AND m.pay",
        },
        f"FROM dh_month m {benefit_join}",
    )
    # Reconciled batches: one per office and month, plus re-issue batches.
    counts["batches"] = insert_select(
        cursor,
        PayoutBatch,
        {
            "office": "o.id",
            "bank_code": "'BRI'",
            "bank_name": "'Bank Rakyat Indonesia (BRI)'",
            "kind": "k.kind",
            "status": "'reconciled'",
            "prepared_at": "k.month::timestamptz",
            "approved_at": "k.month::timestamptz + interval '1 day'",
            "sent_at": "k.month::timestamptz + interval '1 day'",
            "reconciled_at": "(k.month + interval '1 month' - interval '1 day')::timestamptz",
            "message_id": "'HIST-' || k.office || '-' || to_char(k.month, 'YYYYMM') || '-' || "
            "CASE WHEN k.kind = 'scheduled' THEN 'S' ELSE 'R' END",
        },
        f"""FROM (SELECT DISTINCT batch_office AS office, batch_month AS month, 'scheduled' AS kind FROM dh_month WHERE pay
                  UNION SELECT DISTINCT batch_office, reissue_month, 'reissue' FROM dh_month WHERE reissue_month IS NOT NULL) k
        LEFT JOIN {Office._meta.db_table} o ON o.code = k.office""",  # noqa: S608 - identifiers from model metadata and code; values are bound
    )
    cursor.execute(
        f"""CREATE TEMP TABLE dh_month_ids ON COMMIT DROP AS
        SELECT m.claim_key, m.month_no, bm.id
        FROM dh_month m JOIN dh_ids i ON i.key = m.claim_key
        JOIN {BenefitMonth._meta.db_table} bm ON bm.benefit_id = i.benefit_id AND bm.month_no = m.month_no
        WHERE m.pay"""  # noqa: S608 - identifiers from model metadata
    )
    cursor.execute("CREATE UNIQUE INDEX ON dh_month_ids (claim_key, month_no); ANALYZE dh_month_ids")
    month_join = f"""JOIN dh_claim c ON c.key = m.claim_key
        JOIN dh_month_ids bm ON bm.claim_key = m.claim_key AND bm.month_no = m.month_no
        JOIN {PayoutBatch._meta.db_table} pb ON pb.message_id = 'HIST-' || m.batch_office || '-' ||
             to_char(COALESCE(m.reissue_month, m.batch_month), 'YYYYMM') || '-' ||
             CASE WHEN m.reissue_month IS NULL THEN 'S' ELSE 'R' END"""
    counts["payments"] = insert_select(
        cursor,
        Payment,
        {
            "month": "bm.id",
            "batch_id": "pb.id",
            "status": "'paid'",
            "amount": "m.amount",
            "rule_set": "m.rule_set",
            "rate": "m.rate",
            "wage_base": "c.wage_base",
            "month_no": "m.month_no",
            "due_date": "m.due_date",
            "bank_code": "c.bank_code",
            "bank_name": "c.bank_name",
            "account_number": "c.account",
            "account_last4": "c.last4",
            "account_holder": "c.full_name",
            "was_withheld": "m.was_withheld",
            "sla_deadline": "m.sla_deadline",
            "attempt": "m.attempt",
            "paid_on": "m.paid_on",
            "result_code": "'ACSC'",
            "created_at": "m.base::timestamptz",
            "updated_at": "m.paid_on::timestamptz",
        },
        f"FROM dh_month m {month_join} WHERE m.pay",
    )
    payment_join = f"""{month_join}
        JOIN {Payment._meta.db_table} pay ON pay.month_id = bm.id"""
    counts["attempts"] = insert_select(
        cursor,
        PaymentAttempt,
        {
            "payment": "pay.id",
            "batch": "pb.id",
            "attempt_no": "pay.attempt",
            "amount": "pay.amount",
            "bank_code": "pay.bank_code",
            "account_last4": "pay.account_last4",
            "account_holder": "pay.account_holder",
            "result": "'paid'",
            "reason_code": "'ACSC'",
            "recorded_at": "m.paid_on::timestamptz + interval '15 hours'",
        },
        f"FROM dh_month m {payment_join} WHERE m.pay",
    )
    counts["attempts"] += insert_select(
        cursor,
        PaymentAttempt,
        {
            "payment": "pay.id",
            "batch": "fb.id",
            "attempt_no": "1",
            "amount": "pay.amount",
            "bank_code": "pay.bank_code",
            "account_last4": "pay.account_last4",
            "account_holder": "pay.account_holder",
            "result": "'failed'",
            "reason_code": "m.fail_code",
            "reason": "m.fail_reason",
            "recorded_at": "m.fail_day::timestamptz + interval '15 hours'",
        },
        f"""FROM dh_month m {payment_join}
        JOIN {PayoutBatch._meta.db_table} fb ON fb.message_id = 'HIST-' || m.batch_office || '-' ||
             to_char(m.batch_month, 'YYYYMM') || '-S'
        WHERE m.pay AND m.fail_day IS NOT NULL""",
    )
    cursor.execute(
        f"""
        UPDATE {PayoutBatch._meta.db_table} pb SET
            payment_count = t.n, total_amount = t.total, paid_count = t.paid_n, paid_total = t.paid_total,
            failed_count = t.failed_n, failed_total = t.failed_total
        FROM (
            SELECT a.batch_id, count(*) AS n, sum(a.amount) AS total,
                   count(*) FILTER (WHERE a.result = 'paid') AS paid_n,
                   COALESCE(sum(a.amount) FILTER (WHERE a.result = 'paid'), 0) AS paid_total,
                   count(*) FILTER (WHERE a.result = 'failed') AS failed_n,
                   COALESCE(sum(a.amount) FILTER (WHERE a.result = 'failed'), 0) AS failed_total
            FROM {PaymentAttempt._meta.db_table} a
            JOIN {PayoutBatch._meta.db_table} b ON b.id = a.batch_id
            WHERE b.message_id LIKE 'HIST-%'
            GROUP BY a.batch_id
        ) t
        WHERE pb.id = t.batch_id
        """  # noqa: S608 - identifiers from model metadata and code; values are bound
    )
    counts["cases"] = insert_select(
        cursor,
        Case,
        {
            "claim": "i.claim_id",
            "participant": "i.participant_id",
            "konselor": "k.id",
            "office": "i.office_id",
            "province_code": "c.province",
            "regency": "c.regency",
            "status": "c.case_status",
            "opened_at": "c.case_opened_at",
            "assigned_at": "c.assigned_at",
            "first_contact_at": "c.first_contact_at",
            "closed_at": "c.case_closed_at",
            "close_reason": "c.close_reason",
            "reemployed_on": "c.back_on",
            "recommendation": "c.recommendation",
            "recommended_programme": "CASE WHEN c.trained THEN c.training_title ELSE '' END",
            "updated_at": "COALESCE(c.case_closed_at, c.case_opened_at)",
        },
        f"""FROM dh_claim c {claim_join}
        LEFT JOIN {Konselor._meta.db_table} k ON k.nip = c.konselor_nip
        WHERE c.status = 'approved'""",
    )
    case_join = f"""{claim_join}
        JOIN {Case._meta.db_table} cs ON cs.claim_id = i.claim_id"""
    counts["assessments"] = insert_select(
        cursor,
        Assessment,
        {
            "case": "cs.id",
            "education_level": "c.education",
            "desired_occupations": "ARRAY[c.occupation]::varchar[]",
            "desired_location": "c.regency",
            "willing_to_relocate": "c.key %% 4 = 0",
            "submitted_at": "c.assessed_at",
            "updated_at": "c.assessed_at",
        },
        f"FROM dh_claim c {case_join} WHERE c.assessed",
    )
    counts["sessions"] = insert_select(
        cursor,
        CounsellingSession,
        {
            "case": "cs.id",
            "konselor": "cs.konselor_id",
            "mode": "CASE WHEN n = 1 THEN 'face_to_face' ELSE 'online' END",
            "starts_at": "c.session_at + (n - 1) * interval '30 days'",
            "place": "CASE WHEN n = 1 THEN 'Ruang konseling Disnaker ' || c.regency ELSE '' END",
            "meeting_link": "CASE WHEN n = 1 THEN '' ELSE 'https://meet.kemnaker.go.id/jkp-' || cs.id END",
            "status": "'attended'",
            "attendance_recorded_at": "c.session_at + (n - 1) * interval '30 days' + interval '1 hour'",
            "outcome": "'Sesi selesai'",
            "recommendation": "c.recommendation",
            "reported_at": "c.session_at + (n - 1) * interval '30 days' + interval '2 hours'",
            "created_at": "c.session_at - interval '3 days'",
            "updated_at": "c.session_at + (n - 1) * interval '30 days' + interval '2 hours'",
        },
        f"""FROM dh_claim c {case_join}
        CROSS JOIN LATERAL generate_series(1, c.sessions) AS n
        WHERE c.sessions > 0 AND cs.konselor_id IS NOT NULL
          AND c.session_at + (n - 1) * interval '30 days' < %(today)s""",
        {"today": today},
    )
    counts["enrolments"] = insert_select(
        cursor,
        Enrolment,
        {
            "programme": "pr.id",
            "participant": "i.participant_id",
            "claim": "i.claim_id",
            "status": "CASE WHEN pr.end_date < %(today)s THEN 'completed' ELSE 'enrolled' END",
            "source": "'recommendation'",
            "cost": "pr.cost",
            "enrolled_at": "c.enrol_at",
            "progress_percent": "CASE WHEN pr.end_date < %(today)s THEN 100 ELSE 40 END",
            "completed_on": "CASE WHEN pr.end_date < %(today)s THEN pr.end_date END",
            "created_at": "c.enrol_at",
        },
        f"""FROM dh_claim c {claim_join}
        JOIN {Programme._meta.db_table} pr ON pr.code = c.programme_code
        WHERE c.trained""",
        {"today": today},
    )
    return counts


def load(stdout) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    if Employer.objects.filter(npp__startswith=NPP_PREFIX).exists():
        stdout.write("  historic dashboard data already loaded")
    else:
        regions = {o.code: o for o in Office.objects.filter(code__in=[r.code for r in REGIONS])}
        if not regions:
            stdout.write("  skipped: demo offices missing (load jkp_portal.demo.accounts first)")
            return []
        _load_history(stdout, today, regions)
    refresh = dashboards_refresh(triggered_by="demo data")
    warmed = warm_cache()
    stdout.write(f"  dashboards refreshed in {refresh.duration_ms} ms, default views of {warmed} office scopes cached")
    return []


@transaction.atomic
def _load_history(stdout, today: date, regions: dict[str, Office]) -> None:
    started = timezone.now()
    existing = set(Participant.objects.values_list("nik", flat=True))
    generator = _Generator(today, existing, SCALE)
    plan = generator.run()
    known = {b.code for r in REGIONS for b in r.branches}
    missing = known - set(Office.objects.filter(code__in=known).values_list("code", flat=True))
    if missing:
        plan.claims = [c for c in plan.claims if c["office"] not in missing]
        keys = {c["key"] for c in plan.claims}
        plan.months = [m for m in plan.months if m["claim_key"] in keys]
    _create_employers(plan)
    _create_konselors(plan, regions, generator.rng)
    _create_programmes(regions, today)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        copy_rows(
            cursor, "dh_claim", CLAIM_COLUMNS, ([c.get(col) for col, _kind in CLAIM_COLUMNS] for c in plan.claims)
        )
        copy_rows(
            cursor, "dh_month", MONTH_COLUMNS, ([m.get(col) for col, _kind in MONTH_COLUMNS] for m in plan.months)
        )
        counts = _fan_out(cursor, today)
    seconds = (timezone.now() - started).total_seconds()
    summary = ", ".join(f"{name} {count:,}" for name, count in counts.items())
    stdout.write(f"  history since 2024-01 (scale {SCALE}): {summary} in {seconds:.1f} s")
