from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jkp_portal.accounts import regions
from jkp_portal.accounts.region_loading import load_regions


class Command(BaseCommand):
    help = (
        "Load or update provinces and regencies/cities (Kemendagri codes) from the idn-area-data files: "
        "the copy shipped with the portal, or --source DIR holding provinces.csv and regencies.csv of a newer release."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=Path, default=regions.DATA_DIR, help="folder with provinces.csv and regencies.csv"
        )

    def handle(self, *args, **opts):
        source: Path = opts["source"]
        for name in ("provinces.csv", "regencies.csv"):
            if not (source / name).is_file():
                raise CommandError(f"{source / name} tidak ditemukan.")
        try:
            result = load_regions(source=source, actor="manage.py load_regions")
        except ValueError as exc:
            raise CommandError(f"{exc} Tidak ada yang diubah.") from exc
        self.stdout.write(
            f"provinsi: {result.provinces_added} baru, {result.provinces_renamed} berganti nama; "
            f"kabupaten/kota: {result.regencies_added} baru, {result.regencies_renamed} berganti nama"
        )
        if result.missing:
            self.stdout.write(
                self.style.WARNING(
                    "Kode di basis data yang tidak ada lagi di berkas (tetap disimpan, periksa): "
                    + ", ".join(result.missing)
                )
            )
