"""manage.py import_offices: a progress bar over the rows, the counts, every
error with its line and column, exit status 1 and nothing saved on errors."""

import io

import pytest
from django.core.management import CommandError, call_command

from jkp_portal.accounts.models import Office
from jkp_portal.audit.models import AuditEvent
from tests.accounts.test_office_import import HEAD, HEADER, JATENG, SOLO
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def write(tmp_path, *rows, name="kantor.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def import_offices(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_offices", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_shows_progress_and_counts_and_a_second_run_changes_nothing(tmp_path):
    path = write(tmp_path, HEAD, JATENG, SOLO)
    out, err = import_offices(path)
    assert "3 kantor baru, 0 diubah, 0 tetap." in out
    assert "baru: KP, KW-JTD, KC-SKA" in out
    assert "kantor.csv: 100%" in err and "3/3" in err  # the progress bar, on stderr
    assert Office.objects.count() == 3
    event = AuditEvent.objects.filter(action="office_created").first()
    assert event.actor_label == "manage.py import_offices"
    out, _err = import_offices(path, "--no-progress")
    assert "0 kantor baru, 0 diubah, 3 tetap." in out


def test_offices_missing_from_the_file_are_listed_not_deleted(tmp_path):
    import_offices(write(tmp_path, HEAD, JATENG, SOLO), "--no-progress")
    out, _err = import_offices(write(tmp_path, HEAD, JATENG, name="tanpa-solo.csv"), "--no-progress")
    assert "tidak ada di berkas (tetap disimpan): KC-SKA" in out
    assert Office.objects.filter(code="KC-SKA").exists()


def test_errors_are_printed_with_line_and_column_and_the_command_fails_saving_nothing(tmp_path):
    path = write(tmp_path, HEAD, JATENG, SOLO, "KC-X,KC X,branch,KW-NONE,33.99,,0000")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_offices", str(path), "--no-progress", stdout=io.StringIO(), stderr=err)
    assert "tidak ada kantor yang disimpan" in str(caught.value)
    assert caught.value.returncode == 1  # manage.py exits with it
    lines = err.getvalue().splitlines()
    assert any(line.startswith("  kantor.csv:5: regencies: Kabupaten/kota 33.99 tidak dikenal") for line in lines)
    assert any(line.startswith("  kantor.csv:5: phone: 0000: Nomor telepon tidak valid") for line in lines)
    assert any(line.startswith("  kantor.csv:5: parent_code: kantor induk KW-NONE tidak dikenal") for line in lines)
    assert not Office.objects.exists()


def test_an_unreadable_or_missing_file_fails_with_one_message(tmp_path):
    with pytest.raises(CommandError, match="tidak dapat dibuka"):
        import_offices(tmp_path / "tidak-ada.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\nKP,Kantor Pusat\n")
    with pytest.raises(CommandError, match="Kolom wajib tidak ada"):
        import_offices(bad)


def test_user_names_an_administrator_in_the_audit_trail(tmp_path):
    admin = UserFactory(roles=["admin"], username="adm.kantor")
    import_offices(write(tmp_path, HEAD), "--user", "adm.kantor", "--no-progress")
    assert AuditEvent.objects.get(action="office_created").actor == admin
    UserFactory(roles=["verifier"], username="ver.kantor")
    with pytest.raises(CommandError, match="not an active administrator"):
        import_offices(write(tmp_path, HEAD), "--user", "ver.kantor")
