"""python manage.py import_offices OFFICES.csv [--user ADMIN] [--no-progress]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jkp_portal.accounts.models import User
from jkp_portal.accounts.office_import import COLUMNS, OfficeImportInvalid, offices_csv_read, offices_import
from jkp_portal.accounts.roles import Role
from jkp_portal.common.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Create or update the BPJS offices from a CSV file (UTF-8, header row; columns "
        f"{','.join(COLUMNS)}). kind: head, regional or branch; parent_code: the head office for a regional "
        "office, a regional office for a branch; regencies: Kemendagri codes (33.72) or official names separated "
        "by ';' (a regional office may give 2-digit province codes); phone: stored as +62... . Every row is "
        "checked first: if any row is wrong nothing is saved and every error is printed with its line and column "
        "(exit status 1). Importing the same file again changes nothing; offices missing from the file are kept "
        "and listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", metavar="OFFICES.csv", help=f"columns: {','.join(COLUMNS)}")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="the administrator named in the audit trail (default: 'manage.py import_offices')",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        actor = "manage.py import_offices"
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None or not actor.has_role(Role.ADMIN):
                raise CommandError(f"{options['user']!r} is not an active administrator (role admin)")
        path = Path(options["csv_file"])
        try:
            office_file = offices_csv_read(path)
        except ApplicationError as exc:
            raise CommandError(f"{path}: {exc.message} Tidak ada yang disimpan.") from exc
        try:
            with tqdm(
                total=len(office_file.rows),
                unit=" baris",
                desc=path.name,
                disable=options["no_progress"],
                file=self.stderr._out,
                leave=True,
            ) as bar:
                result = offices_import(
                    office_file=office_file, actor=actor, source_name=path.name, progress=bar.update
                )
        except OfficeImportInvalid as exc:
            for error in exc.row_errors:
                self.stderr.write(f"  {path.name}:{error.line}: {error.column or '-'}: {error.message}")
            raise CommandError(f"{path}: {exc.message}") from exc
        self.stdout.write(self.style.SUCCESS(f"{path}: {result.summary}"))
        for label, codes in (("baru", result.created), ("diubah", result.updated)):
            if codes:
                self.stdout.write(f"  {label}: {', '.join(codes)}")
        if result.not_in_file:
            self.stdout.write(
                self.style.WARNING(f"  tidak ada di berkas (tetap disimpan): {', '.join(result.not_in_file)}")
            )
