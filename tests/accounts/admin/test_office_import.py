"""The back office's "Impor kantor (CSV)" page (jkp_portal/accounts/admin/office_import.py):
the administrator uploads an offices file from the offices list; every other
role and anonymous visitors are sent to the admin login and change nothing;
errors are shown line by line and nothing is saved."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jkp_portal.accounts.models import Office
from jkp_portal.audit.models import AuditEvent
from tests.accounts.test_office_import import HEAD, HEADER, JATENG, SOLO
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/accounts/office/impor/"
OTHER_ROLES = ("worker", "verifier", "approver", "supervisor", "registry_officer", "employer", "mediator", "konselor")


def upload(*rows, name="kantor.csv", data=None):
    content = data if data is not None else ("\n".join([HEADER, *rows]) + "\n").encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(roles=["admin"], username="adm.kantor"))
    return client


def test_the_page_has_its_url_and_is_linked_from_the_offices_list(admin_client):
    assert reverse("admin:accounts_office_import") == URL
    listing = admin_client.get(reverse("admin:accounts_office_changelist"))
    assert listing.status_code == 200 and f'href="{URL}"' in listing.content.decode()
    page = admin_client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="csv_file"' in html
    assert "code,name,kind,parent_code,regencies,address,phone" in html


def test_the_admin_imports_a_file_and_sees_the_counts(admin_client):
    response = admin_client.post(URL, {"csv_file": upload(HEAD, JATENG, SOLO)})
    assert response.status_code == 302 and response["Location"] == reverse("admin:accounts_office_changelist")
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["Impor kantor dari kantor.csv selesai: 3 kantor baru, 0 diubah, 0 tetap."]
    assert Office.objects.get(code="KC-SKA").regencies == ["33.72", "33.11", "33.13"]
    event = AuditEvent.objects.get(action="office_created", object_id=str(Office.objects.get(code="KP").pk))
    assert event.actor.username == "adm.kantor"
    # again, without KC-SKA: nothing changes, and KC-SKA is kept and named
    response = admin_client.post(URL, {"csv_file": upload(HEAD, JATENG)}, follow=True)
    html = response.content.decode()
    assert "0 kantor baru, 0 diubah, 2 tetap." in html
    assert "tetap disimpan (tidak dihapus): KC-SKA" in html
    assert Office.objects.filter(code="KC-SKA").exists()


def test_every_error_is_shown_with_its_line_and_column_and_nothing_is_saved(admin_client):
    rows = (HEAD, JATENG, SOLO, "KC-X,KC X,cabang-besar,KW-JTD,33.99,,0000", "KC-Y,KC Y,branch,KW-NONE,33.72,,")
    response = admin_client.post(URL, {"csv_file": upload(*rows, name="salah.csv")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "tidak ada kantor yang disimpan" in html
    assert "Kesalahan dalam salah.csv" in html
    table = html[html.index('id="office-import-errors"') :]
    for line, column, text in [
        (5, "kind", "jenis kantor cabang-besar tidak dikenal"),
        (5, "regencies", "Kabupaten/kota 33.99 tidak dikenal"),
        (5, "phone", "Nomor telepon tidak valid"),
        (6, "parent_code", "kantor induk KW-NONE tidak dikenal"),
        (6, "regencies", "sudah dicakup kantor cabang KC-SKA (baris 4)"),
    ]:
        assert f"<tr><td>{line}</td><td>{column}</td><td>" in table and text in table, (line, column, text)
    assert not Office.objects.exists()


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"code,name\nKP,Kantor Pusat\n", "Kolom wajib tidak ada"),
        (f"{HEADER}\nKP,Kantor Pusat \xe9,head,,,,\n".encode("latin-1"), "bukan teks UTF-8 yang valid (baris 2)"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_on_the_form(admin_client, data, text):
    response = admin_client.post(URL, {"csv_file": upload(data=data)})
    assert response.status_code == 200 and text in response.content.decode()
    assert not Office.objects.exists()


def test_no_file_asks_for_one(admin_client):
    response = admin_client.post(URL, {})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()


@pytest.mark.parametrize("role", [None, *OTHER_ROLES])
def test_every_other_role_and_anonymous_visitors_go_to_the_admin_login_and_change_nothing(role):
    client = Client()
    if role:
        client.force_login(UserFactory(roles=[role]))
    login = reverse("admin:login")
    for response in (client.get(URL), client.post(URL, {"csv_file": upload(HEAD, JATENG, SOLO)})):
        assert response.status_code == 302 and response["Location"].startswith(login)
    assert not Office.objects.exists()
