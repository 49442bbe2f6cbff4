"""Demo offices and staff accounts (idempotent)."""

from base64 import b32decode

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from jkp_portal.accounts.models import Office, User
from jkp_portal.accounts.second_factor import TOTP_DEVICE_NAME
from jkp_portal.accounts.services import user_create

DEMO_PASSWORD = "Demo-JKP-2025"
# The authenticator secret of every demo account that needs a second factor
# (development and tests only): add it once to an authenticator app, or run
# `oathtool --totp -b <secret>`, to sign in as any demo approver/supervisor/admin.
DEMO_OTP_SECRET = "JKPDEMOJKPDEMOJKPDEMOJKPDEMOJKPD"

# code, name, kind, parent code, provinces, regencies
OFFICES = [
    ("KP", "Kantor Pusat BPJS Ketenagakerjaan", "head", None, [], []),
    ("KW-JTD", "Kanwil Jawa Tengah & DIY", "regional", "KP", ["33", "34"], []),
    ("KW-KAL", "Kanwil Kalimantan", "regional", "KP", ["61", "62", "63", "64", "65"], []),
    ("KW-DKI", "Kanwil DKI Jakarta", "regional", "KP", ["31"], []),
    ("KW-BTN", "Kanwil Banten", "regional", "KP", ["36"], []),
    ("KW-JBR", "Kanwil Jawa Barat", "regional", "KP", ["32"], []),
    ("KW-JTM", "Kanwil Jawa Timur", "regional", "KP", ["35"], []),
    (
        "KC-SKA",
        "KC Surakarta",
        "branch",
        "KW-JTD",
        ["33"],
        ["33.72", "33.11", "33.13"],
    ),
    (
        "KC-SMG",
        "KC Semarang Majapahit",
        "branch",
        "KW-JTD",
        ["33"],
        ["33.74", "33.24", "33.21"],
    ),
    (
        "KC-YOG",
        "KC Yogyakarta",
        "branch",
        "KW-JTD",
        ["34"],
        ["34.71", "34.04", "34.02"],
    ),
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
        "petugas.registri.jateng",
        ["registry_officer"],
        "KW-JTD",
        "registry officer, Kanwil Jawa Tengah & DIY (approves KC Surakarta's registry imports)",
    ),
]


def load(stdout) -> list[tuple[str, str, str]]:
    by_code = {}
    for code, name, kind, parent, provinces, regencies in OFFICES:
        office, _ = Office.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "parent": by_code.get(parent),
                "province_codes": provinces,
                "regencies": regencies,
            },
        )
        by_code[code] = office
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
    stdout.write(f"  offices: {len(OFFICES)}, staff accounts: {len(STAFF)}")
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
