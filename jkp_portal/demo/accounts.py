"""Demo offices and staff accounts (idempotent)."""

from base64 import b32decode
from pathlib import Path

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from jkp_portal.accounts.models import User
from jkp_portal.accounts.office_import import offices_import_file
from jkp_portal.accounts.second_factor import TOTP_DEVICE_NAME
from jkp_portal.accounts.services import user_create

DEMO_PASSWORD = "Demo-JKP-2025"
# The authenticator secret of every demo account that needs a second factor
# (development and tests only): add it once to an authenticator app, or run
# `oathtool --totp -b <secret>`, to sign in as any demo approver/supervisor/admin.
DEMO_OTP_SECRET = "JKPDEMOJKPDEMOJKPDEMOJKPDEMOJKPD"

# The demo offices (codes, names, parents, coverage, addresses, telephones), loaded
# through the same import as ``manage.py import_offices`` and the back office.
OFFICES_CSV = Path(__file__).resolve().parent / "data" / "offices.csv"

# username, roles, office, description (shown by `make run` and the README)
STAFF = [
    ("admin", ["admin"], None, "administrator (back office, everything)"),
    ("verifikator.solo", ["verifier"], "KC-SKA", "verifier, KC Surakarta"),
    ("penyetuju.solo", ["approver"], "KC-SKA", "approver, KC Surakarta"),
    ("verifikator.bpn", ["verifier"], "KC-BPN", "verifier, KC Balikpapan"),
    ("penyetuju.bpn", ["approver"], "KC-BPN", "approver, KC Balikpapan"),
    ("kepala.solo", ["supervisor", "approver"], "KC-SKA", "branch head KC Surakarta (supervisor + approver)"),
    ("kakanwil.jateng", ["supervisor"], "KW-JTD", "regional head Jawa Tengah & DIY"),
    ("kakanwil.kalimantan", ["supervisor"], "KW-KAL", "regional head Kalimantan"),
    ("direksi", ["supervisor"], "KP", "national supervisor (head office)"),
    ("petugas.registri", ["registry_officer"], "KC-SKA", "registry officer, KC Surakarta (stages registry imports)"),
    (
        "petugas.layanan",
        ["service_officer"],
        "KC-SKA",
        "service officer, KC Surakarta (assisted filing at the desk, also at the Disnaker desk)",
    ),
    (
        "petugas.registri.jateng",
        ["registry_officer"],
        "KW-JTD",
        "registry officer, Kanwil Jawa Tengah & DIY (approves KC Surakarta's registry imports)",
    ),
]


def load(stdout) -> list[tuple[str, str, str]]:
    offices = offices_import_file(source=OFFICES_CSV, actor="demo-data")
    logins = []
    for username, roles, office_code, description in STAFF:
        if not User.objects.filter(username=username).exists():
            first, _, last = description.partition(",")
            user_create(
                username=username,
                password=DEMO_PASSWORD,
                roles=roles,
                email=f"{username}@bpjs-demo.id",
                first_name=username.split(".")[0].capitalize(),
                last_name=(username.split(".")[1].capitalize() if "." in username else ""),
                office_code=office_code,
                actor="demo-data",
            )
        logins.append((username, DEMO_PASSWORD, description))
    listed = len(offices.created) + len(offices.updated) + len(offices.unchanged)
    stdout.write(f"  offices: {listed}, staff accounts: {len(STAFF)}")
    if settings.DJANGO_ENV in ("development", "test"):
        enrolled = _enrol_demo_second_factor([username for username, *_rest in STAFF])
        stdout.write(f"  demo authenticators enrolled: {enrolled}")
        logins.append(
            (
                "(2FA key)",
                DEMO_OTP_SECRET,
                "authenticator (TOTP) secret of the demo approvers, supervisors, registry officers and admin: add it once to an app",
            )
        )
    return logins


def _enrol_demo_second_factor(usernames: list[str]) -> int:
    """Give the demo accounts that need a second factor a confirmed TOTP device
    with the shared demo secret, so one entry in an authenticator app serves
    them all. Accounts that already have one keep it."""
    key = b32decode(DEMO_OTP_SECRET).hex()
    users = User.objects.filter(username__in=usernames, roles__overlap=settings.OTP_REQUIRED_ROLES).exclude(
        totpdevice__confirmed=True
    )
    devices = [TOTPDevice(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True) for user in users]
    TOTPDevice.objects.bulk_create(devices)
    return len(devices)
