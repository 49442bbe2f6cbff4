"""Background work of the claims app (thin tasks calling services): the claim journey's
reminders and the registry imports uploaded in the browser (staged here, applied on approval).
Found by Celery's autodiscovery of each app's ``tasks`` module."""

from celery import shared_task
from django.core.files.storage import default_storage

from claims.models import RegistryImport
from jkp_portal.celery import crontab, register_periodic


@shared_task(name="claims.remind_claim_deadlines")
def remind_claim_deadlines() -> int:
    """Daily: remind workers whose unsubmitted draft nears its claim deadline (idempotent: once per claim)."""
    from claims.services.reminders import claims_remind_deadlines

    return claims_remind_deadlines()


register_periodic("claims-remind-deadlines", "claims.remind_claim_deadlines", crontab(hour=8, minute=0))


@shared_task(name="claims.registry_import_run")
def registry_import_run_task(import_id: int, storage_name: str, actor_id: int | None) -> None:
    """Stage a browser upload saved under ``storage_name``. Safe to run twice: an
    import that is no longer ``running`` is left alone."""
    from claims.services.registry.staging import registry_import_run
    from jkp_portal.accounts.models import User

    imp = RegistryImport.objects.filter(pk=import_id, status=RegistryImport.Status.RUNNING).first()
    if imp is None:
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        with default_storage.open(storage_name, "rb") as source:
            registry_import_run(registry_import=imp, source=source, actor=actor or "celery:registry_import")
    finally:
        default_storage.delete(storage_name)
