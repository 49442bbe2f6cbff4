"""Mediators act on reports of their area only, one audited transition at a time."""

import datetime as dt

import pytest

from claims.phk.models import PhkDocument, RowStatus
from claims.phk.services import phk_row_mark_disputed, phk_row_record_agreement, phk_row_resolve, phk_rows_confirm
from jkp_portal.audit.models import AuditEvent
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError

from .conftest import active
from .factories import pdf_upload

pytestmark = pytest.mark.django_db


def _agreement(world, row, **kw):
    args = {
        "actor": world.mediator,
        "row": row,
        "agreement_number": "PB/01/XI/2025",
        "deed_number": "12/PB/2025/PHI.Smg",
        "deed_date": dt.date(2025, 11, 12),
        "court_name": "PHI pada PN Semarang",
        "document": pdf_upload("pb.pdf"),
    } | kw
    return phk_row_record_agreement(**args)


def test_confirm_all_confirms_only_workers_who_accepted(world, make_workers, submit, report_lines):
    """The bulk confirmation leaves contested PHKs for individual mediation."""
    accepted = make_workers(3)
    contested = make_workers(1)
    from claims.phk.services import phk_report_submit

    lines = report_lines(accepted) + report_lines(contested, accepted="no")
    report = phk_report_submit(actor=world.hr, lines=lines, notice_letter=pdf_upload())
    rows = phk_rows_confirm(actor=world.mediator, report=report, note="Sudah diverifikasi")
    assert len(rows) == 3
    statuses = dict(report.rows.values_list("participant_id", "status"))
    assert [statuses[p.pk] for p in accepted] == ["confirmed"] * 3
    assert statuses[contested[0].pk] == "reported"
    confirmed = report.rows.filter(status="confirmed").first()
    assert confirmed.mediator == world.mediator and confirmed.confirmed_at is not None
    events = AuditEvent.objects.filter(action="phk_confirmed", from_state="reported", to_state="confirmed")
    assert events.count() == 3


def test_contested_phk_cannot_be_confirmed_directly(world, make_workers, submit):
    (worker,) = make_workers(1)
    report = submit([worker], accepted="no")
    row = report.rows.get()
    with pytest.raises(ApplicationError) as exc:
        phk_rows_confirm(actor=world.mediator, report=report, row_ids=[row.pk])
    assert exc.value.code == "not_accepted"
    with pytest.raises(StateConflictError):
        phk_rows_confirm(actor=world.mediator, report=report)  # nothing confirmable


def test_confirming_twice_is_a_conflict_naming_the_state(world, make_workers, submit):
    (worker,) = make_workers(1)
    report = submit([worker])
    row = report.rows.get()
    phk_rows_confirm(actor=world.mediator, report=report, row_ids=[row.pk])
    with pytest.raises(StateConflictError) as exc:
        phk_rows_confirm(actor=world.mediator, report=report, row_ids=[row.pk])
    assert exc.value.status_code == 409
    assert "Dikonfirmasi mediator" in exc.value.message


def test_mediator_of_another_area_cannot_act(world, make_workers, submit):
    (worker,) = make_workers(1)
    report = submit([worker])
    row = report.rows.get()
    with pytest.raises(ForbiddenError):
        phk_rows_confirm(actor=world.other_mediator, report=report)
    with pytest.raises(ForbiddenError):
        phk_row_mark_disputed(actor=world.other_mediator, row=row, court_case_number="1", court_name="PHI")
    with pytest.raises(ForbiddenError):
        phk_rows_confirm(actor=world.verifier, report=report)
    row.refresh_from_db()
    assert row.status == RowStatus.REPORTED


def test_agreement_is_recorded_with_its_deed_and_document(world, make_workers, submit):
    (worker,) = make_workers(1)
    report = submit([worker], accepted="no")
    row = _agreement(world, report.rows.get(), note="Pesangon disepakati")
    assert row.status == RowStatus.AGREEMENT
    assert (row.agreement_number, row.agreement_deed_number) == ("PB/01/XI/2025", "12/PB/2025/PHI.Smg")
    assert row.documents.get().kind == PhkDocument.Kind.AGREEMENT
    event = AuditEvent.objects.get(action="agreement_recorded", object_id=str(row.pk))
    assert (event.from_state, event.to_state, event.reason) == ("reported", "agreement", "Pesangon disepakati")


def test_agreement_needs_its_fields_and_a_real_document(world, make_workers, submit):
    (worker,) = make_workers(1)
    row = submit([worker], accepted="no").rows.get()
    with pytest.raises(ApplicationError) as exc:
        _agreement(world, row, deed_number=" ", court_name="")
    assert set(exc.value.errors) == {"deed_number", "court_name"}
    with pytest.raises(ApplicationError) as exc:
        _agreement(world, row, deed_date=dt.date(2026, 1, 1))
    assert "deed_date" in exc.value.errors
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ApplicationError) as exc:
        _agreement(world, row, document=SimpleUploadedFile("pb.pdf", b"#!/bin/sh\nrm -rf /\n"))
    assert "document" in exc.value.errors
    row.refresh_from_db()
    assert row.status == RowStatus.REPORTED
    assert not PhkDocument.objects.filter(row=row).exists()


def test_dispute_then_settlement_by_agreement(world, make_workers, submit):
    """Parties may settle while the case is pending: disputed → agreement."""
    (worker,) = make_workers(1)
    row = submit([worker], accepted="no").rows.get()
    phk_row_mark_disputed(actor=world.mediator, row=row, court_case_number="3/PHI/2025", court_name="PHI Smg")
    row = _agreement(world, row)
    assert row.status == RowStatus.AGREEMENT


def test_resolve_requires_a_pending_dispute(world, make_workers, submit):
    (worker,) = make_workers(1)
    row = submit([worker]).rows.get()
    with pytest.raises(StateConflictError):
        phk_row_resolve(
            actor=world.mediator,
            row=row,
            decision_number="1",
            inkracht_date=dt.date(2025, 11, 1),
            outcome="upheld",
            document=pdf_upload(),
        )


def test_dispute_only_from_reported(world, make_workers, submit):
    (worker,) = make_workers(1)
    report = submit([worker])
    phk_rows_confirm(actor=world.mediator, report=report)
    with pytest.raises(StateConflictError):
        phk_row_mark_disputed(actor=world.mediator, row=report.rows.get(), court_case_number="1", court_name="PHI")


def test_annulled_phk_reactivates_the_worker(world, make_workers, submit):
    """When the court reinstates the worker they are active again in the registry (audited)."""
    (worker,) = make_workers(1)
    row = submit([worker], accepted="no").rows.get()
    phk_row_mark_disputed(actor=world.mediator, row=row, court_case_number="7/PHI/2025", court_name="PHI Smg")
    assert not active(worker)
    row = phk_row_resolve(
        actor=world.mediator,
        row=row,
        decision_number="7/Pdt.Sus-PHI/2025/PN Smg",
        inkracht_date=dt.date(2025, 11, 19),
        outcome="annulled",
        document=pdf_upload("putusan.pdf"),
    )
    assert row.status == RowStatus.ANNULLED
    assert active(worker)
    assert AuditEvent.objects.filter(
        object_id=str(worker.pk), action="employment_status_changed", to_state="active"
    ).exists()
