"""The three reads the claims app relies on: pre-fill, approval blockers, proof."""

import datetime as dt

import pytest

from claims.models import Claim
from claims.phk.selectors import claim_approval_blockers, phk_prefill_for, proof_from_report
from claims.phk.services import phk_row_mark_disputed, phk_row_record_agreement, phk_row_resolve, phk_rows_confirm
from claims.phk.services.reports import phk_row_withdraw

from .factories import pdf_upload

pytestmark = pytest.mark.django_db


def test_prefill_is_none_without_a_report(world, make_workers):
    """A worker the employer never reported gets nothing pre-filled."""
    (worker,) = make_workers(1)
    assert phk_prefill_for(worker) is None
    assert proof_from_report(worker) is None


def test_prefill_from_an_unconfirmed_report_has_no_proof_type(world, make_workers, submit):
    """Reported but not yet confirmed: date and reason pre-filled, no proof type yet."""
    (worker,) = make_workers(1)
    report = submit([worker], phk_date="2025-10-31", reason="efficiency")
    prefill = phk_prefill_for(worker)
    assert prefill == {
        "phk_date": dt.date(2025, 10, 31),
        "phk_reason": "efficiency",
        "proof_type": "",
        "report_id": report.pk,
        "row_id": report.rows.get().pk,
        "report_number": report.number,
        "confirmed": False,
    }
    assert proof_from_report(worker) is None


def test_confirmed_report_prefills_employer_report_proof(world, make_workers, submit):
    """After a mediator confirms, the claim's proof type is the employer's report (type 1 under PP 6/2025)."""
    (worker,) = make_workers(1)
    report = submit([worker])
    phk_rows_confirm(actor=world.mediator, report=report)
    prefill = phk_prefill_for(worker.pk)
    assert prefill["proof_type"] == "employer_report"
    assert prefill["confirmed"] is True

    proof = proof_from_report(worker)
    assert proof["report_number"] == report.number
    assert proof["status"] == "confirmed"
    assert proof["mediator"] == world.mediator.get_full_name()
    notice = report.documents.get(kind="notice_letter")
    assert proof["notice_letter_document_id"] == notice.pk
    assert proof["notice_letter_url"] == f"/phk/dokumen/{notice.pk}/"
    assert proof["agreement"] is None


def test_agreement_counts_as_confirmed_and_is_shown_as_proof(world, make_workers, submit):
    """A registered perjanjian bersama settles the PHK: pre-filled as confirmed, with the PB in the proof."""
    (worker,) = make_workers(1)
    report = submit([worker], accepted="no")
    row = report.rows.get()
    phk_row_record_agreement(
        actor=world.mediator,
        row=row,
        agreement_number="PB/17/X/2025",
        deed_number="AKTA-88/PB/2025/PHI.Smg",
        deed_date=dt.date(2025, 11, 10),
        court_name="PHI pada PN Semarang",
        document=pdf_upload("pb.pdf"),
    )
    assert phk_prefill_for(worker)["proof_type"] == "employer_report"
    proof = proof_from_report(worker)
    assert proof["agreement"]["deed_number"] == "AKTA-88/PB/2025/PHI.Smg"
    assert {d["kind"] for d in proof["documents"]} == {"notice_letter", "agreement"}


def test_disputed_report_blocks_approval_and_is_not_prefilled(world, make_workers, submit):
    """While the case is at the PHI court nothing is pre-filled and approval is blocked."""
    (worker,) = make_workers(1)
    report = submit([worker], accepted="no")
    phk_row_mark_disputed(
        actor=world.mediator,
        row=report.rows.get(),
        court_case_number="45/Pdt.Sus-PHI/2025/PN Smg",
        court_name="PHI Smg",
    )
    assert phk_prefill_for(worker) is None
    claim = Claim(participant=worker, proof_type="uncontested")
    blockers = claim_approval_blockers(claim)
    assert len(blockers) == 1
    assert blockers[0].startswith("PHK masih diperselisihkan (perkara di PHI)")
    assert "45/Pdt.Sus-PHI/2025/PN Smg" in blockers[0]


def test_dispute_resolved_upheld_unblocks(world, make_workers, submit):
    """An inkracht decision upholding the PHK confirms it: no blocker, proof with the decision."""
    (worker,) = make_workers(1)
    report = submit([worker], accepted="no")
    row = report.rows.get()
    phk_row_mark_disputed(actor=world.mediator, row=row, court_case_number="9/PHI/2025", court_name="PHI Smg")
    phk_row_resolve(
        actor=world.mediator,
        row=row,
        decision_number="9/Pdt.Sus-PHI/2025",
        inkracht_date=dt.date(2025, 11, 18),
        outcome="upheld",
        document=pdf_upload("putusan.pdf"),
    )
    assert claim_approval_blockers(Claim(participant=worker, proof_type="employer_report")) == []
    assert proof_from_report(worker)["court_decision"]["decision_number"] == "9/Pdt.Sus-PHI/2025"


def test_annulled_phk_blocks_approval(world, make_workers, submit):
    """A court that annulled the PHK (worker reinstated) blocks any claim on it."""
    (worker,) = make_workers(1)
    report = submit([worker], accepted="no")
    row = report.rows.get()
    phk_row_mark_disputed(actor=world.mediator, row=row, court_case_number="10/PHI/2025", court_name="PHI Smg")
    phk_row_resolve(
        actor=world.mediator,
        row=row,
        decision_number="10/Pdt.Sus-PHI/2025",
        inkracht_date=dt.date(2025, 11, 18),
        outcome="annulled",
        document=pdf_upload("putusan.pdf"),
    )
    assert phk_prefill_for(worker) is None
    assert claim_approval_blockers(Claim(participant=worker, proof_type="uncontested")) == [
        "PHK dibatalkan oleh putusan PHI: pekerja dipekerjakan kembali."
    ]


def test_claim_relying_on_unconfirmed_report_is_blocked(world, make_workers, submit):
    """A claim whose proof is the employer's report cannot be approved before a mediator confirms it."""
    (worker,) = make_workers(1)
    submit([worker])
    assert claim_approval_blockers(Claim(participant=worker, proof_type="employer_report")) == [
        "Laporan PHK pemberi kerja belum dikonfirmasi mediator Disnaker."
    ]
    assert claim_approval_blockers(Claim(participant=worker, proof_type="uncontested")) == []


def test_claim_relying_on_missing_report_is_blocked(world, make_workers):
    (worker,) = make_workers(1)
    assert claim_approval_blockers(Claim(participant=worker, proof_type="employer_report"))
    assert claim_approval_blockers(Claim(participant=worker, proof_type="agreement")) == []


def test_withdrawn_report_is_ignored(world, make_workers, submit):
    """A report the employer withdrew pre-fills nothing."""
    (worker,) = make_workers(1)
    report = submit([worker])
    phk_row_withdraw(actor=world.hr, row=report.rows.get(), reason="Salah NIK")
    assert phk_prefill_for(worker) is None


def test_report_of_an_earlier_employment_is_ignored(world, make_workers, submit):
    """A rehired worker (new contract start) does not inherit the old PHK."""
    (worker,) = make_workers(1)
    report = submit([worker], phk_date="2023-03-31")
    phk_rows_confirm(actor=world.mediator, report=report)
    worker.contract_start = dt.date(2024, 1, 2)
    worker.save()
    assert phk_prefill_for(worker) is None
    assert proof_from_report(worker) is None


def test_integration_reads_use_one_query(world, make_workers, submit, django_assert_num_queries):
    """The claims wizard calls these on every page: a fixed two queries for a participant instance."""
    (worker,) = make_workers(1)
    submit([worker])
    with django_assert_num_queries(2):  # the row with its report, then the report's documents (prefetch)
        phk_prefill_for(worker)
    with django_assert_num_queries(2):
        claim_approval_blockers(Claim(participant=worker))


def test_proof_card_for_the_verifier_page(world, make_workers, submit):
    """The include the claims staff page shows: the report, the mediator, the notice letter link, the blockers."""
    from django.template.loader import render_to_string

    (worker,) = make_workers(1)
    report = submit([worker])
    phk_rows_confirm(actor=world.mediator, report=report)
    html = render_to_string(
        "phk/_proof_card.html", {"phk_report": proof_from_report(worker), "phk_blockers": ["PHK masih diperselisihkan"]}
    )
    assert report.number in html
    assert world.mediator.get_full_name() in html
    assert f'href="/phk/dokumen/{report.documents.get().pk}/"' in html
    assert "PHK masih diperselisihkan" in html
