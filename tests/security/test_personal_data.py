"""Personal data: NIKs and bank account numbers are masked in lists, shown in
full only on the pages of the staff who need them (and each such display is
logged), and bank account numbers are encrypted in the database."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from jkp_portal.audit.models import PersonalDataAccess
from tests.claims.claims_support import TODAY

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _raw(table, column, pk):
    with connection.cursor() as cur:
        cur.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608 - fixed names
        return cur.fetchone()[0]


def test_bank_account_numbers_are_encrypted_at_rest(world):
    """The raw database columns of claims and benefits never hold the account number."""
    a, _b, _problems = world
    claim = a.objects["claim"]
    raw = _raw(claim._meta.db_table, "bank_account_number", claim.pk)
    assert claim.bank_account_number and claim.bank_account_number not in raw
    claim.refresh_from_db()
    assert claim.bank_account_number.startswith("55501")  # and it decrypts back
    benefit = a.objects["benefit"]
    raw = _raw(benefit._meta.db_table, "bank_account_number", benefit.pk)
    assert benefit.bank_account_number and benefit.bank_account_number not in raw


@pytest.mark.parametrize(
    "role,url_name,params,lists_worker",
    [
        ("verifier", "claims:verifier_queue", {}, True),
        ("approver", "claims:approver_queue", {}, False),
        ("verifier", "claims:registry_search", {"q": "Rahasia"}, True),
        ("verifier", "registry-participants", {"q": "Rahasia"}, True),
        ("verifier", "api-claims", {}, False),
        ("approver", "payouts:batches", {}, False),
        ("approver", "payouts:payments", {}, False),
        ("mediator", "phk:mediator_queue", {}, False),
        ("konselor", "counseling:caseload", {}, False),
    ],
)
def test_lists_mask_nik_and_account_numbers(world, role, url_name, params, lists_worker):
    """No list page or list API shows a full NIK or a full bank account number
    of the office's own workers (who do appear on those lists)."""
    a, _b, _problems = world
    with time_machine.travel(TODAY, tick=False):
        r = _client(a.users[role]).get(reverse(url_name), params)
    assert r.status_code == 200, (url_name, r.status_code)
    text = r.content.decode()
    full = [a.objects["participant"].nik, a.objects["claim"].bank_account_number]
    if a.objects.get("benefit") is not None:
        full += [a.objects["client"].nik, a.objects["benefit"].bank_account_number]
    if lists_worker:  # the list really is about these workers
        assert a.objects["participant"].full_name in text
    shown = [value for value in full if value in text]
    assert not shown, f"{url_name} shows in full: {shown}"


def test_registry_participant_page_shows_full_nik_and_logs_it(world):
    """The registry participant page (staff who check eligibility need the full
    NIK) shows it, and each display is logged: who, which object, which fields, page."""
    a, _b, _problems = world
    participant = a.objects["participant"]
    verifier = a.users["verifier"]
    url = reverse("claims:registry_participant", kwargs={"pk": participant.pk})
    with time_machine.travel(TODAY, tick=False):
        r = _client(verifier).get(url)
        _client(verifier).get(url)
    assert r.status_code == 200
    assert participant.nik in r.content.decode()
    logs = list(PersonalDataAccess.objects.filter(object_id=str(participant.pk), user=verifier))
    assert len(logs) == 2
    assert logs[0].fields == ["nik"] and logs[0].purpose == url and logs[0].user_label == verifier.username


def test_phk_row_page_logs_full_nik_display(world):
    """The mediator's view of a reported worker shows the full NIK: logged."""
    a, _b, _problems = world
    row = a.objects["phk_row"]
    mediator = a.users["mediator"]
    with time_machine.travel(TODAY, tick=False):
        r = _client(mediator).get(reverse("phk:row_detail", kwargs={"pk": row.pk}))
    assert r.status_code == 200
    assert row.participant.nik in r.content.decode()
    assert PersonalDataAccess.objects.filter(user=mediator, object_id=str(row.participant_id), fields=["nik"]).exists()


def test_staff_of_another_office_cannot_read_a_participant_and_nothing_is_logged(world):
    """Out of scope: 404, and no access is logged (nothing was shown)."""
    a, b, _problems = world
    with time_machine.travel(TODAY, tick=False):
        r = _client(a.users["verifier"]).get(
            reverse("claims:registry_participant", kwargs={"pk": b.objects["participant"].pk})
        )
    assert r.status_code == 404
    assert not PersonalDataAccess.objects.exists()


def _logs_for(subject, user):
    return list(PersonalDataAccess.objects.filter(object_id=str(subject.pk), user=user))


@pytest.mark.parametrize(
    "role,url_name,subject_key,object_key,fields",
    [
        ("verifier", "registry-participant", "participant", "participant", {"nik", "phone", "email"}),
        ("verifier", "api-claim-detail", "participant", "claim", {"nik"}),
        ("supervisor", "api-claim-detail", "participant", "claim", {"nik"}),
        ("konselor", "api-counseling-case", "client", "case", {"nik"}),
        ("supervisor", "api-counseling-case", "client", "case", {"nik"}),
        ("verifier", "claims:staff_claim", "participant", "claim", {"nik"}),
        ("approver", "claims:staff_claim", "participant", "claim", {"nik"}),
    ],
)
def test_detail_views_showing_full_personal_data_log_one_access_each(
    world, role, url_name, subject_key, object_key, fields
):
    """Every API and page that shows a worker's full NIK (or contact data) to
    staff logs it: exactly one record per view and person, naming the fields."""
    a, _b, _problems = world
    subject, obj, user = a.objects[subject_key], a.objects[object_key], a.users[role]
    url = reverse(url_name, kwargs={"pk": obj.pk})
    with time_machine.travel(TODAY, tick=False):
        r = _client(user).get(url)
    assert r.status_code == 200, r.content[:300]
    assert subject.nik in r.content.decode()
    logs = _logs_for(subject, user)
    assert len(logs) == 1, [(log.fields, log.purpose) for log in logs]
    assert set(logs[0].fields) == fields and logs[0].purpose == url
    with time_machine.travel(TODAY, tick=False):
        _client(user).get(url)
    assert len(_logs_for(subject, user)) == 2  # each view is a record of its own


def test_worker_reading_own_claim_is_not_a_personal_data_access(world):
    """A worker seeing their own NIK is not staff access to someone's data: no record."""
    a, _b, _problems = world
    with time_machine.travel(TODAY, tick=False):
        r = _client(a.users["worker"]).get(reverse("api-claim-detail", kwargs={"pk": a.objects["claim"].pk}))
    assert r.status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_out_of_scope_api_detail_logs_nothing(world):
    """Asking for another office's claim, participant or case: 404 and nothing logged."""
    a, b, _problems = world
    with time_machine.travel(TODAY, tick=False):
        for role, name, key in (
            ("verifier", "registry-participant", "participant"),
            ("verifier", "api-claim-detail", "claim"),
            ("konselor", "api-counseling-case", "case"),
            ("verifier", "claims:staff_claim", "claim"),
        ):
            r = _client(a.users[role]).get(reverse(name, kwargs={"pk": b.objects[key].pk}))
            assert r.status_code in (403, 404), (name, r.status_code)
    assert not PersonalDataAccess.objects.exists()


def test_phk_api_row_and_report_log_full_nik_display(world):
    """The PHK API shows the mediator the workers' full NIKs, as the pages do: logged once per view."""
    a, _b, _problems = world
    row, mediator = a.objects["phk_row"], a.users["mediator"]
    with time_machine.travel(TODAY, tick=False):
        r = _client(mediator).get(reverse("api-phk-row", kwargs={"pk": row.pk}))
        assert r.status_code == 200 and row.participant.nik in r.content.decode()
        assert len(_logs_for(row.participant, mediator)) == 1
        r = _client(mediator).get(reverse("api-phk-report", kwargs={"pk": row.report_id}))
        assert r.status_code == 200 and row.participant.nik in r.content.decode()
        assert len(_logs_for(row.report, mediator)) == 1


def test_case_list_api_masks_nik(world):
    """The caseload list API masks the NIK (the case detail shows it, logged)."""
    a, _b, _problems = world
    with time_machine.travel(TODAY, tick=False):
        r = _client(a.users["konselor"]).get(reverse("api-counseling-cases"))
    assert r.status_code == 200
    assert a.objects["client"].full_name in r.content.decode()
    assert a.objects["client"].nik not in r.content.decode()
    assert not PersonalDataAccess.objects.exists()
