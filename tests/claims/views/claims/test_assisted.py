"""The service desk in the browser: search by NIK, KTP check, consent, the
wizard filled by the officer with the worker, and what staff and the worker
see afterwards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import AssistedSession, Claim, ClaimStatus
from jkp_portal.audit.models import PersonalDataAccess
from tests.claims.assisted_support import assisted_draft, fill_and_submit, make_officer, open_session
from tests.claims.claims_support import PHK_DATE, code_sent_to, make_participant, upload_file
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def officer(office):
    return make_officer(office, username="rina.loket")


@pytest.fixture
def desk_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def walk_in(office):
    return make_participant(office, full_name="Wagiman Sukarjo", phone="", email="")


def test_officer_lands_on_the_desk_and_sees_it_in_the_menu(desk_client):
    response = desk_client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("claims:assisted_desk")
    page = text(desk_client.get(reverse("claims:assisted_desk")))
    assert "Meja layanan" in page
    assert reverse("claims:registry_search") not in page  # no registry browsing for a desk officer


@pytest.mark.parametrize("role", ["worker", "verifier", "approver", "supervisor", "registry_officer"])
def test_other_roles_get_no_desk(client, office, role):
    client.force_login(UserFactory(roles=[role], office=office))
    assert client.get(reverse("claims:assisted_desk")).status_code == 403


def test_search_shows_the_registry_identity_in_full_and_logs_it(desk_client, walk_in, officer):
    response = desk_client.get(reverse("claims:assisted_desk"), {"nik": walk_in.nik})
    page = text(response)
    assert walk_in.full_name in page and walk_in.nik in page
    assert walk_in.birth_date.strftime("%Y") in page
    assert 'data-testid="desk-check"' in page
    access = PersonalDataAccess.objects.get(user=officer, object_id=str(walk_in.pk))
    assert set(access.fields) == {"nik", "full_name", "birth_date"}


def test_unknown_nik_is_said_on_the_search_form(desk_client):
    page = text(desk_client.get(reverse("claims:assisted_desk"), {"nik": "3372010101900009"}))
    assert "tidak ada di registri" in page
    assert 'data-testid="desk-check"' not in page
    assert not PersonalDataAccess.objects.exists()


def test_a_ktp_number_that_differs_opens_nothing_and_keeps_what_was_typed(desk_client, walk_in):
    typed = walk_in.nik[:-1] + ("3" if walk_in.nik[-1] != "3" else "4")
    response = desk_client.post(
        reverse("claims:assisted_desk"),
        {"nik": walk_in.nik, "ktp_nik": typed, "desk": "Loket 3", "identity_confirmed": "on"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "NIK pada KTP berbeda" in page and typed in page and "Loket 3" in page
    assert not AssistedSession.objects.exists()


def test_the_whole_desk_journey_with_a_signed_form(desk_client, walk_in, officer, staff):
    response = desk_client.post(
        reverse("claims:assisted_desk"),
        {"nik": walk_in.nik, "ktp_nik": walk_in.nik, "desk": "Loket 2, KC Web", "identity_confirmed": "on"},
    )
    session = AssistedSession.objects.get()
    assert response["Location"] == reverse("claims:assisted_session", args=[session.pk])
    page = text(desk_client.get(response["Location"]))
    assert 'data-testid="send-code"' not in page  # no mobile on file: the form only

    # Nothing can be filed before the consent.
    response = desk_client.post(reverse("claims:assisted_claim_open", args=[session.pk]), {"key": "k1"})
    assert not Claim.objects.exists()

    response = desk_client.post(
        reverse("claims:assisted_consent_form", args=[session.pk]), {"file": upload_file("setuju.pdf")}
    )
    assert response.status_code == 302
    response = desk_client.post(reverse("claims:assisted_claim_open", args=[session.pk]), {"key": "k1"})
    claim = Claim.objects.get()
    assert response["Location"] == reverse("claims:assisted_step", args=[session.pk, "phk"])

    step = lambda name: reverse("claims:assisted_step", args=[session.pk, name])  # noqa: E731
    page = text(desk_client.get(step("phk")))
    assert 'data-testid="assisted-banner"' in page and "Wagiman Sukarjo" in page
    assert reverse("claims:claim_step", args=[claim.pk, "bukti"]) not in page  # the desk's links only
    assert step("bukti") in page
    r = desk_client.post(step("phk"), {"phk_date": PHK_DATE.isoformat(), "phk_reason": "efficiency"})
    assert r["Location"] == step("bukti")
    r = desk_client.post(step("bukti"), {"proof_type": "uncontested"})
    assert r.status_code == 302
    upload = reverse("claims:assisted_document_upload", args=[session.pk])
    assert upload in text(desk_client.get(step("bukti")))
    for kind in ("phk_letter", "no_objection", "disnaker_receipt"):
        r = desk_client.post(upload, {"kind": kind, "file": upload_file(f"{kind}.pdf")})
        assert r.status_code == 302
    r = desk_client.post(
        step("rekening"),
        {"bank_name": "BRI", "bank_account_number": "0123456789012", "bank_account_holder": "Wagiman Sukarjo"},
    )
    assert r["Location"] == step("komitmen")
    assert "di hadapan saya" in text(desk_client.get(step("komitmen")))
    r = desk_client.post(step("komitmen"), {"kapk_signed": "on"})
    assert r["Location"] == step("tinjau")
    r = desk_client.post(reverse("claims:assisted_submit", args=[session.pk]))
    assert r["Location"] == reverse("claims:assisted_session", args=[session.pk])
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.assisted_by == officer
    assert claim.kapk_attested_by == officer
    page = text(desk_client.get(r["Location"]))
    assert "Diajukan dengan bantuan petugas Rina Layanan" in page and 'data-testid="receipt-link"' in page
    # The officer prints the receipt for the worker: it says who helped, where.
    receipt = desk_client.get(reverse("claims:claim_receipt", args=[claim.pk]))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    printed = " ".join((p.extract_text() or "") for p in PdfReader(BytesIO(receipt.content)).pages)
    assert "Rina Layanan" in " ".join(printed.split())

    # Staff of the office see who helped, where, and the consent form.
    desk_client.force_login(staff.verifier)
    page = text(desk_client.get(reverse("claims:staff_claim", args=[claim.pk])))
    assert "Diajukan dengan bantuan petugas Rina Layanan" in page and "Loket 2, KC Web" in page
    assert 'data-testid="assisted-event"' in page  # the audit trail names the desk
    form_url = reverse("claims:assisted_consent_form_file", args=[session.pk])
    assert form_url in page
    assert desk_client.get(form_url).status_code == 200
    queue = text(desk_client.get(reverse("claims:verifier_queue")))
    assert f'data-testid="assisted-{claim.pk}"' in queue

    # The worker's own claim page says it too (their account was made at the desk).
    walk_in.refresh_from_db()
    desk_client.force_login(walk_in.user)
    page = text(desk_client.get(reverse("claims:claim_detail", args=[claim.pk])))
    assert "Diajukan dengan bantuan petugas Rina Layanan" in page


def test_consent_by_code_wrong_then_right(desk_client, office, officer, django_capture_on_commit_callbacks):
    participant = make_participant(office)
    session = open_session(officer, participant)
    with django_capture_on_commit_callbacks(execute=True):
        r = desk_client.post(reverse("claims:assisted_consent_send", args=[session.pk]))
    assert r.status_code == 302
    code = code_sent_to(participant.phone)
    wrong = "000000" if code != "000000" else "111111"
    r = desk_client.post(reverse("claims:assisted_consent_confirm", args=[session.pk]), {"code": wrong})
    assert r.status_code == 400 and "Kode salah" in text(r)
    session.refresh_from_db()
    assert not session.has_consent
    r = desk_client.post(reverse("claims:assisted_consent_confirm", args=[session.pk]), {"code": code})
    assert r.status_code == 302
    session.refresh_from_db()
    assert session.consent == AssistedSession.Consent.CODE


def test_the_assisting_verifier_gets_no_decision_form(client, office):
    dual = UserFactory(roles=["service_officer", "verifier"], office=office, first_name="Dwi")
    participant = make_participant(office)
    _session, claim = assisted_draft(dual, participant)
    claim = fill_and_submit(claim, dual)
    assert claim.status == ClaimStatus.SUBMITTED
    client.force_login(dual)
    page = text(client.get(reverse("claims:staff_claim", args=[claim.pk])))
    assert 'data-testid="assisting"' in page and 'data-testid="verify-form"' not in page
    client.post(reverse("claims:staff_verify", args=[claim.pk]), {"note": "ok"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_an_officer_of_another_office_cannot_open_the_session(client, office, walk_in, officer):
    session = open_session(officer, walk_in)
    elsewhere = make_officer(OfficeFactory(code="KC-LAIN"), username="petugas.lain")
    client.force_login(elsewhere)
    for name in ("claims:assisted_session", "claims:assisted_consent_form_file"):
        assert client.get(reverse(name, args=[session.pk])).status_code == 404
    r = client.post(reverse("claims:assisted_session_close", args=[session.pk]))
    assert r.status_code == 404
    session.refresh_from_db()
    assert session.status == AssistedSession.Status.OPEN


def test_closing_the_session_ends_the_desk_wizard(desk_client, walk_in, officer):
    session, claim = assisted_draft(officer, walk_in)
    r = desk_client.post(reverse("claims:assisted_session_close", args=[session.pk]))
    assert r["Location"] == reverse("claims:assisted_desk")
    r = desk_client.get(reverse("claims:assisted_step", args=[session.pk, "phk"]))
    assert r["Location"] == reverse("claims:assisted_session", args=[session.pk])
    r = desk_client.post(
        reverse("claims:assisted_document_upload", args=[session.pk]), {"kind": "phk_letter", "file": upload_file()}
    )
    assert not claim.documents.exists()


def test_the_claim_api_says_who_helped(api, office, officer, walk_in, staff):
    session, claim = assisted_draft(officer, walk_in)
    claim = fill_and_submit(claim, officer)
    api.force_authenticate(staff.verifier)
    data = api.get(reverse("api-claim-detail", args=[claim.pk])).json()["assisted"]
    assert data["officer"] == "rina.loket" and data["desk"] == "Loket 2" and data["consent"] == "form"
    assert data["line"].startswith("Diajukan dengan bantuan petugas Rina Layanan")
    walk_in.refresh_from_db()
    api.force_authenticate(walk_in.user)
    data = api.get(reverse("api-claim-detail", args=[claim.pk])).json()["assisted"]
    assert data["officer"] is None and "Rina Layanan" in data["line"]
