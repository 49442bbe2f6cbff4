"""System checks of the payout bank adapter (run by `manage.py check`,
runserver, migrate, and at start-up of the WSGI/ASGI application and the
Celery worker through jkp_portal.common.checks.refuse_to_start_if_misconfigured).

Outside development and test the adapter must be a real one (file exchange,
host-to-host or manual), never the simulated bank, and fully configured."""

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

SAFE_ENVIRONMENTS = ("development", "test")
REAL_BANKS = (
    "claims.payouts.bank_adapters.FileExchangeBank",
    "claims.payouts.bank_adapters.HostToHostBank",
)


@checks.register("jkp")
def check_bank_adapter(app_configs=None, **kwargs):
    path = getattr(settings, "PAYOUT_BANK_ADAPTER", "")
    environment = getattr(settings, "DJANGO_ENV", "production")
    hint = (
        "Set PAYOUT_BANK_ADAPTER to one of "
        + ", ".join(REAL_BANKS)
        + " with its settings (PAYOUT_BANK_OUTBOX/INBOX/ARCHIVE, or PAYOUT_BANK_H2H_URL and a key or client "
        "certificate); see docs/production-adapters.md."
    )
    if not path:
        return [checks.Error("PAYOUT_BANK_ADAPTER is not set: payouts have no bank.", hint=hint, id="jkp.E001")]
    try:
        adapter = import_string(path)
    except ImportError as exc:
        return [checks.Error(f"PAYOUT_BANK_ADAPTER {path!r} cannot be imported ({exc}).", hint=hint, id="jkp.E001")]
    if getattr(adapter, "simulated", False) and environment not in SAFE_ENVIRONMENTS:
        return [
            checks.Error(
                f"PAYOUT_BANK_ADAPTER is the simulated bank ({path}) in the {environment!r} environment: "
                "it would report every transfer as settled without moving any money.",
                hint=hint,
                id="jkp.E001",
            )
        ]
    return [
        checks.Error(f"{adapter.__name__}: {problem}.", hint=hint, id="jkp.E003")
        for problem in adapter.configuration_problems()
    ]
