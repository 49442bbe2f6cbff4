"""The figures the dashboards' history is drawn from: the regions and their
branches, monthly levels, seasons, industries, ages, reasons, banks, names (see
``jkp_portal/demo/reporting/history.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SEED = 20240201
START = date(2024, 1, 1)
SOURCE = "dashboards.demo"
NPP_PREFIX = "DH"
DECISION_NOTE = "Data historis (demo dasbor)."

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
    # (industry, weight): jkp_portal/demo/industries.py gives each its KBLI section and codes
    industries: tuple[tuple[str, int], ...]
    # Share of beneficiaries back at work within 1, 1–3, 3–6 and 6–12 months of the decision.
    back: tuple[float, float, float, float]
    exact: dict = field(default_factory=dict)  # month -> claims at full scale (published figures)


REGIONS: tuple[Region, ...] = (
    Region(
        "KW-KAL",
        "kal",
        (
            Branch("KC-BPN", "64", ("64.71", "64.09"), ("6471", "6409"), 3_800_000, 35),
            Branch("KC-SMD", "64", ("64.72", "64.02"), ("6472", "6402"), 3_720_000, 30),
            Branch("KC-BJM", "63", ("63.71", "63.03"), ("6371", "6303"), 3_520_000, 20),
            Branch("KC-PTK", "61", ("61.71", "61.12"), ("6171", "6112"), 3_050_000, 15),
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
                ("33.72", "33.11", "33.13"),
                ("3372", "3311", "3313"),
                2_400_000,
                40,
            ),
            Branch(
                "KC-SMG",
                "33",
                ("33.74", "33.24", "33.21"),
                ("3374", "3324", "3321"),
                3_200_000,
                40,
            ),
            Branch(
                "KC-YOG",
                "34",
                ("34.71", "34.04", "34.02"),
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
            Branch("KC-TNG", "36", ("36.71", "36.03"), ("3671", "3603"), 4_900_000, 65),
            Branch("KC-SRG", "36", ("36.73", "36.72"), ("3673", "3672"), 4_500_000, 35),
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
        (Branch("KC-JKS", "31", ("31.71", "31.75"), ("3171", "3175"), 5_400_000, 100),),
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
        (Branch("KC-BDG", "32", ("32.73", "32.04"), ("3273", "3204"), 4_000_000, 100),),
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
        (Branch("KC-SBY", "35", ("35.78", "35.15"), ("3578", "3515"), 4_950_000, 100),),
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
