"""python manage.py approve_registry_import ID --user OFFICER [--reject REASON | --cancel]"""

from django.core.management.base import BaseCommand, CommandError

from claims.models import RegistryImport
from claims.services.registry.decisions import registry_import_approve, registry_import_cancel, registry_import_reject
from jkp_portal.common.exceptions import ApplicationError

from .import_registry import officer


class Command(BaseCommand):
    help = (
        "Decide a staged registry import as a second registry officer (same or higher office, never the "
        "uploader): approve and apply it (default), --reject it, or --cancel it (the uploader only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("import_id", type=int)
        parser.add_argument("--user", required=True, help="the registry officer who decides")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--reject", metavar="REASON", help="refuse the import; nothing is applied")
        action.add_argument("--cancel", action="store_true", help="withdraw one's own staged import")

    def handle(self, *args, **options):
        user = officer(options["user"])
        imp = RegistryImport.objects.filter(pk=options["import_id"]).first()
        if imp is None:
            raise CommandError(f"no registry import #{options['import_id']}")
        try:
            if options["reject"] is not None:
                imp = registry_import_reject(registry_import=imp, actor=user, reason=options["reject"])
            elif options["cancel"]:
                imp = registry_import_cancel(registry_import=imp, actor=user)
            else:
                imp = registry_import_approve(registry_import=imp, actor=user)
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(self.style.SUCCESS(f"impor #{imp.pk} ({imp.source_name}): {imp.get_status_display()}"))
