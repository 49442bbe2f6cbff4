"""Standing the portal up from nothing, as the operator guide says
(docs/operations.md, "First installation"), in a production configuration
with no demo module: migrate (the regions come with it), load_regions,
collectstatic, import_offices, the first administrator and the staff, the registry extract
staged by one officer and approved by another. Then one claim is filed,
verified, approved and paid through the real bank file exchange
(tests/standup_flow.py)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from redis import Redis

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Stand-Up-Kuat-2026!"
REDIS_DB = 14  # beside the test runs' own databases (REDIS_TEST_DB_BASE 1..12)

pytestmark = pytest.mark.slow

OFFICES = """code,name,kind,parent_code,regencies,address,phone
KP,Kantor Pusat BPJS Ketenagakerjaan,head,,,"Jl. Jend. Gatot Subroto No. 79, Jakarta",021-5207797
KW-JTD,Kanwil Jawa Tengah & DIY,regional,KP,33;34,"Jl. Pemuda No. 140, Semarang",024-3520004
KC-SKA,KC Surakarta,branch,KW-JTD,Kota Surakarta;33.11,"Jl. Slamet Riyadi No. 1, Surakarta",0271-711000
"""


def _months_before(first_of_month: dt.date, count: int) -> list[str]:
    months, year, month = [], first_of_month.year, first_of_month.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(f"{year:04d}-{month:02d}")
    return sorted(months)


def _registry_files(folder: Path) -> dict[str, Path]:
    phk_month = dt.date.today().replace(day=1) - dt.timedelta(days=1)  # last month
    employers = folder / "employers.csv"
    employers.write_text(
        "npp,name,size,sector,province_code,regency,office_code,bankrupt_or_closed\n"
        "NPP-STD-1,PT Bengawan Stand Up,medium,C,33,Kota Surakarta,,false\n",
        encoding="utf-8",
    )
    participants = folder / "participants.csv"
    participants.write_text(
        "nik,kpj,full_name,birth_date,citizenship,employer_npp,contract_type,contract_start,contract_end,"
        "jkp_registered_on,programs,jkn_segment,phone,email,domicile_regency\n"
        "3372010505900001,KPJ-STD-1,Budi Santoso,1990-05-05,WNI,NPP-STD-1,PKWTT,2019-01-02,,2022-01-10,"
        "JKN;JKK;JKM;JHT;JP,PPU,081234567890,budi@contoh.id,33.72\n",
        encoding="utf-8",
    )
    contributions = folder / "contributions.csv"
    rows = [f"3372010505900001,{m},4500000,paid" for m in _months_before(phk_month.replace(day=1), 24)]
    rows.append(f"3372010505900001,{phk_month:%Y-%m},4500000,paid")
    contributions.write_text("nik,period,wage,status\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return {"employers": employers, "participants": participants, "contributions": contributions}


@pytest.fixture
def fresh_database():
    """An empty database of its own, dropped afterwards."""
    db = settings.DATABASES["default"]
    name = f"jkp_standup_{os.getpid()}"
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    yield f"postgres://{auth}{db['HOST']}:{db['PORT'] or 5432}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_stand_up_from_nothing_then_file_verify_approve_and_pay_one_claim(fresh_database, tmp_path):
    bank = {name: tmp_path / "bank" / name for name in ("outbox", "inbox", "archive")}
    for folder in bank.values():
        folder.mkdir(parents=True)
    redis_url = f"{settings.REDIS_URL.rsplit('/', 1)[0]}/{REDIS_DB}"
    Redis.from_url(redis_url).flushdb()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "PAYOUT_", "SMS_", "EMAIL_"))
        and key not in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "TEST_DATABASE_NAME", "REDIS_TEST_DB_BASE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jkp_portal.settings.production",
            "DJANGO_ENV": "production",
            "SECRET_KEY": "x9!Qk2#vL7p@Zr4^Wm8&Tn3*Hs6(Jd1)Fb5_Gc0+Ya2=Ue7~Io4-standup",
            "FIELD_ENCRYPTION_KEYS": "Vt2S0v4oWJ3C2x8q7Zx7b1mP0gH0bqgA5m2cC8b1xQE=",
            "DATABASE_URL": fresh_database,
            "REDIS_URL": redis_url,
            "ALLOWED_HOSTS": "jkp.example.go.id",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "PAYOUT_BANK_ADAPTER": "claims.payouts.bank_adapters.FileExchangeBank",
            "PAYOUT_BANK_OUTBOX": str(bank["outbox"]),
            "PAYOUT_BANK_INBOX": str(bank["inbox"]),
            "PAYOUT_BANK_ARCHIVE": str(bank["archive"]),
            "SMS_GATEWAY": "jkp_portal.common.notifications.HttpSmsGateway",
            "SMS_HTTP_URL": "https://sms.example.id/v1/messages",
            "SMS_HTTP_API_KEY": "provider-key",
            # Mail leaves through a file here: the mail server is outside the system.
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        }
    )

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result.stdout + result.stderr

    try:
        manage("migrate", "--no-input")
        assert "provinsi: 0 baru" in manage("load_regions")  # the migration already loaded them
        manage("collectstatic", "--no-input", "-v", "0")
        offices = tmp_path / "offices.csv"
        offices.write_text(OFFICES, encoding="utf-8")
        manage("import_offices", str(offices), "--no-progress")
        manage("create_portal_user", "admin1", "--role", "admin", "--password", PASSWORD, "--email", "a@bpjs.id")
        for username, role, office in (
            ("verifikator1", "verifier", "KC-SKA"),
            ("penyetuju1", "approver", "KC-SKA"),
            ("penyetuju2", "approver", "KC-SKA"),
            ("petugas1", "registry_officer", "KP"),
            ("petugas2", "registry_officer", "KP"),
        ):
            manage("create_portal_user", username, "--role", role, "--office", office, "--password", PASSWORD)
        files = _registry_files(tmp_path)
        manage(
            "import_registry",
            "--employers",
            str(files["employers"]),
            "--participants",
            str(files["participants"]),
            "--contributions",
            str(files["contributions"]),
            "--user",
            "petugas1",
            "--approve-as",
            "petugas2",
            "--no-progress",
        )
        out = manage("shell", "-c", "from tests.standup_flow import main; main()")
        assert "STANDUP OK" in out
        manage("check_payout_ledger")  # exits non-zero when a month is unpaid or paid twice
    finally:
        Redis.from_url(redis_url).flushdb()
