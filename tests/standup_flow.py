"""The second half of the stand-up test (tests/test_standup.py), run by
``manage.py shell`` in a production configuration on the freshly stood-up
database: no demo module is installed, nothing is seeded but what the
operator's commands loaded.

The first administrator enrols their second factor through the pages, as on
their first sign-in. Then one worker signs up, files, is verified, approved and
paid: the payout batch goes to the bank's outbox as a pain.001, the bank's
pain.002 answer (written here, the bank being outside the system) comes back
through the inbox, and the ledger check agrees. Prints ``STANDUP OK`` at the
end; any failed check raises.
"""

from __future__ import annotations

import datetime as dt
import re
from base64 import b32decode
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

PASSWORD = "Stand-Up-Kuat-2026!"


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    path = Path(settings.MEDIA_ROOT) / "surat.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    page = canvas.Canvas(str(path))
    page.drawString(72, 720, "Surat keterangan PHK")
    page.save()
    return path.read_bytes()


def admin_enrols_second_factor() -> None:
    client = Client(HTTP_HOST="jkp.example.go.id")
    page = client.post("/accounts/login/", {"username": "admin1", "password": PASSWORD}, secure=True, follow=True)
    assert page.redirect_chain and "/accounts/2fa/setup/" in page.redirect_chain[-1][0], page.redirect_chain
    secret = re.search(r'id="otp-secret"[^>]*>([A-Z2-7 ]+)<', page.content.decode()).group(1).replace(" ", "")
    done = client.post("/accounts/2fa/setup/", {"otp": f"{totp(b32decode(secret)):06d}"}, secure=True)
    assert done.status_code == 200 and done.content.decode().count("<li") >= 10, done.status_code  # recovery codes
    assert client.get("/admin/", secure=True).status_code == 200


def file_verify_approve_pay() -> None:
    from claims.models import Claim, ClaimStatus, Participant
    from claims.models.claims import checklist_for, required_document_kinds
    from claims.payouts.bankfiles import write_pain002
    from claims.payouts.ledger import check_payout_ledger
    from claims.payouts.models import Payment, PayoutBatch
    from claims.payouts.services import run_payouts
    from claims.payouts.services.batches import (
        payout_batch_approve,
        payout_batch_fetch_results,
        payout_batch_send,
    )
    from claims.services.documents import claim_document_upload
    from claims.services.drafts import claim_create_draft
    from claims.services.transitions import claim_approve, claim_submit, claim_verify
    from jkp_portal.accounts.models import User
    from tests.claims.claims_support import register_with_code

    participant = Participant.objects.get()
    # The SMS provider is outside the system: for the sign-up code, the test
    # gateway stands in for it, and the send task runs here (no worker runs).
    from django.test import override_settings

    from jkp_portal.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    with override_settings(SMS_GATEWAY="jkp_portal.common.notifications.LogSmsGateway"):
        registration = register_with_code(
            nik=participant.nik,
            full_name=participant.full_name,
            birth_date=participant.birth_date,
            email="budi@contoh.id",
            password=PASSWORD,
        )
    celery_app.conf.task_always_eager = False
    worker = registration.user
    assert worker.phone == "+6281234567890", worker.phone
    phk = timezone.localdate().replace(day=1) - dt.timedelta(days=10)
    claim, _created = claim_create_draft(
        actor=worker,
        phk_date=phk,
        phk_reason="efficiency",
        proof_type="uncontested",
        bank_name="BRI",
        bank_account_number="0123456789012",
        bank_account_holder=participant.full_name.upper(),
        kapk_signed=True,
    )
    assert claim.office.code == "KC-SKA" and claim.routed_by == "employer_area", (claim.office, claim.routed_by)
    pdf = _pdf()
    for kind in required_document_kinds(claim.proof_type, participant.contract_type):
        claim_document_upload(
            claim=claim, actor=worker, kind=kind, upload=SimpleUploadedFile(f"{kind}.pdf", pdf, "application/pdf")
        )
    claim = claim_submit(claim=claim, actor=worker)
    verifier, approver = User.objects.get(username="verifikator1"), User.objects.get(username="penyetuju1")
    checklist = {code: True for code, _label in checklist_for(claim.proof_type, participant.contract_type)}
    claim = claim_verify(claim=claim, actor=verifier, note="dokumen lengkap", checklist=checklist)
    claim = claim_approve(claim=claim, actor=approver, note="layak")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED

    run_payouts(run_date=timezone.localdate(), notify=False)
    batch = PayoutBatch.objects.get()
    batch = payout_batch_approve(batch_id=batch.pk, actor=User.objects.get(username="penyetuju2"))
    batch = payout_batch_send(batch_id=batch.pk, actor=approver)
    outbox = Path(settings.PAYOUT_BANK_OUTBOX)
    assert (outbox / f"jkp-batch-{batch.pk:09d}.xml").is_file()
    results = [(p.pk, p.attempt, "ACSC", "") for p in batch.payments.all()]
    answer = write_pain002(
        message_id=f"BANK-{batch.pk}",
        original_message_id=batch.message_id,
        created_at=dt.datetime.now(dt.UTC),
        results=results,
    )
    (Path(settings.PAYOUT_BANK_INBOX) / "answer.xml").write_bytes(answer)
    summary = payout_batch_fetch_results(batch_id=batch.pk, actor=approver)
    assert summary.paid == 1 and summary.reconciled, summary
    payment = Payment.objects.get()
    assert payment.status == "paid" and payment.month.benefit.claim_id == claim.pk, payment.status
    report = check_payout_ledger(as_of=timezone.localdate())
    assert report.ok, report


def main() -> None:
    assert not apps.is_installed("jkp_portal.demo"), "the demo app must not be installed"
    admin_enrols_second_factor()
    file_verify_approve_pay()
    print("STANDUP OK")
