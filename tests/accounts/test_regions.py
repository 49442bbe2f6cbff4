"""Provinces and regencies by Kemendagri code: names, the resolver, the NIK's
regency, and loading a newer release of the idn-area-data files."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from jkp_portal.accounts import regions
from jkp_portal.accounts.models import Province, Regency
from jkp_portal.accounts.region_loading import load_regions
from jkp_portal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_shipped_data_is_loaded_by_the_migration():
    assert Province.objects.count() == 38 and Regency.objects.count() == 514
    assert regions.province_name("33") == "Jawa Tengah"
    assert regions.regency_name("33.72") == "Kota Surakarta"
    assert regions.regency_label("33.72") == "Kota Surakarta (33.72)"
    assert regions.area_name("64") == "Kalimantan Timur" and regions.area_name("64.71") == "Kota Balikpapan"


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("33.72", "33.72"),
        ("Kota Surakarta", "33.72"),
        ("  kota   SURAKARTA ", "33.72"),
        ("Kab. Sukoharjo", "33.11"),
        ("Sukoharjo", "33.11"),  # a bare name that only one regency has
        ("Kota Jakarta Pusat", "31.71"),  # "Administrasi" may be left out
        ("Bandung", None),  # Kota Bandung or Kabupaten Bandung: never guessed
        ("Atlantis", None),
        ("", None),
    ],
)
def test_a_name_resolves_only_when_it_names_exactly_one_regency(given, code):
    assert regions.resolve_regency(given) == code


def test_clean_regency_says_what_is_wrong_in_indonesian():
    assert regions.clean_regency("Kota Surakarta", province_code="33") == "33.72"
    assert regions.clean_regency("") == ""
    with pytest.raises(ValueError, match="wajib"):
        regions.clean_regency("", required=True)
    with pytest.raises(ValueError, match="tidak dikenal"):
        regions.clean_regency("Bandung")
    with pytest.raises(ValueError, match="tidak berada di provinsi Kalimantan Timur"):
        regions.clean_regency("33.72", province_code="64")


def test_the_nik_names_its_regency_of_issue():
    assert regions.regency_for_nik("3372010505900001") == "33.72"
    assert regions.regency_for_nik("9999010505900001") == ""
    assert regions.regency_for_nik("") == ""


def test_a_newer_release_adds_and_renames_and_never_deletes(tmp_path):
    source = tmp_path / "data"
    shutil.copytree(regions.DATA_DIR, source)
    regencies = (source / "regencies.csv").read_text(encoding="utf-8").splitlines()
    regencies = [line for line in regencies if not line.startswith("33.11,")]  # dropped from the new release
    regencies = [line.replace("33.72,33,Kota Surakarta", "33.72,33,Kota Surakarta Hadiningrat") for line in regencies]
    regencies.append("33.99,33,Kabupaten Baru")
    (source / "regencies.csv").write_text("\n".join(regencies) + "\n", encoding="utf-8")

    events = AuditEvent.objects.filter(action="regions_loaded")
    before = events.count()
    result = load_regions(source=source, actor="test")
    assert (result.regencies_added, result.regencies_renamed, result.missing) == (1, 1, ["33.11"])
    assert Regency.objects.filter(code="33.11").exists()  # kept: data may point at it
    assert Regency.objects.get(code="33.72").name == "Kota Surakarta Hadiningrat"
    assert events.count() == before + 1
    again = load_regions(source=source, actor="test")
    assert not again.changed and events.count() == before + 2  # the code still missing is reported again


def test_a_bad_file_changes_nothing(tmp_path, capsys):
    source = tmp_path / "data"
    shutil.copytree(regions.DATA_DIR, source)
    with open(source / "regencies.csv", "a", encoding="utf-8") as handle:
        handle.write("3399,33,Tanpa Titik\n")
    with pytest.raises(CommandError, match="baris 516"):
        call_command("load_regions", "--source", str(source))
    assert Regency.objects.count() == 514
    call_command("load_regions")
    assert "0 baru" in capsys.readouterr().out
