"""Demo LPKs, programmes and vacancies (idempotent).

LPKs in the demo regions — BLK Surakarta, private LPKs, a company training
centre, an online academy, one whose accreditation has expired (its programme
stays a draft) and one whose accreditation ends within 60 days — with
programmes in the skills employers ask for (garment, welding, digital
marketing, barista, forklift, K3), and about 300 vacancies from the demo
employers of ``jkp_portal.demo.claims.registry``. Job-seeker profiles are filled
for approved claims that lack one (again in ``jkp_portal.demo.training.activity``,
after the claims filing step).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Employer
from jkp_portal.demo.reporting.history import NPP_PREFIX as HISTORY_NPP_PREFIX
from training.models import JobSeekerProfile, Lpk, Programme, ProgrammeStatus, Vacancy, VacancySource
from training.services import (
    job_seeker_profile_activate,
    job_seeker_profile_update,
    lpk_create,
    programme_create,
    programme_publish,
    vacancy_create,
)

ACTOR = "demo-data"
SEED = 20250207
VACANCY_TARGET = 300

# name, ownership, standard, SIAPkerja id, verified, accreditation (days from today), online,
# tracks progress, province, regency, contact, phone
LPKS = [
    (
        "BLK Surakarta (UPT Balai Latihan Kerja Kota Surakarta)",
        "government",
        "national",
        "SIAP-3372-0001",
        True,
        760,
        False,
        False,
        "33",
        "Kota Surakarta",
        "Bp. Widodo",
        "0271-714000",
    ),
    (
        "BBPVP Semarang",
        "government",
        "national",
        "SIAP-3374-0002",
        True,
        900,
        False,
        False,
        "33",
        "Kota Semarang",
        "Ibu Ratna",
        "024-6716421",
    ),
    (
        "LPK Mitra Busana Sukoharjo",
        "private",
        "national",
        "SIAP-3311-0107",
        True,
        45,
        False,
        False,
        "33",
        "Kabupaten Sukoharjo",
        "Ibu Endang",
        "0271-593210",
    ),
    (
        "LPK Teknik Las Karanganyar",
        "private",
        "national",
        "SIAP-3313-0044",
        True,
        -40,
        False,
        False,
        "33",
        "Kabupaten Karanganyar",
        "Bp. Slamet",
        "0271-495011",
    ),
    (
        "LPK Kopi Nusantara Semarang",
        "private",
        "special",
        "SIAP-3374-0311",
        True,
        500,
        False,
        False,
        "33",
        "Kota Semarang",
        "Mas Bima",
        "0812-2700-3311",
    ),
    (
        "Digital Talent Academy Nusantara (daring)",
        "private",
        "international",
        "SIAP-3171-0890",
        True,
        620,
        True,
        True,
        "31",
        "Kota Jakarta Pusat",
        "Tim Akademik",
        "021-5550123",
    ),
    (
        "Pusdiklat PT Mahakam Alat Berat",
        "company",
        "national",
        "SIAP-6471-0015",
        True,
        400,
        False,
        False,
        "64",
        "Kota Balikpapan",
        "Bp. Yusuf",
        "0542-733100",
    ),
    (
        "BLK Balikpapan (UPTD)",
        "government",
        "national",
        "SIAP-6471-0001",
        True,
        820,
        False,
        False,
        "64",
        "Kota Balikpapan",
        "Ibu Lina",
        "0542-421900",
    ),
    (
        "LPK Logistik Tangerang",
        "private",
        "national",
        "SIAP-3603-0210",
        True,
        300,
        False,
        False,
        "36",
        "Kabupaten Tangerang",
        "Bp. Hendra",
        "021-5960022",
    ),
]

# code, LPK index, title, competency, KBJI, skills, hours, cost, mode, location, province, regency,
# start (days from today), weeks, seats, weekdays, publish
PROGRAMMES = [
    (
        "BLK-SKA-JHT-01",
        0,
        "Menjahit Pakaian dengan Mesin Jahit Industri",
        "Menjahit dengan mesin jahit industri (SKKNI garmen)",
        "8153",
        ["menjahit", "mesin jahit industri", "obras", "quality control garmen"],
        240,
        1_900_000,
        "offline",
        "BLK Surakarta, Jl. Brigjen Slamet Riyadi",
        "33",
        "Kota Surakarta",
        -10,
        6,
        16,
        [0, 1, 2, 3, 4],
        True,
    ),
    (
        "BLK-SKA-LAS-01",
        0,
        "Juru Las SMAW Posisi 3G",
        "Pengelasan SMAW (SKKNI pengelasan)",
        "7212",
        ["las smaw", "las listrik", "membaca gambar teknik", "k3 pengelasan"],
        280,
        2_350_000,
        "offline",
        "Bengkel Las BLK Surakarta",
        "33",
        "Kota Surakarta",
        14,
        7,
        12,
        [0, 1, 2, 3, 4],
        True,
    ),
    (
        "BLK-SKA-K3-01",
        0,
        "Keselamatan dan Kesehatan Kerja (K3) Dasar",
        "Penerapan K3 di tempat kerja",
        "",
        ["k3", "keselamatan kerja", "p3k"],
        40,
        750_000,
        "offline",
        "Aula BLK Surakarta",
        "33",
        "Kota Surakarta",
        5,
        1,
        25,
        [0, 1, 2, 3, 4],
        True,
    ),
    (
        "MBS-JHT-02",
        2,
        "Operator Mesin Jahit dan Obras",
        "Menjahit dan mengobras produk garmen",
        "7533",
        ["menjahit", "obras", "pola pakaian"],
        160,
        1_200_000,
        "offline",
        "Workshop LPK Mitra Busana, Grogol",
        "33",
        "Kabupaten Sukoharjo",
        7,
        4,
        2,
        [0, 1, 2, 3, 4],
        True,
    ),
    (
        "BBPVP-SMG-QC-01",
        1,
        "Quality Control Garmen",
        "Pemeriksaan mutu produk garmen",
        "7533",
        ["quality control garmen", "menjahit", "pengemasan"],
        120,
        1_000_000,
        "offline",
        "BBPVP Semarang",
        "33",
        "Kota Semarang",
        12,
        3,
        20,
        [0, 1, 2, 3, 4],
        True,
    ),
    (
        "TLK-LAS-01",
        3,
        "Pengelasan MIG/MAG",
        "Pengelasan MIG/MAG",
        "7212",
        ["las mig", "las mag", "las listrik"],
        200,
        2_200_000,
        "offline",
        "LPK Teknik Las Karanganyar",
        "33",
        "Kabupaten Karanganyar",
        20,
        5,
        10,
        [0, 2, 4],
        False,
    ),
    (
        "KNS-BAR-01",
        4,
        "Barista Profesional",
        "Meracik minuman kopi (standar khusus industri kopi)",
        "5132",
        ["barista", "meracik kopi", "latte art", "pelayanan pelanggan"],
        80,
        2_100_000,
        "offline",
        "LPK Kopi Nusantara, Jl. Pandanaran",
        "33",
        "Kota Semarang",
        9,
        2,
        12,
        [0, 1, 2, 3, 4],
        True,
    ),
    (
        "DTA-DM-01",
        5,
        "Digital Marketing untuk Pemasaran Produk",
        "Pemasaran digital (kurikulum internasional)",
        "2431",
        ["digital marketing", "media sosial", "copywriting", "google ads"],
        60,
        1_500_000,
        "online",
        "https://belajar.dtanusantara.contoh.id",
        "31",
        "Kota Jakarta Pusat",
        -3,
        5,
        100,
        [1, 3],
        True,
    ),
    (
        "DTA-ADM-01",
        5,
        "Administrasi Perkantoran Digital",
        "Administrasi perkantoran dengan aplikasi digital",
        "4110",
        ["microsoft excel", "administrasi perkantoran", "korespondensi"],
        48,
        900_000,
        "online",
        "https://belajar.dtanusantara.contoh.id",
        "31",
        "Kota Jakarta Pusat",
        16,
        4,
        100,
        [1, 3],
        True,
    ),
    (
        "MAB-FLT-01",
        6,
        "Operator Forklift bersertifikat SIO",
        "Mengoperasikan forklift (SKKNI alat angkat)",
        "8344",
        ["forklift", "sio forklift", "k3 gudang"],
        40,
        2_400_000,
        "offline",
        "Pusdiklat Mahakam, Kariangau",
        "64",
        "Kota Balikpapan",
        6,
        1,
        10,
        [0, 1, 2, 3, 4],
        True,
    ),
    (
        "BLK-BPN-K3-01",
        7,
        "K3 Umum untuk Pekerja Industri",
        "Penerapan K3 di industri",
        "",
        ["k3", "keselamatan kerja", "p3k"],
        40,
        800_000,
        "offline",
        "BLK Balikpapan",
        "64",
        "Kota Balikpapan",
        11,
        1,
        30,
        [0, 1, 2, 3, 4],
        True,
    ),
    (
        "LLT-FLT-01",
        8,
        "Operator Forklift dan Pergudangan",
        "Forklift dan penanganan gudang",
        "8344",
        ["forklift", "pergudangan", "k3 gudang"],
        56,
        1_800_000,
        "offline",
        "LPK Logistik Tangerang, Cikupa",
        "36",
        "Kabupaten Tangerang",
        8,
        2,
        15,
        [0, 1, 2, 3, 4],
        True,
    ),
]

# sector -> [(occupation, KBJI, skills, description)]
OCCUPATIONS = {
    "consumer_goods": [
        (
            "Operator Jahit",
            "8153",
            ["menjahit", "mesin jahit industri", "obras"],
            "Menjahit komponen pakaian di lini produksi.",
        ),
        (
            "Quality Control Garmen",
            "7533",
            ["quality control garmen", "menjahit"],
            "Memeriksa mutu jahitan dan ukuran produk.",
        ),
        ("Operator Mesin Tenun", "8152", ["mesin tenun", "tekstil"], "Mengoperasikan mesin tenun otomatis."),
        (
            "Pengemas Produk",
            "9321",
            ["pengemasan", "quality control garmen"],
            "Mengemas produk jadi sesuai standar ekspor.",
        ),
    ],
    "chemicals": [
        (
            "Operator Produksi Kimia",
            "8131",
            ["operator mesin", "k3", "pencampuran bahan kimia"],
            "Mengoperasikan reaktor dan mixer.",
        ),
        ("Petugas K3 Pabrik", "", ["k3", "keselamatan kerja", "p3k"], "Mengawasi penerapan K3 di area produksi."),
    ],
    "trade_services": [
        ("Kasir", "5230", ["kasir", "pelayanan pelanggan"], "Melayani transaksi pelanggan di toko."),
        ("Pramuniaga", "5223", ["penjualan", "pelayanan pelanggan"], "Membantu pelanggan memilih produk."),
        (
            "Staf Pemasaran Digital",
            "2431",
            ["digital marketing", "media sosial", "copywriting"],
            "Mengelola akun media sosial dan iklan daring.",
        ),
        (
            "Admin Gudang",
            "4321",
            ["microsoft excel", "pergudangan", "administrasi perkantoran"],
            "Mencatat stok masuk dan keluar.",
        ),
    ],
    "manufacturing": [
        ("Juru Las", "7212", ["las smaw", "las listrik", "k3 pengelasan"], "Pengelasan rangka dan konstruksi baja."),
        (
            "Operator Mesin CNC",
            "7223",
            ["mesin cnc", "membaca gambar teknik"],
            "Mengoperasikan mesin bubut dan frais CNC.",
        ),
        (
            "Operator Forklift",
            "8344",
            ["forklift", "sio forklift", "k3 gudang"],
            "Memindahkan bahan baku di gudang pabrik.",
        ),
    ],
    "transport": [
        (
            "Operator Forklift",
            "8344",
            ["forklift", "sio forklift", "k3 gudang"],
            "Bongkar muat barang di gudang distribusi.",
        ),
        ("Pengemudi Truk", "8332", ["mengemudi", "sim b1"], "Mengantar barang antarkota."),
        ("Staf Gudang", "4321", ["pergudangan", "microsoft excel"], "Mengatur penyimpanan dan pengiriman barang."),
    ],
    "hospitality": [
        (
            "Barista",
            "5132",
            ["barista", "meracik kopi", "pelayanan pelanggan"],
            "Menyiapkan minuman kopi untuk pelanggan kafe.",
        ),
        ("Juru Masak", "5120", ["memasak", "kebersihan dapur"], "Menyiapkan menu harian restoran."),
        ("Pramusaji", "5131", ["pelayanan pelanggan", "penyajian makanan"], "Melayani tamu restoran."),
    ],
    "construction": [
        ("Tukang Las Konstruksi", "7212", ["las smaw", "las listrik", "k3"], "Pengelasan struktur baja bangunan."),
        ("Petugas K3 Proyek", "", ["k3", "keselamatan kerja", "p3k"], "Memastikan K3 di proyek konstruksi."),
    ],
    "mining": [
        (
            "Operator Alat Angkat",
            "8343",
            ["alat berat", "k3", "forklift"],
            "Mengoperasikan alat angkat di area tambang.",
        ),
        ("Petugas K3 Tambang", "", ["k3", "keselamatan kerja"], "Inspeksi K3 di site tambang."),
    ],
    "finance": [
        ("Staf Administrasi", "4110", ["administrasi perkantoran", "microsoft excel"], "Administrasi kantor cabang.")
    ],
    "ict": [
        (
            "Staf Pemasaran Digital",
            "2431",
            ["digital marketing", "media sosial", "google ads"],
            "Kampanye digital produk.",
        )
    ],
    "plantation": [("Operator Forklift", "8344", ["forklift", "k3 gudang"], "Gudang hasil perkebunan.")],
    "other": [
        ("Staf Administrasi", "4110", ["administrasi perkantoran", "microsoft excel"], "Administrasi umum."),
        ("Petugas Kebersihan", "9112", ["kebersihan"], "Kebersihan gedung."),
    ],
}

# Wage floor per province for salary ranges (UMK-like, rounded).
WAGE_FLOOR = {
    "31": 5_400_000,
    "32": 4_000_000,
    "33": 2_500_000,
    "34": 2_450_000,
    "35": 4_500_000,
    "36": 4_700_000,
    "61": 3_000_000,
    "63": 3_500_000,
    "64": 3_700_000,
}

# Job-seeker profiles for approved claims that have none filled: by former employer's sector.
SEEKER_PROFILES = {
    "consumer_goods": [
        ("Operator Jahit", "8153", ["menjahit", "obras"]),
        ("Penjahit", "7531", ["menjahit", "pola pakaian"]),
        ("Operator Mesin Tenun", "8152", ["mesin tenun"]),
    ],
    "trade_services": [("Kasir", "5230", ["kasir", "pelayanan pelanggan"]), ("Pramuniaga", "5223", ["penjualan"])],
    "manufacturing": [("Operator Produksi", "9329", ["operator mesin"]), ("Juru Las", "7212", ["las listrik"])],
    "transport": [("Pengemudi", "8322", ["mengemudi", "sim b1"])],
    "hospitality": [("Pramusaji", "5131", ["pelayanan pelanggan"])],
    "chemicals": [("Operator Produksi Kimia", "8131", ["operator mesin", "k3"])],
}


def _lpks(today: dt.date) -> list[Lpk]:
    lpks = []
    for name, ownership, standard, siap, verified, days, online, progress, province, regency, contact, phone in LPKS:
        lpk = Lpk.objects.filter(siapkerja_id=siap).first()
        if lpk is None:
            lpk = lpk_create(
                actor=ACTOR,
                name=name,
                ownership=ownership,
                competency_standard=standard,
                siapkerja_id=siap,
                siapkerja_verified=verified,
                verified_on=today - dt.timedelta(days=400),
                accreditation_number=f"AKR/LA-LPK/{siap[-4:]}/{today.year - 1}",
                accreditation_grade="A" if ownership == "government" else "B",
                accredited_until=today + dt.timedelta(days=days),
                online=online,
                tracks_attendance=True,
                tracks_progress=progress,
                contact_name=contact,
                phone=phone,
                email=f"info@{siap.lower()}.lpk.contoh.id",
                province_code=province,
                regency=regency,
                address=f"{regency}",
            )
        lpks.append(lpk)
    return lpks


def _programmes(lpks: list[Lpk], today: dt.date) -> int:
    created = 0
    for (
        code,
        lpk_index,
        title,
        competency,
        kbji,
        skills,
        hours,
        cost,
        mode,
        location,
        province,
        regency,
        start,
        weeks,
        seats,
        weekdays,
        publish,
    ) in PROGRAMMES:
        if Programme.objects.filter(code=code).exists():
            continue
        start_date = today + dt.timedelta(days=start)
        online = mode == "online"
        programme = programme_create(
            actor=ACTOR,
            lpk=lpks[lpk_index],
            code=code,
            title=title,
            competency=competency,
            kbji_code=kbji,
            skills=skills,
            description=f"{competency}. Sertifikat kompetensi diterbitkan setelah uji kompetensi.",
            hours=hours,
            cost=Decimal(cost),
            mode=mode,
            location=location,
            province_code=province,
            regency=regency,
            start_date=start_date,
            end_date=start_date + dt.timedelta(days=7 * weeks - 3),
            seats=seats,
            weekdays=weekdays,
            session_start=dt.time(19) if online else dt.time(8),
            session_end=dt.time(21) if online else dt.time(15),
        )
        if publish and lpks[lpk_index].eligible:
            programme_publish(programme=programme, actor=ACTOR)
        created += 1
    return created


def _vacancies(today: dt.date) -> int:
    rng = random.Random(SEED)
    # Not the dashboards' history employers (DH…, loaded last): they sort first
    # and would change this plan on every later run.
    employers = list(
        Employer.objects.filter(bankrupt_or_closed=False)
        .exclude(npp__startswith=HISTORY_NPP_PREFIX)
        .order_by("npp")[:150]
    )
    if not employers:
        return 0
    existing = set(Vacancy.objects.filter(reference__startswith="DEMO-").values_list("employer_id", "reference"))
    created = 0
    plan: list[tuple[Employer, int]] = []
    # The flagship employer (hr.bengawan's company) first, with a few garment vacancies.
    flagship = next((e for e in employers if e.npp == "DM000001"), None)
    if flagship is not None:
        plan += [(flagship, 0), (flagship, 1), (flagship, 3)]
    n = 0
    while len(plan) < VACANCY_TARGET:
        employer = employers[n % len(employers)]
        templates = OCCUPATIONS.get(employer.sector, OCCUPATIONS["other"])
        plan.append((employer, rng.randrange(len(templates))))
        n += 1
    for i, (employer, index) in enumerate(plan, start=1):
        reference = f"DEMO-{i:04d}"
        if (employer.pk, reference) in existing:
            continue
        occupation, kbji, skills, description = OCCUPATIONS.get(employer.sector, OCCUPATIONS["other"])[index]
        floor = WAGE_FLOOR.get(employer.province_code, 3_000_000)
        low = floor + rng.randrange(0, 6) * 100_000
        vacancy_create(
            employer=employer,
            actor=ACTOR,
            source=VacancySource.CSV,
            reference=reference,
            occupation=occupation,
            kbji_code=kbji,
            skills=skills,
            description=description,
            province_code=employer.province_code,
            regency=employer.regency,
            salary_min=Decimal(low),
            salary_max=Decimal(low + rng.randrange(3, 12) * 100_000),
            openings=rng.choice((1, 1, 2, 2, 3, 5, 8)),
            closing_date=today + dt.timedelta(days=rng.randrange(10, 75)),
        )
        created += 1
    return created


def fill_job_seekers() -> int:
    """Job-seeker profiles for approved claims: created when missing, and given a
    plausible occupation and skills (by the former employer's sector) when empty.

    The dashboards' history (employers ``DH…``, loaded last) is left out: those
    claims are summaries of the past, and walking tens of thousands of them one
    by one made every later ``make run`` take minutes."""
    rng = random.Random(SEED + 1)
    filled = 0
    claims = (
        Claim.objects.filter(status=ClaimStatus.APPROVED, decision_date__isnull=False)
        .exclude(participant__employer__npp__startswith=HISTORY_NPP_PREFIX)
        .select_related("participant__employer")
    )
    for claim in claims.order_by("pk"):
        profile = JobSeekerProfile.objects.filter(participant=claim.participant).first()
        if profile is None:
            profile = job_seeker_profile_activate(claim=claim, actor=ACTOR)
        if profile.skills or profile.desired_occupation or not profile.seeking:
            continue
        sector = claim.participant.employer.sector if claim.participant.employer else "other"
        occupation, kbji, skills = rng.choice(SEEKER_PROFILES.get(sector, SEEKER_PROFILES["trade_services"]))
        job_seeker_profile_update(
            participant=claim.participant,
            actor=ACTOR,
            filled_by="demo",
            desired_occupation=occupation,
            kbji_code=kbji,
            skills=skills,
            willing_to_relocate=rng.random() < 0.2,
        )
        filled += 1
    return filled


@transaction.atomic
def load(stdout) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    lpks = _lpks(today)
    programmes = _programmes(lpks, today)
    vacancies = _vacancies(today)
    seekers = fill_job_seekers()
    stdout.write(
        f"  training: {len(lpks)} LPK, {programmes} new programmes "
        f"({Programme.objects.filter(status=ProgrammeStatus.PUBLISHED).count()} open), {vacancies} new vacancies "
        f"({Vacancy.objects.count()} in all), {seekers} job-seeker profiles filled"
    )
    if not Employer.objects.exists():
        stdout.write("  training: no demo employers (load jkp_portal.demo.claims.registry first) — no vacancies created")
    return []
