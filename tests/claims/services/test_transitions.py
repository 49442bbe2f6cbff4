"""Claim services: the draft, every transition, the rules a worker would notice."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from claims.models import Claim, ClaimDocument, ClaimStatus, Participant
from claims.services.claim_state import TRANSITIONS
from claims.services.documents import claim_document_upload
from claims.services.drafts import claim_create_draft, claim_update_draft
from claims.services.reminders import claims_remind_deadlines
from claims.services.transitions import (
    claim_approve,
    claim_reject,
    claim_request_correction,
    claim_resubmit,
    claim_submit,
    claim_verify,
    claim_withdraw,
)
from claims.signals import claim_approved
from jkp_portal.accounts.models import User
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from tests.claims.claims_support import (
    PHK_DATE,
    TODAY,
    Staff,
    complete_draft,
    draft_fields,
    full_checklist,
    make_office,
    make_participant,
    make_worker,
    register_with_code,
    submitted_claim,
    upload_file,
    verified_claim,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
S = ClaimStatus
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY.replace(tzinfo=JAKARTA), tick=True):
        yield


@pytest.fixture
def office():
    return make_office("KC-UJI")


@pytest.fixture
def staff(office):
    return Staff(office)


@pytest.fixture
def worker(office):
    return make_worker(office=office)


def actions(claim):
    return list(
        AuditEvent.objects.filter(object_id=str(claim.pk), content_type__model="claim").values_list("action", flat=True)
    )


# --- sign-up -------------------------------------------------------------------


def test_register_links_the_participant_and_the_worker_signs_in_with_the_nik(office):
    """Matching NIK, name (any case/spacing) and birth date create a worker linked to the registry."""
    participant = make_participant(office, full_name="Siti Rahayu")
    reg = register_with_code(
        nik=participant.nik,
        full_name="  siti   RAHAYU ",
        birth_date=participant.birth_date,
        email="siti@example.id",
        password=PASSWORD,
    )
    participant.refresh_from_db()
    assert participant.user == reg.user
    assert reg.user.username == participant.nik and reg.user.nik == participant.nik
    assert reg.user.roles == ["worker"] and not reg.user.is_staff
    assert reg.user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="worker_registered", object_id=str(reg.user.pk)).exists()


@pytest.mark.parametrize("field", ["nik", "full_name", "birth_date"])
def test_register_without_a_registry_match_creates_nothing(office, field):
    """Any of NIK, name or birth date wrong: a clear message and no account."""
    participant = make_participant(office, full_name="Budi Santoso")
    data = {
        "nik": participant.nik,
        "full_name": "Budi Santoso",
        "birth_date": participant.birth_date,
        "email": "b@example.id",
        "password": PASSWORD,
    }
    data[field] = {"nik": "3201010101900001", "full_name": "Budi Santosa", "birth_date": dt.date(1991, 1, 1)}[field]
    before = User.objects.count()
    with pytest.raises(ApplicationError) as exc:
        register_with_code(**data)
    assert exc.value.code == "participant_not_found"
    assert "registri" in exc.value.message
    assert User.objects.count() == before
    assert Participant.objects.get(pk=participant.pk).user_id is None


def test_register_refuses_an_nik_already_registered(worker):
    participant = worker.participant
    with pytest.raises(StateConflictError) as exc:
        register_with_code(
            nik=participant.nik,
            full_name=participant.full_name,
            birth_date=participant.birth_date,
            email="x@example.id",
            password=PASSWORD,
        )
    assert exc.value.code == "already_registered"


def test_register_refuses_a_weak_password(office):
    participant = make_participant(office)
    with pytest.raises(ApplicationError) as exc:
        register_with_code(
            nik=participant.nik,
            full_name=participant.full_name,
            birth_date=participant.birth_date,
            email="x@example.id",
            password="password",
        )
    assert "password" in exc.value.errors
    assert not User.objects.filter(nik=participant.nik).exists()


# --- the draft -------------------------------------------------------------------


def test_draft_is_routed_to_the_employers_office_and_audited(worker, office):
    claim, created = claim_create_draft(actor=worker)
    assert created and claim.status == S.DRAFT
    assert claim.office == office
    assert actions(claim) == ["claim_created"]


def test_draft_fields_are_validated_with_a_message_per_field(worker):
    with pytest.raises(ApplicationError) as exc:
        claim_create_draft(
            actor=worker,
            phk_date=dt.date(2025, 8, 1),
            bank_name="Bank Antah Berantah",
            bank_account_number="12-34x",
            bank_account_holder="Orang Lain",
        )
    assert set(exc.value.errors) == {"phk_date", "bank_name", "bank_account_number", "bank_account_holder"}
    assert not Claim.objects.exists()


def test_bank_account_is_encrypted_at_rest_and_only_last_digits_kept_plain(worker):
    from django.db import connection

    claim, _ = claim_create_draft(actor=worker, bank_account_number="0123 4567 8901", bank_name="BNI")
    claim.refresh_from_db()
    assert claim.bank_account_number == "012345678901" and claim.bank_account_last4 == "8901"
    with connection.cursor() as cursor:
        cursor.execute("select bank_account_number from claims_claim where id = %s", [claim.pk])
        raw = cursor.fetchone()[0]
    assert "012345678901" not in raw


def test_only_one_open_claim_per_participant(worker):
    first, _ = claim_create_draft(actor=worker)
    with pytest.raises(StateConflictError) as exc:
        claim_create_draft(actor=worker)
    assert f"#{first.pk}" in exc.value.message
    # The database refuses it too, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(participant=worker.participant, status=S.SUBMITTED)


def test_a_new_claim_is_possible_after_withdrawing(worker):
    first, _ = claim_create_draft(actor=worker)
    claim_withdraw(claim=first, actor=worker)
    second, created = claim_create_draft(actor=worker)
    assert created and second.pk != first.pk


def test_idempotency_key_returns_the_same_claim(worker):
    first, created = claim_create_draft(actor=worker, idempotency_key="abc-1", phk_reason="efficiency")
    again, created_again = claim_create_draft(actor=worker, idempotency_key="abc-1", phk_reason="efficiency")
    assert created and not created_again and again.pk == first.pk
    assert Claim.objects.count() == 1


def test_only_the_owner_edits_a_draft(worker, office):
    claim, _ = claim_create_draft(actor=worker)
    other = make_worker(office=office)
    with pytest.raises(ForbiddenError):
        claim_update_draft(claim=claim, actor=other, phk_reason="efficiency")


def test_kapk_signature_keeps_the_text_and_time(worker):
    claim, _ = claim_create_draft(actor=worker)
    claim = claim_update_draft(claim=claim, actor=worker, kapk_signed=True)
    assert claim.kapk_signed and claim.kapk_signed_at is not None
    assert "aktif mencari kerja" in claim.kapk_statement


# --- submission ------------------------------------------------------------------


def test_incomplete_draft_cannot_be_submitted_and_says_what_is_missing(worker):
    claim, _ = claim_create_draft(actor=worker, **draft_fields(worker.participant, kapk_signed=False))
    with pytest.raises(ApplicationError) as exc:
        claim_submit(claim=claim, actor=worker)
    assert exc.value.code == "incomplete"
    assert "kapk_signed" in exc.value.errors and "documents" in exc.value.errors
    assert any("Surat PHK" in m for m in exc.value.errors["documents"])
    claim.refresh_from_db()
    assert claim.status == S.DRAFT


def test_pkwt_worker_must_add_the_employment_contract(office):
    worker = make_worker(office=office, contract_type="PKWT", contract_end=dt.date(2026, 12, 31))
    claim = complete_draft(worker)
    assert ClaimDocument.objects.filter(claim=claim, kind="employment_contract").exists()
    ClaimDocument.objects.filter(claim=claim, kind="employment_contract").delete()
    with pytest.raises(ApplicationError) as exc:
        claim_submit(claim=claim, actor=worker)
    assert any("Perjanjian kerja" in m for m in exc.value.errors["documents"])


def test_employer_report_proof_needs_no_upload(worker):
    claim, _ = claim_create_draft(actor=worker, **draft_fields(worker.participant, proof_type="employer_report"))
    claim = claim_submit(claim=claim, actor=worker)
    assert claim.status == S.SUBMITTED


def test_submit_sets_filing_date_deadline_audit_and_tells_the_worker(
    worker, mailoutbox, django_capture_on_commit_callbacks
):
    claim = complete_draft(worker)
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_submit(claim=claim, actor=worker)
    assert claim.status == S.SUBMITTED
    assert claim.filed_on == dt.date(2025, 7, 10)
    assert claim.claim_deadline == dt.date(2025, 12, 15)  # PP6_2025: PHK + 6 months
    assert "claim_submitted" in actions(claim)
    assert len(mailoutbox) == 1 and f"#{claim.pk}" in mailoutbox[0].subject
    assert mailoutbox[0].to == [worker.email]


def test_submission_after_the_deadline_is_refused_with_the_reason(office):
    worker = make_worker(office=office, start="2023-01", months=24)  # paid Jan 2023–Des 2024
    claim = complete_draft(worker, phk_date=dt.date(2024, 12, 20))  # deadline 2025-06-20 < today
    with pytest.raises(ApplicationError) as exc:
        claim_submit(claim=claim, actor=worker)
    assert exc.value.code == "claim_deadline_passed"
    assert "batas waktu" in exc.value.message and "20 Jun 2025" in exc.value.message
    claim.refresh_from_db()
    assert claim.status == S.DRAFT


def test_lifetime_limit_of_three_benefits_is_enforced(office):
    worker = make_worker(office=office, start="2005-01", months=246)
    participant = worker.participant
    for year in (2010, 2015, 2020):
        Claim.objects.create(participant=participant, status=S.APPROVED, phk_date=dt.date(year, 1, 10))
    claim = complete_draft(worker)
    with pytest.raises(ApplicationError) as exc:
        claim_submit(claim=claim, actor=worker)
    assert exc.value.code == "claim_limit_reached"
    assert "3 klaim" in exc.value.message


def test_other_failing_criteria_still_reach_the_verifier(worker):
    """A resignation is shown as failing, but the worker is entitled to a decision."""
    claim = complete_draft(worker, phk_reason="resignation")
    claim = claim_submit(claim=claim, actor=worker)
    assert claim.status == S.SUBMITTED
    event = AuditEvent.objects.get(action="claim_submitted", object_id=str(claim.pk))
    assert event.data["failed"] == ["EXCLUDED_REASON"]


# --- every transition and its 409 -------------------------------------------------


@pytest.mark.parametrize(
    "action",
    ["submit", "resubmit", "withdraw", "verify", "request_correction", "approve", "reject"],
)
def test_each_transition_refuses_a_wrong_state_naming_the_current_one(worker, staff, action):
    claim = verified_claim(worker, staff.verifier)
    claim = claim_approve(claim=claim, actor=staff.approver)
    call = {
        "submit": lambda: claim_submit(claim=claim, actor=worker),
        "resubmit": lambda: claim_resubmit(claim=claim, actor=worker),
        "withdraw": lambda: claim_withdraw(claim=claim, actor=worker),
        "verify": lambda: claim_verify(claim=claim, actor=staff.verifier),
        "request_correction": lambda: claim_request_correction(
            claim=claim, actor=staff.verifier, documents=["phk_letter"], note="x"
        ),
        "approve": lambda: claim_approve(claim=claim, actor=staff.both),
        "reject": lambda: claim_reject(claim=claim, actor=staff.both, reasons=["DOC_INVALID"], note="x"),
    }[action]
    with pytest.raises(StateConflictError) as exc:
        call()
    assert exc.value.status_code == 409
    assert "'approved'" in exc.value.message
    assert exc.value.errors["status"] == ["approved"]


def test_draft_cannot_be_edited_once_submitted(worker):
    claim = submitted_claim(worker)
    with pytest.raises(StateConflictError):
        claim_update_draft(claim=claim, actor=worker, phk_reason="other")


def test_correction_names_what_to_fix_and_resubmission_requires_it(
    worker, staff, mailoutbox, django_capture_on_commit_callbacks
):
    claim = submitted_claim(worker)
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_request_correction(
            claim=claim,
            actor=staff.verifier,
            documents=["disnaker_receipt"],
            fields=["bank_account"],
            note="Tanda terima tidak terbaca; rekening salah digit.",
        )
    assert claim.status == S.NEEDS_CORRECTION
    assert claim.correction_request["documents"] == ["disnaker_receipt"]
    assert ClaimDocument.objects.get(claim=claim, kind="disnaker_receipt").review == "rejected"
    assert "perlu diperbaiki" in mailoutbox[-1].subject
    assert "Tanda terima laporan PHK ke Disnaker" in mailoutbox[-1].body

    # Only what was asked may change.
    with pytest.raises(ApplicationError) as exc:
        claim_update_draft(claim=claim, actor=worker, phk_reason="other")
    assert "phk_reason" in exc.value.errors
    with pytest.raises(ApplicationError):
        claim_document_upload(claim=claim, actor=worker, kind="phk_letter", upload=upload_file())
    claim_update_draft(claim=claim, actor=worker, bank_account_number="9876543210")

    # The requested document must be uploaded again before resubmitting.
    with pytest.raises(ApplicationError) as exc:
        claim_resubmit(claim=claim, actor=worker)
    assert exc.value.code == "correction_incomplete"
    claim_document_upload(claim=claim, actor=worker, kind="disnaker_receipt", upload=upload_file("baru.pdf"))
    claim = claim_resubmit(claim=claim, actor=worker)
    assert claim.status == S.SUBMITTED
    assert claim.bank_account_last4 == "3210"
    assert ClaimDocument.objects.filter(claim=claim, kind="disnaker_receipt", replaced=True).count() == 1
    assert actions(claim)[-4:] == [
        "correction_requested",
        "correction_updated",
        "document_uploaded",
        "claim_resubmitted",
    ]


def test_correction_needs_a_note_and_something_to_fix(worker, staff):
    claim = submitted_claim(worker)
    with pytest.raises(ApplicationError):
        claim_request_correction(claim=claim, actor=staff.verifier, documents=["phk_letter"], note="")
    with pytest.raises(ApplicationError):
        claim_request_correction(claim=claim, actor=staff.verifier, note="Perbaiki")


def test_verify_requires_the_verifier_role_and_the_whole_checklist(worker, staff):
    claim = submitted_claim(worker)
    with pytest.raises(ForbiddenError):
        claim_verify(claim=claim, actor=staff.approver, checklist=full_checklist(claim))
    with pytest.raises(ForbiddenError):
        claim_verify(claim=claim, actor=worker)
    partial = {**full_checklist(claim), "identity": False}
    with pytest.raises(ApplicationError) as exc:
        claim_verify(claim=claim, actor=staff.verifier, checklist=partial)
    assert exc.value.code == "checklist_incomplete"
    claim = claim_verify(claim=claim, actor=staff.verifier, checklist=full_checklist(claim), note="ok")
    assert claim.status == S.VERIFIED and claim.verified_by == staff.verifier
    assert set(ClaimDocument.objects.filter(claim=claim).values_list("review", flat=True)) == {"accepted"}


def test_verify_refuses_a_claim_that_is_not_eligible_now(worker, staff):
    claim = submitted_claim(worker, phk_reason="resignation")
    with pytest.raises(ApplicationError) as exc:
        claim_verify(claim=claim, actor=staff.verifier, checklist=full_checklist(claim))
    assert exc.value.code == "not_eligible" and "EXCLUDED_REASON" in exc.value.message


def test_staff_never_decide_their_own_claim(office):
    verifier = UserFactory(roles=["verifier", "worker"], office=office)
    participant = make_participant(office)
    participant.user = verifier
    participant.save()
    verifier.nik = participant.nik
    verifier.save()
    claim = submitted_claim(verifier)
    with pytest.raises(ForbiddenError):
        claim_verify(claim=claim, actor=verifier, checklist=full_checklist(claim))


def test_maker_checker_the_verifier_cannot_approve_or_reject(worker, staff):
    claim = verified_claim(worker, staff.both)
    with pytest.raises(ForbiddenError) as exc:
        claim_approve(claim=claim, actor=staff.both)
    assert exc.value.code == "maker_checker"
    with pytest.raises(ForbiddenError):
        claim_reject(claim=claim, actor=staff.both, reasons=["DOC_INVALID"], note="x")
    with pytest.raises(ForbiddenError):
        claim_approve(claim=claim, actor=staff.verifier)  # no approver role
    claim.refresh_from_db()
    assert claim.status == S.VERIFIED


def test_approval_freezes_the_decision_and_starts_the_benefit(
    worker, staff, mailoutbox, django_capture_on_commit_callbacks
):
    claim = verified_claim(worker, staff.verifier)
    received = []

    def receiver(sender, claim, actor, **kwargs):
        received.append((claim.pk, claim.status, actor))

    claim_approved.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            claim = claim_approve(claim=claim, actor=staff.approver, note="Sesuai")
    finally:
        claim_approved.disconnect(receiver)
    claim.refresh_from_db()
    assert received == [(claim.pk, S.APPROVED, staff.approver)]
    assert claim.status == S.APPROVED and claim.decided_by == staff.approver
    assert claim.decision_date == dt.date(2025, 7, 10)
    assert (claim.rule_set, claim.payer, claim.wage_base) == ("PP6_2025", "bpjs", Decimal("4500000"))
    assert claim.claim_deadline == dt.date(2025, 12, 15)
    assert claim.verdict["eligible"] is True and len(claim.verdict["criteria"]) == 11
    assert [m["amount"] for m in claim.verdict["schedule"]] == ["2700000"] * 6
    assert claim.verdict["schedule"][0]["due_date"] == "2025-07-10"
    assert claim.verdict["total"] == "16200000"
    assert "DISETUJUI" in mailoutbox[-1].body and "16.200.000" in mailoutbox[-1].body


def test_approval_recomputes_the_verdict_at_decision_time(worker, staff):
    """Registry changes after the verification count: re-employment blocks approval."""
    from claims.models import Contribution

    claim = verified_claim(worker, staff.verifier)
    Contribution.objects.create(
        participant=worker.participant, period=dt.date(2025, 7, 1), wage=Decimal("4000000"), status="paid"
    )
    with pytest.raises(ApplicationError) as exc:
        claim_approve(claim=claim, actor=staff.approver)
    assert "REEMPLOYED" in exc.value.message


def test_rejection_by_verifier_and_by_approver_with_coded_reasons(
    worker, staff, office, mailoutbox, django_capture_on_commit_callbacks
):
    claim = submitted_claim(worker)
    with pytest.raises(ApplicationError):
        claim_reject(claim=claim, actor=staff.verifier, reasons=["NOPE"], note="x")
    with pytest.raises(ApplicationError):
        claim_reject(claim=claim, actor=staff.verifier, reasons=["DOC_INVALID"], note="")
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_reject(
            claim=claim, actor=staff.verifier, reasons=["doc_mismatch", "EXCLUDED_REASON"], note="Surat palsu"
        )
    assert claim.status == S.REJECTED and claim.rejection_reasons == ["DOC_MISMATCH", "EXCLUDED_REASON"]
    assert claim.decision_date == dt.date(2025, 7, 10) and claim.verdict["rule_set"] == "PP6_2025"
    assert "ditolak" in mailoutbox[-1].subject and "DOC_MISMATCH" in mailoutbox[-1].body

    other = make_worker(office=office)
    claim2 = verified_claim(other, staff.verifier)
    claim2 = claim_reject(claim=claim2, actor=staff.approver, reasons=["DOC_INVALID"], note="Tidak sah")
    assert claim2.status == S.REJECTED and claim2.decided_by == staff.approver


@pytest.mark.parametrize("stage", ["draft", "submitted", "needs_correction", "verified"])
def test_withdraw_before_a_decision(worker, staff, stage):
    if stage == "draft":
        claim, _ = claim_create_draft(actor=worker)
    elif stage == "submitted":
        claim = submitted_claim(worker)
    elif stage == "needs_correction":
        claim = claim_request_correction(
            claim=submitted_claim(worker), actor=staff.verifier, documents=["phk_letter"], note="x"
        )
    else:
        claim = verified_claim(worker, staff.verifier)
    claim = claim_withdraw(claim=claim, actor=worker, reason="Sudah bekerja lagi")
    assert claim.status == S.WITHDRAWN
    assert actions(claim)[-1] == "claim_withdrawn"


def test_withdrawal_is_the_workers_own(worker, staff):
    claim = submitted_claim(worker)
    with pytest.raises(ForbiddenError):
        claim_withdraw(claim=claim, actor=staff.verifier)


def test_transitions_table_matches_the_issue():
    assert TRANSITIONS["approve"] == (frozenset({S.VERIFIED}), S.APPROVED)
    assert TRANSITIONS["reject"][0] == {S.SUBMITTED, S.VERIFIED}
    assert S.APPROVED not in TRANSITIONS["withdraw"][0]
    assert {target for _sources, target in TRANSITIONS.values()} == set(S.values) - {S.DRAFT}


def test_phk_date_in_the_registry_gives_the_verdict_inputs(worker):
    """Sanity of the fixture: PHK 15 Jun 2025 with 24 paid months is eligible."""
    from claims.selectors.claims import claim_verdict

    claim, _ = claim_create_draft(actor=worker, phk_date=PHK_DATE, phk_reason="efficiency", kapk_signed=True)
    verdict = claim_verdict(claim)
    assert verdict.eligible, verdict.failed


# --- deadline reminders --------------------------------------------------------------


def test_unsubmitted_drafts_near_the_deadline_get_one_reminder(
    office, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Two weeks before the deadline the worker is told once; far or passed deadlines and submitted claims are not."""
    from claims.tasks import remind_claim_deadlines

    settings.CELERY_TASK_ALWAYS_EAGER = True
    near = make_worker(office=office)  # PHK 20 Jan 2025 -> deadline 2025-07-20, 10 days away
    far = make_worker(office=office)  # PHK 15 Jun 2025 -> deadline 2025-12-15
    gone = make_worker(office=office)  # PHK 20 Des 2024 -> deadline 2025-06-20, passed
    done = make_worker(office=office)
    near_claim, _ = claim_create_draft(actor=near, phk_date=dt.date(2025, 1, 20))
    claim_create_draft(actor=far, phk_date=dt.date(2025, 6, 15))
    claim_create_draft(actor=gone, phk_date=dt.date(2024, 12, 20))
    submitted_claim(done, phk_date=dt.date(2025, 1, 21))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_claim_deadlines.delay().get() == 1
    assert [m.to for m in mailoutbox] == [[near.email]]
    assert "20-07-2025" in mailoutbox[0].subject
    near_claim.refresh_from_db()
    assert near_claim.deadline_reminded_on == dt.date(2025, 7, 10)
    with django_capture_on_commit_callbacks(execute=True):
        assert claims_remind_deadlines() == 0
    assert len(mailoutbox) == 1
