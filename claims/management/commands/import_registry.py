"""python manage.py import_registry [--employers E.csv] [--participants P.csv] [--contributions C.csv]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.models import RegistryImport
from claims.services.registry import COLUMNS, registry_import_file
from jkp_portal.accounts.models import User

# Employers first: participants refer to them, contributions to participants.
ORDER = (RegistryImport.Kind.EMPLOYERS, RegistryImport.Kind.PARTICIPANTS, RegistryImport.Kind.CONTRIBUTIONS)
SHOWN_ERRORS = 20


class Command(BaseCommand):
    help = (
        "Import the BPJS core extract (UTF-8 CSV with a header row) into the registry. Rows are upserted by "
        "NPP / NIK / NIK+period; bad rows are reported with file, line and reason (and in an error report CSV) "
        "without stopping the good ones; an unreadable file imports nothing. Duplicate keys in one file: the "
        "last row wins, the earlier ones are reported."
    )

    def add_arguments(self, parser):
        for kind in ORDER:
            parser.add_argument(
                f"--{kind}", metavar=f"{kind[0].upper()}.csv", help=f"columns: {','.join(COLUMNS[kind])}"
            )
        parser.add_argument("--user", help="username recorded as the actor (default: the command itself)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        files = [(kind, options[kind]) for kind in ORDER if options.get(kind)]
        if not files:
            raise CommandError("nothing to import: give --employers, --participants and/or --contributions")
        actor = "manage.py import_registry"
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"unknown user {options['user']!r}")
        failed = []
        for kind, name in files:
            path = Path(name)
            size = path.stat().st_size if path.is_file() else None
            with tqdm(
                total=size,
                unit="B",
                unit_scale=True,
                desc=f"{kind} {path.name}",
                disable=options["no_progress"],
                file=self.stderr._out,
                leave=True,
            ) as bar:
                imp = registry_import_file(kind=kind, path=path, actor=actor, progress=bar.update)
            self._report(imp, path)
            if imp.status == RegistryImport.Status.FAILED:
                failed.append(imp)
                break  # later files depend on this one (participants on employers, ledgers on participants)
        if failed:
            raise CommandError(f"{failed[0].source_name}: {failed[0].message}")

    def _report(self, imp: RegistryImport, path: Path) -> None:
        if imp.status == RegistryImport.Status.FAILED:
            self.stderr.write(self.style.ERROR(f"{path}: TIDAK DIIMPOR — {imp.message}"))
            return
        style = self.style.SUCCESS if not imp.rows_rejected else self.style.WARNING
        self.stdout.write(style(f"{path}: {imp.message} (impor #{imp.pk})"))
        for error in imp.errors[:SHOWN_ERRORS]:
            self.stdout.write(f"  {path.name}:{error['line']}: {error['key']}: {error['reason']}")
        if imp.rows_rejected > SHOWN_ERRORS:
            self.stdout.write(f"  … dan {imp.rows_rejected - SHOWN_ERRORS} baris lain")
        if imp.error_report:
            self.stdout.write(f"  laporan kesalahan lengkap: {imp.error_report.path}")
