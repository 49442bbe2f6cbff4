"""Background work of the claim journey (thin tasks calling services)."""

from celery import shared_task

from jkp_portal.celery import crontab, register_periodic


@shared_task(name="claims.remind_claim_deadlines")
def remind_claim_deadlines() -> int:
    """Daily: remind workers whose unsubmitted draft nears its claim deadline (idempotent: once per claim)."""
    from claims.services.claims import claims_remind_deadlines

    return claims_remind_deadlines()


register_periodic("claims-remind-deadlines", "claims.remind_claim_deadlines", crontab(hour=8, minute=0))
