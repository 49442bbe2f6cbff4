"""Background registry imports (large files uploaded in the browser): staged here, applied on approval."""

from celery import shared_task
from django.core.files.storage import default_storage

from claims.models import RegistryImport


@shared_task(name="claims.registry_import_run")
def registry_import_run_task(import_id: int, storage_name: str, actor_id: int | None) -> None:
    """Stage a browser upload saved under ``storage_name``. Safe to run twice: an
    import that is no longer ``running`` is left alone."""
    from claims.services.registry import registry_import_run
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
