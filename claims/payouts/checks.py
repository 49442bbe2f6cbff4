"""System checks of the payout bank adapter (run by `manage.py check`,
runserver, migrate, and at start-up of the WSGI/ASGI application and the
Celery worker through jkp_portal.common.checks.refuse_to_start_if_misconfigured).

Outside development and test the adapter must be a real one (file exchange,
host-to-host or manual), never the simulated bank, and fully configured."""

from django.core import checks

from jkp_portal.common.checks import adapter_errors

REAL_BANKS = (
    "claims.payouts.bank_adapters.FileExchangeBank",
    "claims.payouts.bank_adapters.HostToHostBank",
)


@checks.register("jkp")
def check_bank_adapter(app_configs=None, **kwargs):
    return adapter_errors(
        setting="PAYOUT_BANK_ADAPTER",
        unset="payouts have no bank",
        simulated_harm="the simulated bank would report every transfer as settled without moving any money",
        hint=(
            "Set PAYOUT_BANK_ADAPTER to one of "
            + ", ".join(REAL_BANKS)
            + " with its settings (PAYOUT_BANK_OUTBOX/INBOX/ARCHIVE, or PAYOUT_BANK_H2H_URL and a key or client "
            "certificate); see docs/production-adapters.md."
        ),
        ids=("jkp.E001", "jkp.E003"),
    )
