"""System check of the inbound SMS (claim status by SMS, claims/services/sms_status.py).

Outside development and test the provider's callback must be signed with a
secret the portal knows: without ``SMS_INBOUND_SECRET`` the webhook refuses
every callback, so a worker who texts the number printed on the receipt
(``SMS_INBOUND_NUMBER``) would never get an answer."""

from django.conf import settings
from django.core import checks

from jkp_portal.common.checks import SAFE_ENVIRONMENTS

MIN_SECRET_LENGTH = 32
HINT = (
    "Set SMS_INBOUND_SECRET to a random string of 32 or more characters, the same one the SMS provider signs "
    "its inbound callbacks with (HMAC-SHA256); see docs/production-adapters.md."
)


@checks.register("jkp")
def check_sms_inbound(app_configs=None, **kwargs):
    if getattr(settings, "DJANGO_ENV", "production") in SAFE_ENVIRONMENTS:
        return []
    secret = getattr(settings, "SMS_INBOUND_SECRET", "")
    number = getattr(settings, "SMS_INBOUND_NUMBER", "")
    if secret and len(secret) < MIN_SECRET_LENGTH:
        return [
            checks.Error(
                f"SMS_INBOUND_SECRET is shorter than {MIN_SECRET_LENGTH} characters: callbacks could be forged.",
                hint=HINT,
                id="jkp.E005",
            )
        ]
    if secret:
        return []
    if number:
        return [
            checks.Error(
                "SMS_INBOUND_SECRET is not set while SMS_INBOUND_NUMBER is: receipts tell workers to text that "
                "number, and the portal would refuse every message the provider hands over.",
                hint=HINT,
                id="jkp.E005",
            )
        ]
    return [
        checks.Warning(
            "SMS_INBOUND_SECRET is not set: claim status by SMS is off (the inbound webhook refuses every callback).",
            hint=HINT,
            id="jkp.W005",
        )
    ]
