"""python manage.py import_registry --user OFFICER [--approve-as OFFICER2] [--employers E.csv] [--participants P.csv]
[--contributions C.csv]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.models import RegistryImport
from claims.services.registry.decisions import registry_import_approve
from claims.services.registry.files import COLUMNS, OPTIONAL_COLUMNS
from claims.services.registry.staging import registry_import_file
from jkp_portal.accounts.models import User
from jkp_portal.common.exceptions import ApplicationError

# Employers first: participants refer to them, contributions to participants.
ORDER = (RegistryImport.Kind.EMPLOYERS, RegistryImport.Kind.PARTICIPANTS, RegistryImport.Kind.CONTRIBUTIONS)
SHOWN_ERRORS = 20
NOTES = {
    RegistryImport.Kind.EMPLOYERS: " (sector: KBLI 2020 section letter A-U, or a 5-digit KBLI 2020 code whose "
    "first two digits give the section, or empty when not known)",
}


def officer(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).select_related("office").first()
    if user is None:
        raise CommandError(f"unknown user {username!r}")
    if not user.has_role("registry_officer"):
        raise CommandError(f"{username} is not a registry officer (role registry_officer)")
    return user


class Command(BaseCommand):
    help = (
        "Stage the BPJS core extract (UTF-8 CSV with a header row) for the registry, as the registry officer "
        "--user: rows outside the officer's office scope are refused, new and changed rows are staged with their "
        "diff and the eligibility flips; nothing changes until a second officer approves (--approve-as here, "
        "or `manage.py approve_registry_import ID --user OTHER`, or the import page). Rows are keyed by "
        "NPP / NIK / NIK+period; bad rows are reported with file, line and reason (and in an error report CSV) "
        "without stopping the good ones; an unreadable file stages nothing. Duplicate keys in one file: the "
        "last row wins, the earlier ones are reported."
    )

    def add_arguments(self, parser):
        for kind in ORDER:
            parser.add_argument(
                f"--{kind}",
                metavar=f"{kind[0].upper()}.csv",
                help=f"columns: {','.join(COLUMNS[kind])}"
                + "".join(f" [,{c}]" for c in OPTIONAL_COLUMNS.get(kind, ()))
                + NOTES.get(kind, ""),
            )
        parser.add_argument("--user", help="the registry officer who uploads (required)")
        parser.add_argument(
            "--approve-as",
            metavar="USERNAME",
            help="a second registry officer (same or higher office) who approves each staged file at once; "
            "required when several files are given, since participants need their employers applied first",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        files = [(kind, options[kind]) for kind in ORDER if options.get(kind)]
        if not files:
            raise CommandError("nothing to import: give --employers, --participants and/or --contributions")
        if not options["user"]:
            raise CommandError("give --user: the registry officer who stages the import")
        actor = officer(options["user"])
        approver = officer(options["approve_as"]) if options["approve_as"] else None
        if len(files) > 1 and approver is None:
            raise CommandError(
                "several files depend on each other: give --approve-as, or stage and approve one file at a time"
            )
        for kind, name in files:
            path = Path(name)
            size = path.stat().st_size if path.is_file() else None
            try:
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
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            self._report(imp, path)
            if imp.status == RegistryImport.Status.FAILED:
                # later files depend on this one (participants on employers, ledgers on participants)
                raise CommandError(f"{imp.source_name}: {imp.message}")
            if approver is not None:
                try:
                    registry_import_approve(registry_import=imp, actor=approver)
                except ApplicationError as exc:
                    raise CommandError(f"{imp.source_name}: {exc.message}") from exc
                self.stdout.write(self.style.SUCCESS(f"  disetujui oleh {approver.username} dan diterapkan"))
            else:
                self.stdout.write(
                    f"  menunggu persetujuan: manage.py approve_registry_import {imp.pk} --user PETUGAS_LAIN"
                )

    def _report(self, imp: RegistryImport, path: Path) -> None:
        if imp.status == RegistryImport.Status.FAILED:
            self.stderr.write(self.style.ERROR(f"{path}: TIDAK DIIMPOR — {imp.message}"))
            return
        style = self.style.SUCCESS if not imp.rows_rejected else self.style.WARNING
        self.stdout.write(style(f"{path}: {imp.message} (impor #{imp.pk})"))
        if imp.flips:
            self.stdout.write(self.style.WARNING(f"  kelayakan berubah untuk {imp.flips} peserta"))
        for error in imp.errors[:SHOWN_ERRORS]:
            self.stdout.write(f"  {path.name}:{error['line']}: {error['key']}: {error['reason']}")
        if imp.rows_rejected > SHOWN_ERRORS:
            self.stdout.write(f"  … dan {imp.rows_rejected - SHOWN_ERRORS} baris lain")
        if imp.error_report:
            self.stdout.write(f"  laporan kesalahan lengkap: {imp.error_report.path}")
