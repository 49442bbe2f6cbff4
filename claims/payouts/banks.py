"""The BPJS debtor account the benefits are paid from.

The banks the portal pays into are the one registry in ``claims.banks`` (the
claims core, which the wizard also reads); payouts import it from there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Debtor:
    name: str
    account: str
    bic: str


def debtor() -> Debtor:
    """The BPJS account the benefits are paid from (settings may override)."""
    return Debtor(
        name=getattr(settings, "PAYOUT_DEBTOR_NAME", "BPJS Ketenagakerjaan - Rekening Manfaat JKP"),
        account=getattr(settings, "PAYOUT_DEBTOR_ACCOUNT", "020601000123301"),
        bic=getattr(settings, "PAYOUT_DEBTOR_BIC", "BRINIDJA"),
    )
