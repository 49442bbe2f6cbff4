"""Browser pages: sign-up, the wizard, the claim page, staff queues and decisions, the letter."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from claims.models import Claim, ClaimStatus
from claims.services.drafts import claim_create_draft
from claims.services.transitions import (
    claim_approve,
    claim_reject,
    claim_request_correction,
    claim_resubmit,
    claim_submit,
)
from jkp_portal.accounts.models import User
from tests.claims.claims_support import (
    code_sent_to,
    complete_draft,
    full_checklist,
    make_office,
    make_participant,
    make_worker,
    submitted_claim,
    upload_file,
    verified_claim,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
S = ClaimStatus


def text(response) -> str:
    return response.content.decode()


# --- sign-up ---------------------------------------------------------------------


def test_signup_page_creates_the_account_and_signs_in(client, office, django_capture_on_commit_callbacks):
    participant = make_participant(office, full_name="Agus Salim")
    data = {
        "nik": participant.nik,
        "full_name": "agus  salim",
        "birth_date": participant.birth_date.isoformat(),
        "email": "agus@example.id",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("claims:signup"), data)
    assert response.status_code == 302 and response["Location"] == reverse("claims:signup_code")
    response = client.post(response["Location"], {"code": code_sent_to(participant.phone)})
    assert response.status_code == 302 and response["Location"] == reverse("claims:my_claims")
    page = client.get(response["Location"])
    assert "Agus Salim" in text(page)
    assert User.objects.get(username=participant.nik).participant == participant


def test_signup_without_match_keeps_what_was_typed(client, office):
    participant = make_participant(office)
    data = {
        "nik": participant.nik,
        "full_name": "Bukan Dia",
        "birth_date": participant.birth_date.isoformat(),
        "email": "typed@example.id",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    response = client.post(reverse("claims:signup"), data)
    assert response.status_code == 200
    body = text(response)
    assert "tidak cocok dengan registri" in body
    assert 'value="typed@example.id"' in body and 'value="Bukan Dia"' in body
    assert not User.objects.filter(nik=participant.nik).exists()


# --- the wizard --------------------------------------------------------------------


def test_wizard_saves_a_draft_at_every_step_and_shows_the_verdict(client, worker):
    client.force_login(worker)
    start = client.post(reverse("claims:claim_start"), {"key": "k1"})
    claim = Claim.objects.get(participant=worker.participant)
    assert start["Location"] == reverse("claims:claim_step", args=[claim.pk, "phk"])
    # A double click on "start" does not make a second draft.
    client.post(reverse("claims:claim_start"), {"key": "k1"})
    assert Claim.objects.filter(participant=worker.participant).count() == 1

    step1 = client.get(start["Location"])
    assert worker.participant.employer.name in text(step1)  # contract details from the registry
    r = client.post(start["Location"], {"phk_date": "2025-06-15", "phk_reason": "efficiency"})
    assert r["Location"].endswith("/langkah/bukti/")
    claim.refresh_from_db()
    assert claim.phk_date == dt.date(2025, 6, 15)

    r = client.post(r["Location"], {"proof_type": "uncontested"})
    page = client.get(r["Location"])
    for label in ("Surat PHK dari pemberi kerja", "Surat pernyataan tidak menolak PHK", "Tanda terima laporan PHK"):
        assert label in text(page)
    for kind in ("phk_letter", "no_objection", "disnaker_receipt"):
        client.post(reverse("claims:document_upload", args=[claim.pk]), {"kind": kind, "file": upload_file()})

    bank_url = reverse("claims:claim_step", args=[claim.pk, "rekening"])
    bad = client.post(
        bank_url, {"bank_name": "BRI", "bank_account_number": "12ab", "bank_account_holder": "Orang Lain"}
    )
    assert bad.status_code == 200
    assert "6 sampai 20 digit" in text(bad) and "atas nama Anda sendiri" in text(bad)
    assert 'value="Orang Lain"' in text(bad)  # nothing typed is lost
    ok = client.post(
        bank_url,
        {"bank_name": "BRI", "bank_account_number": "0123456789", "bank_account_holder": worker.participant.full_name},
    )
    assert ok["Location"].endswith("/langkah/komitmen/")
    kapk = client.get(ok["Location"])
    assert "aktif mencari kerja" in text(kapk)
    refused = client.post(ok["Location"], {})
    assert "Centang untuk menandatangani" in text(refused)
    review = client.post(ok["Location"], {"kapk_signed": "on"})
    page = client.get(review["Location"])
    body = text(page)
    for code in ("NOT_CITIZEN", "INSUFFICIENT_CONTRIBUTIONS", "CLAIM_DEADLINE_PASSED", "NOT_WILLING_TO_WORK"):
        assert f'data-code="{code}"' in body
    assert "Memenuhi syarat" in body and "2.700.000" in body and "16.200.000" in body
    assert "15 Des 2025" in body  # claim deadline
    submitted = client.post(reverse("claims:claim_submit", args=[claim.pk]))
    assert submitted["Location"] == reverse("claims:claim_detail", args=[claim.pk])
    claim.refresh_from_db()
    assert claim.status == S.SUBMITTED


def test_review_shows_a_blocking_deadline_and_disables_submission(client, office):
    worker = make_worker(office=office, start="2023-01", months=24)
    claim = complete_draft(worker, phk_date=dt.date(2024, 12, 20))
    client.force_login(worker)
    page = text(client.get(reverse("claims:claim_step", args=[claim.pk, "tinjau"])))
    assert 'data-testid="hard-failed"' in page
    assert 'data-testid="submit-claim" disabled' in page
    response = client.post(reverse("claims:claim_submit", args=[claim.pk]), follow=True)
    assert "batas waktu pengajuan klaim sudah lewat" in text(response)


def test_claim_page_shows_timeline_next_step_and_correction(client, worker, staff):
    claim = submitted_claim(worker)
    claim_request_correction(
        claim=claim, actor=staff.verifier, documents=["no_objection"], fields=["bank_account"], note="Tanda tangan"
    )
    client.force_login(worker)
    body = text(client.get(reverse("claims:claim_detail", args=[claim.pk])))
    assert "Perlu perbaikan" in body
    assert "Surat pernyataan tidak menolak PHK" in body and "Rekening bank" in body and "Tanda tangan" in body
    assert "Petugas BPJS" in body and staff.verifier.username not in body
    for title in ("Klaim dibuat (draf)", "Dokumen diunggah", "Klaim diajukan", "Petugas meminta perbaikan"):
        assert title in body
    # The wizard opens with only the requested parts editable.
    step = text(client.get(reverse("claims:claim_step", args=[claim.pk, "phk"])))
    assert 'name="phk_date"' in step and "disabled" in step


def test_worker_pages_are_private(client, worker, office, staff):
    claim = submitted_claim(worker)
    client.force_login(make_worker(office=office))
    for name, args in (
        ("claims:claim_detail", [claim.pk]),
        ("claims:claim_step", [claim.pk, "phk"]),
        ("claims:claim_letter", [claim.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    client.force_login(staff.verifier)
    assert client.get(reverse("claims:claim_detail", args=[claim.pk])).status_code == 403
    client.force_login(worker)
    assert client.get(reverse("claims:verifier_queue")).status_code == 403
    assert client.get(reverse("claims:staff_claim", args=[claim.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("claims:my_claims")).status_code == 302


def test_withdraw_from_the_claim_page(client, worker):
    claim = submitted_claim(worker)
    client.force_login(worker)
    client.post(reverse("claims:claim_withdraw", args=[claim.pk]), {"reason": "Diterima kerja"})
    claim.refresh_from_db()
    assert claim.status == S.WITHDRAWN


# --- staff ---------------------------------------------------------------------------


def test_verifier_queue_oldest_first_with_filters(client, office, staff):
    older = submitted_claim(make_worker(office=office, full_name="Andi Lama"))
    with time_machine.travel(dt.datetime(2025, 7, 12, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))):
        newer = submitted_claim(make_worker(office=office, full_name="Budi Baru"), proof_type="court")
    elsewhere = submitted_claim(make_worker(office=make_office("KC-LAIN")))
    client.force_login(staff.verifier)
    url = reverse("claims:verifier_queue")
    body = text(client.get(url))
    assert body.index(f'data-claim="{older.pk}"') < body.index(f'data-claim="{newer.pk}"')
    assert f'data-claim="{elsewhere.pk}"' not in body
    only_court = text(client.get(url, {"proof_type": "court"}))
    assert f'data-claim="{newer.pk}"' in only_court and f'data-claim="{older.pk}"' not in only_court
    by_name = text(client.get(url, {"q": "andi"}))
    assert f'data-claim="{older.pk}"' in by_name and f'data-claim="{newer.pk}"' not in by_name
    by_nik = text(client.get(url, {"q": newer.participant.nik[:10]}))
    assert f'data-claim="{newer.pk}"' in by_nik
    by_date = text(client.get(url, {"date_from": "2025-07-11"}))
    assert f'data-claim="{newer.pk}"' in by_date and f'data-claim="{older.pk}"' not in by_date
    assert newer.participant.nik not in body  # masked in the list


def test_staff_claim_page_has_documents_registry_verdict_checklist_and_audit(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    body = text(client.get(reverse("claims:staff_claim", args=[claim.pk])))
    doc = claim.documents.first()
    assert f'src="{reverse("claims:document_file", args=[claim.pk, doc.pk])}"' in body
    assert "<iframe" in body
    assert worker.participant.nik in body and worker.participant.kpj in body
    assert "Kelayakan dihitung ulang sekarang" in body and 'data-code="REEMPLOYED"' in body
    assert "Tanda terima laporan PHK dari Disnaker sah" in body  # checklist for type 1
    assert "claim_submitted" in body  # audit trail
    assert "0123456789012" in body  # full account number for the verifier


def test_the_verifier_is_warned_when_two_documents_are_the_same_file(client, worker, staff):
    from claims.services.documents import claim_document_upload

    claim = complete_draft(worker)
    first, second = list(claim.documents.order_by("pk"))[:2]
    same = first.file.open("rb").read()
    claim_document_upload(claim=claim, actor=worker, kind=second.kind, upload=upload_file("lagi.pdf", same))
    claim = claim_submit(claim=claim, actor=worker)
    client.force_login(staff.verifier)
    body = text(client.get(reverse("claims:staff_claim", args=[claim.pk])))
    assert 'data-testid="duplicate-documents"' in body
    assert first.get_kind_display() in body.split('data-testid="duplicate-documents"')[1].split("</div>")[0]


def test_distinct_documents_raise_no_warning(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    body = text(client.get(reverse("claims:staff_claim", args=[claim.pk])))
    assert 'data-testid="duplicate-documents"' not in body


def test_verify_then_approve_in_the_browser_with_maker_checker(client, worker, office):
    claim = submitted_claim(worker)
    both = UserFactory(roles=["verifier", "approver"], office=office)
    approver = UserFactory(roles=["approver"], office=office)
    client.force_login(both)
    verify = reverse("claims:staff_verify", args=[claim.pk])
    approve = reverse("claims:staff_approve", args=[claim.pk])
    missing_checks = client.post(verify, {"decision": "verified"}, follow=True)
    assert missing_checks.redirect_chain[-1][0] == reverse("claims:staff_claim", args=[claim.pk])
    assert "Daftar periksa belum lengkap" in text(missing_checks)
    data = {"decision": "verified", **{f"check_{c}": "on" for c in full_checklist(claim)}}
    assert client.post(verify, data).status_code == 302
    page = text(client.get(reverse("claims:staff_claim", args=[claim.pk])))
    assert 'data-testid="maker-checker"' in page and 'data-testid="approve-form"' not in page
    assert client.post(approve, {"decision": "approved"}).status_code == 403
    client.force_login(approver)
    assert client.post(approve, {"decision": "approved", "note": "ok"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == S.APPROVED and claim.verified_by == both and claim.decided_by == approver


def test_correction_request_in_the_browser_names_documents_and_fields(client, worker, staff):
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    url = reverse("claims:staff_request_correction", args=[claim.pk])
    no_note = client.post(url, {"decision": "needs_correction", "documents": ["phk_letter"]}, follow=True)
    assert no_note.redirect_chain[-1][0] == reverse("claims:staff_claim", args=[claim.pk])
    assert "Tulis catatan untuk pekerja." in text(no_note)
    client.post(
        url,
        {
            "decision": "needs_correction",
            "documents": ["phk_letter"],
            "field_codes": ["phk_date"],
            "note": "Buram",
        },
    )
    claim.refresh_from_db()
    assert claim.status == S.NEEDS_CORRECTION
    assert claim.correction_request["documents"] == ["phk_letter"] and claim.correction_request["fields"] == [
        "phk_date"
    ]


def test_approver_queue_lists_verified_claims(client, office, staff):
    claim = verified_claim(make_worker(office=office), staff.verifier)
    submitted = submitted_claim(make_worker(office=office))
    client.force_login(staff.approver)
    body = text(client.get(reverse("claims:approver_queue")))
    assert f'data-claim="{claim.pk}"' in body and f'data-claim="{submitted.pk}"' not in body


def test_decision_letters_are_pdfs_for_approved_and_rejected(client, office, staff):
    approved_worker = make_worker(office=office)
    approved = claim_approve(claim=verified_claim(approved_worker, staff.verifier), actor=staff.approver)
    rejected_worker = make_worker(office=office)
    rejected = claim_reject(
        claim=submitted_claim(rejected_worker), actor=staff.verifier, reasons=["DOC_INVALID"], note="Surat tidak sah"
    )
    client.force_login(approved_worker)
    response = client.get(reverse("claims:claim_letter", args=[approved.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    letter = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "SURAT PENETAPAN MANFAAT" in letter and "2.700.000" in letter and "16.200.000" in letter
    assert approved_worker.participant.full_name in letter

    client.force_login(rejected_worker)
    letter = "".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(client.get(reverse("claims:claim_letter", args=[rejected.pk])).content)).pages
    )
    assert "PENOLAKAN" in letter and "DOC_INVALID" in letter and "Surat tidak sah" in letter

    draft_worker = make_worker(office=office)
    draft, _ = claim_create_draft(actor=draft_worker)
    client.force_login(draft_worker)
    assert client.get(reverse("claims:claim_letter", args=[draft.pk])).status_code == 404
    client.force_login(staff.verifier)
    assert client.get(reverse("claims:claim_letter", args=[approved.pk])).status_code == 200


def test_drafts_stay_private_to_the_worker(client, worker, staff):
    draft, _ = claim_create_draft(actor=worker)
    client.force_login(staff.verifier)
    assert client.get(reverse("claims:staff_claim", args=[draft.pk])).status_code == 404


# --- fixed query counts ----------------------------------------------------------------


def test_verifier_queue_query_count_is_fixed_whatever_the_page_size(
    client, office, staff, django_assert_num_queries, django_assert_max_num_queries
):
    for _ in range(4):
        submitted_claim(make_worker(office=office))
    client.force_login(staff.verifier)
    url = reverse("claims:verifier_queue")
    client.get(url)  # warm the session
    with django_assert_max_num_queries(8) as first:
        response = client.get(url, {"size": 25})
    first_count = len(first)
    assert len(response.context["claims"]) == 4
    for _ in range(30):
        submitted_claim(make_worker(office=office))
    client.get(url)
    with django_assert_num_queries(first_count):
        response = client.get(url, {"size": 100})
    assert len(response.context["claims"]) == 34


def test_claim_pages_query_count_does_not_grow_with_documents_and_events(
    client, worker, staff, django_assert_max_num_queries
):
    """Counts are read right after each block: a later request clears Django's query log."""
    from claims.services.documents import claim_document_upload

    claim = submitted_claim(worker)
    staff_url = reverse("claims:staff_claim", args=[claim.pk])
    worker_url = reverse("claims:claim_detail", args=[claim.pk])
    client.force_login(staff.verifier)
    client.get(staff_url)
    with django_assert_max_num_queries(14) as staff_queries:
        client.get(staff_url)
    staff_count = len(staff_queries)
    client.force_login(worker)
    client.get(worker_url)
    with django_assert_max_num_queries(12) as worker_queries:
        client.get(worker_url)
    worker_count = len(worker_queries)
    # Grow the claim: a correction round with new uploads adds documents and events.
    claim_request_correction(
        claim=claim, actor=staff.verifier, documents=["phk_letter", "no_objection", "disnaker_receipt"], note="x"
    )
    for kind in ("phk_letter", "no_objection", "disnaker_receipt"):
        claim_document_upload(claim=claim, actor=worker, kind=kind, upload=upload_file())
    claim_resubmit(claim=claim, actor=worker)
    with django_assert_max_num_queries(worker_count):
        response = client.get(worker_url)
    assert len(response.context["documents"]) == 3 and len(response.context["timeline"]) >= 8
    client.force_login(staff.verifier)
    client.get(staff_url)
    with django_assert_max_num_queries(staff_count):
        response = client.get(staff_url)
    assert len(response.context["replaced_documents"]) == 3


def _visible(body: str) -> str:
    """The text a person reads: no tags, no attributes."""
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_workers_read_plain_indonesian_and_staff_see_a_code_only_beside_a_failed_criterion(client, office, staff):
    """Issue 17: the review step showed "✓ Warga negara Indonesia NOT_CITIZEN", "efisiensi
    (efficiency)", "2024-12..2026-11" and "PP6_2025" to workers."""
    from claims.eligibility.rules import CRITERIA_CODES

    worker = make_worker(office=office)
    claim = complete_draft(worker)
    client.force_login(worker)
    seen = _visible(text(client.get(reverse("claims:claim_step", args=[claim.pk, "tinjau"]))))
    assert "Memenuhi syarat" in seen
    assert not [code for code in CRITERIA_CODES if code in seen]
    assert "(efficiency)" not in seen and "PP6_2025" not in seen and "PP37_2021" not in seen
    import re

    assert not re.search(r"\d{4}-\d{2}\.\.\d{4}-\d{2}", seen)

    short = make_worker(make_participant(office, months=8))
    failing = submitted_claim(short)
    client.force_login(staff.verifier)
    body = text(client.get(reverse("claims:staff_claim", args=[failing.pk])))
    verdict = _visible(body[body.index('data-testid="verdict"') :].split("</ul>")[0])
    assert "INSUFFICIENT_CONTRIBUTIONS" in verdict  # beside the failed criterion
    assert "NOT_CITIZEN" not in verdict  # a passed criterion shows no code
    assert not re.search(r"\d{4}-\d{2}\.\.\d{4}-\d{2}", _visible(body))
