"""Demo benefits in every state, replayed through the real services.

Runs after ``jkp_portal.demo.claims.registry`` (offices, staff, registry employers). It creates a
dozen participants of KC Surakarta (and one of KC Balikpapan) with approved
claims decided between two years ago and today, then replays history day by
day: evidence arrives, the payout run settles the due months, batches are
approved by ``penyetuju.solo``, sent to the simulated bank and reconciled.
The latest batches are left where a person takes over in the browser:

* ``pekerja.manfaat`` — claim approved today; month 1 waits in today's
  prepared batch: ``penyetuju.solo`` approves it, downloads the pain.001 file
  and imports the bank's answer (button "Ambil hasil dari bank" or upload);
* ``pekerja.ditahan`` — month 2 was due two days ago with only three
  applications: withheld until the worker reports two more (report page);
* ``pekerja.gagal`` — the bank rejected month 1 (closed account, AC04): the
  worker asks for a new account with their password, enters the code the SMS
  gateway wrote to ``var/sms.log`` (the registry phone), and, since a failed
  transfer waits for it, ``verifikator.solo`` approves the change on
  "Perubahan rekening"; then a staff member prepares the re-issue batch and
  another approves it. The bank's answers of the replayed days are imported
  by ``kepala.solo``, not by the approver (separation of duties);
* others: paid late after being withheld, a forfeited month, a completed
  benefit across the 2025 transition (45 % → 60 %), one ended by re-employment,
  an employer-paid benefit with a reimbursement request, batches prepared,
  approved, sent (past the SLA) and reconciled, a re-issue batch waiting for
  its second person.

Idempotent: when the demo participants already have benefits nothing is done.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from claims.eligibility import Facts, add_months, evaluate
from claims.models import Claim, Contribution, Employer, Participant
from claims.payouts.bank_adapters import SimulatedBank
from claims.payouts.models import BatchStatus, Benefit, EmploymentStatusForm, PayoutBatch
from claims.payouts.services import (
    activity_record,
    bank_account_change_approve,
    bank_account_change_request,
    bank_account_change_verify,
    benefit_end,
    payout_batch_approve,
    payout_batch_import_results,
    payout_batch_prepare_reissue,
    payout_batch_send,
    refresh_month_evidence,
    reimbursement_request,
    run_payouts,
)
from claims.payouts.services.evidence import REPORT_SOURCE
from claims.signals import claim_approved
from jkp_portal.accounts.models import Office, User
from jkp_portal.accounts.services import user_create
from jkp_portal.audit.models import AuditEvent
from jkp_portal.audit.services import audit_record
from jkp_portal.common.notifications import SmsGateway
from jkp_portal.demo.accounts import DEMO_PASSWORD
from jkp_portal.demo.industries import kbli_for

# npp, name, regency, province, office, industry (jkp_portal/demo/industries.py)
SOLO_EMPLOYER = ("DM000001", "PT Bengawan Tekstil Nusantara", "33.72", "33", "KC-SKA", "consumer_goods")
BPN_EMPLOYER = ("DM000002", "PT Mahakam Niaga Sentosa", "64.71", "64", "KC-BPN", "trade_services")
COMPANIES = [
    ("PT Sritex Jaya", "Operator jahit"),
    ("PT Solo Mebel Indah", "Staf gudang"),
    ("CV Batik Laweyan", "Admin penjualan"),
    ("PT Tiga Serangkai", "Staf produksi"),
    ("PT Konimex", "Operator mesin"),
    ("PT Indomarco Prismatama", "Pramuniaga"),
    ("PT Pan Brothers", "QC garmen"),
    ("Hotel Alana Solo", "Housekeeping"),
]


@dataclass
class Case:
    key: str
    username: str
    name: str
    female: bool
    birth: dt.date
    decided_days_ago: int
    bank: str
    account: str
    wage: int
    listed: str = ""  # description in the demo logins, when the account is for people to use
    employer: tuple = SOLO_EMPLOYER
    arrears: int = 0
    decision: dt.date | None = None  # a fixed date instead of days ago
    applications: dict[int, int] = field(default_factory=dict)  # month -> applications before its due date
    invitations: set[int] = field(default_factory=set)
    counselling: set[int] = field(default_factory=set)  # months with a counselling session (PP37 needs one)


def _cases(today: dt.date) -> list[Case]:
    full = {2: 5, 3: 5, 4: 5, 5: 6, 6: 5}
    return [
        Case("today", "pekerja.manfaat", "Agus Prasetyo", False, dt.date(1989, 4, 12), 0, "BRI", "0213010045677", 4_200_000,
             "pekerja, klaim disetujui hari ini: bulan 1 menunggu batch yang disetujui penyetuju.solo"),
        Case("withheld", "pekerja.ditahan", "Siti Nurhaliza", True, dt.date(1993, 8, 30), 33, "BRI", "0213010045682",
             3_300_000, "pekerja, bulan 2 ditahan: baru 3 lamaran, laporkan 2 lagi", applications={2: 3}),
        Case("failed", "pekerja.gagal", "Joko Susilo", False, dt.date(1985, 1, 17), 12, "BNI", "0871234404", 3_900_000,
             "pekerja, transfer bulan 1 gagal (rekening ditutup): perbarui rekening (kata sandi + kode OTP di "
             "var/sms.log), lalu verifikator.solo menyetujui di Perubahan rekening"),
        Case("reissue", "pekerja.wulan", "Wulan Sari", True, dt.date(1995, 5, 5), 12, "BRI", "0213010045101", 2_900_000),
        Case("ready", "pekerja.dimas", "Dimas Saputra", False, dt.date(1990, 2, 2), 12, "BRI", "0213010046404", 3_100_000),
        Case("forfeited", "pekerja.hendra", "Hendra Gunawan", False, dt.date(1982, 7, 9), 100, "Bank Mandiri",
             "1370012345678", 4_800_000, applications={2: 5, 3: 1}, invitations={4}),
        Case("late", "pekerja.ratna", "Ratna Dewi", True, dt.date(1991, 11, 23), 70, "BCA", "0154567890", 3_600_000,
             applications={2: 2, 3: 5}, listed="pekerja, bulan 2 sempat ditahan lalu dibayar dalam masa tenggang"),
        Case("completed", "pekerja.yusuf", "Yusuf Maulana", False, dt.date(1988, 3, 3), 200, "BRI", "0213010047711",
             5_200_000, applications=full),
        Case("ended", "pekerja.lestari", "Lestari Handayani", True, dt.date(1994, 9, 14), 75, "BSI", "7123456789",
             3_000_000, applications={2: 5, 3: 5}),
        Case("employer", "pekerja.teguh", "Teguh Santoso", False, dt.date(1983, 12, 1), 40, "BRI", "0213010048833",
             3_400_000, arrears=4, applications={2: 5}),
        Case("sent", "pekerja.maya", "Maya Anggraini", True, dt.date(1997, 6, 8), 8, "BRI", "0213010049944", 3_050_000),
        Case("approved", "pekerja.rudi", "Rudi Hartono", False, dt.date(1986, 10, 19), 5, "BRI", "0213010051155",
             3_250_000),
        Case("transition", "pekerja.nuraini", "Nur Aini", True, dt.date(1992, 1, 25), 0, "BRI", "0213010052266",
             4_500_000, decision=dt.date(2024, 11, 15), applications=full, counselling={2, 3},
             listed="pekerja, manfaat selesai: diputus 2024 (PP37), bulan 4–6 dibayar 60 % sesuai masa transisi"),
        Case("balikpapan", "pekerja.kaltim", "Fajar Ramadhan", False, dt.date(1990, 8, 8), 0, "Bank Mandiri",
             "1490098765432", 5_900_000, employer=BPN_EMPLOYER,
             listed="pekerja KC Balikpapan, klaim disetujui hari ini (batch untuk penyetuju.bpn)"),
    ]  # fmt: skip


def _employer(spec: tuple) -> Employer:
    npp, name, regency, province, office_code, industry = spec
    office = Office.objects.filter(code=office_code).first()
    sector, kbli_code = kbli_for(industry, name)
    employer, _ = Employer.objects.get_or_create(
        npp=npp,
        defaults={"name": name, "size": "large", "sector": sector, "kbli_code": kbli_code, "province_code": province,
                  "regency": regency, "office": office},
    )  # fmt: skip
    return employer


def _participant(case: Case, index: int, employer: Employer, phk: dt.date) -> Participant:
    day = case.birth.day + (40 if case.female else 0)
    region = "337230" if employer.province_code == "33" else "647130"
    nik = f"{region}{day:02d}{case.birth.month:02d}{case.birth.year % 100:02d}{8001 + index:04d}"
    participant, created = Participant.objects.get_or_create(
        nik=nik,
        defaults={
            "kpj": f"29{index:08d}",
            "full_name": case.name,
            "birth_date": case.birth,
            "sex": "F" if case.female else "M",
            "employer": employer,
            "contract_type": "PKWTT",
            "contract_start": dt.date(2017, 3, 1),
            "jkp_registered_on": dt.date(2021, 2, 22),
            "programs": ["JKN", "JKK", "JKM", "JHT", "JP"],
            "jkn_segment": "PPU",
            "phone": f"0812{index:08d}",
            "email": f"{case.username.replace('.', '_')}@contoh.id",
            "employment_status": Participant.EmploymentStatus.NON_ACTIVE,
        },
    )
    if created:
        first = add_months(phk.replace(day=1), -35)
        rows = []
        for i in range(36):
            period = add_months(first, i)
            arrears = case.arrears and i >= 36 - case.arrears
            rows.append(
                Contribution(participant=participant, period=period, wage=Decimal(case.wage),
                             status="arrears" if arrears else "paid")
            )  # fmt: skip
        Contribution.objects.bulk_create(rows, ignore_conflicts=True)
    if participant.user_id is None:
        user = User.objects.filter(username=case.username).first()
        if user is None:
            first_name, _, last_name = case.name.partition(" ")
            user = user_create(
                username=case.username, password=DEMO_PASSWORD, roles=["worker"], email=participant.email,
                first_name=first_name, last_name=last_name, phone=participant.phone, nik=nik, actor="demo-data",
            )  # fmt: skip
        participant.user = user
        participant.save(update_fields=["user"])
    return participant


def _approve(case: Case, participant: Participant, decision: dt.date, office, staff) -> Benefit:
    phk = decision - dt.timedelta(days=21)
    paid = frozenset(
        (p.year, p.month)
        for p in Contribution.objects.filter(participant=participant, status="paid").values_list("period", flat=True)
    )
    verdict = evaluate(
        Facts(
            birth_date=participant.birth_date,
            jkp_registered_on=participant.jkp_registered_on,
            employer_size=participant.employer.size,
            programs=frozenset(participant.programs),
            jkn_segment=participant.jkn_segment,
            contract_type=participant.contract_type,
            contract_end_date=None,
            phk_date=phk,
            phk_reason="efficiency",
            filed_on=phk + dt.timedelta(days=4),
            decision_date=decision,
            paid_months=paid,
            last_wage=Decimal(case.wage),
            employer_arrears_months=case.arrears,
        )
    )
    if not verdict.eligible:
        raise RuntimeError(f"demo case {case.key} is not eligible: {verdict.failed}")
    decided_at = timezone.make_aware(dt.datetime.combine(decision, dt.time(10, 30)))
    with transaction.atomic():
        claim = Claim.objects.create(
            participant=participant,
            office=office,
            status="approved",
            phk_date=phk,
            phk_reason="efficiency",
            proof_type="uncontested",
            bank_name=case.bank,
            bank_account_number=case.account,
            bank_account_last4=case.account[-4:],
            bank_account_holder=case.name,
            kapk_signed=True,
            kapk_signed_at=decided_at - dt.timedelta(days=10),
            submitted_at=decided_at - dt.timedelta(days=10),
            filed_on=phk + dt.timedelta(days=4),
            verified_by=staff["verifikator.bpn" if office and office.code == "KC-BPN" else "verifikator.solo"],
            verified_at=decided_at - dt.timedelta(days=2),
            decided_by=staff["penyetuju.bpn" if office and office.code == "KC-BPN" else "penyetuju.solo"],
            decided_at=decided_at,
            decision_date=decision,
            decision_note="Data demo: layak sesuai verifikasi dokumen.",
            rule_set=verdict.rule_set,
            payer=verdict.payer,
            wage_base=verdict.wage_base,
            claim_deadline=verdict.claim_deadline,
            verdict=verdict.as_dict(),
        )
        _backdated_history(claim)
        # The days are replayed below, each with its own payout run: nothing is
        # paid at approval time (that would be today, before the replayed days).
        claim_approved.send(sender=Claim, claim=claim, actor=claim.decided_by, settle_now=False)
    return Benefit.objects.get(claim=claim)


def _backdated_history(claim: Claim) -> None:
    """The audit trail the claim's worker and staff read: submitted, verified and
    approved on the demo's dates (the claim is created in its final state)."""
    steps = (
        ("claim_submitted", "draft", "submitted", claim.participant.user, claim.submitted_at),
        ("claim_verified", "submitted", "verified", claim.verified_by, claim.verified_at),
        ("claim_approved", "verified", "approved", claim.decided_by, claim.decided_at),
    )
    for action, from_state, to_state, actor, at in steps:
        event = audit_record(
            actor=actor, obj=claim, action=action, from_state=from_state, to_state=to_state, reason=claim.decision_note
        )
        AuditEvent.objects.filter(pk=event.pk).update(at=at)


def _evidence(benefit: Benefit, case: Case) -> list[tuple[dt.date, callable]]:
    """(date, action) pairs: activities reported a few days before each due date."""
    actions = []
    months = {m.month_no: m for m in benefit.months.all()}
    for month_no, count in case.applications.items():
        due = months[month_no].due_date
        for i in range(count):
            day = due - dt.timedelta(days=3 + 2 * i)
            company, position = COMPANIES[(i + month_no) % len(COMPANIES)]
            actions.append((day, _activity(benefit, "application", day, company, position, f"m{month_no}-{i}")))
    for month_no in case.invitations:
        day = months[month_no].due_date - dt.timedelta(days=6)
        actions.append((day, _activity(benefit, "interview_invitation", day, "PT Konimex", "Operator mesin", "inv")))
    for month_no in case.counselling:
        day = months[month_no].due_date - dt.timedelta(days=8)
        actions.append((day, _activity(benefit, "counselling_session", day, "", "", f"c{month_no}", "counseling.demo")))
    if case.key in ("completed", "transition"):
        day = months[6].due_date - dt.timedelta(days=4)
        actions.append((day, lambda: _form(benefit)))
    return actions


def _activity(benefit, kind, day, company, position, ref, source=REPORT_SOURCE):
    def action():
        activity_record(
            participant=benefit.participant, benefit=benefit, kind=kind, occurred_on=day, source=source,
            reference=f"demo:b{benefit.pk}:{ref}", actor=benefit.participant.user, company=company, position=position,
            channel="job_portal" if kind == "application" else "",
        )  # fmt: skip

    return action


def _form(benefit):
    EmploymentStatusForm.objects.get_or_create(
        benefit=benefit,
        defaults={"status": "seeking", "submitted_by": benefit.participant.user, "submitted_at": timezone.now()},
    )
    refresh_month_evidence(participant_ids=[benefit.participant_id])


class _Outbox(SmsGateway):
    """The demo replays the worker reading the code from their phone."""

    def __init__(self):
        self.texts: list[str] = []

    def send(self, *, phone: str, text: str) -> None:
        self.texts.append(text)


def _change_account(benefit: Benefit, bank: str, number: str, *, reviewer) -> None:
    worker = benefit.participant.user
    outbox = _Outbox()
    # The code is sent when the request commits, so this step runs outside any
    # transaction (as `load_demo_data` runs it, and its tests with real commits).
    change = bank_account_change_request(
        benefit=benefit, actor=worker, password=DEMO_PASSWORD, bank_code=bank, account_number=number,
        holder=benefit.participant.full_name, sms_gateway=outbox,
    )  # fmt: skip
    if not outbox.texts:
        raise RuntimeError("the payouts demo must run outside a transaction: the SMS code is sent on commit")
    code = re.search(r"\b(\d{6})\b", outbox.texts[-1]).group(1)
    outcome = bank_account_change_verify(change_id=change.pk, actor=worker, code=code)
    if outcome.change.status == "in_review":
        bank_account_change_approve(change_id=change.pk, actor=reviewer, note="Data demo: buku tabungan diperiksa.")


def _settle_batches(day: dt.date, today: dt.date, approver, importer) -> None:
    """Approve, send and reconcile what the run put in batches, as the office
    would have done that day; the latest days stay for people to do. The bank's
    answer is imported by someone other than the approver (separation of duties)."""
    age = (today - day).days
    if age <= 2:
        return  # prepared: today's batches are approved in the browser
    bank = SimulatedBank()
    for batch in PayoutBatch.objects.filter(status=BatchStatus.PREPARED, kind="scheduled", payment_count__gt=0):
        if not batch.payments.exists():
            continue
        payout_batch_approve(batch_id=batch.pk, actor=approver)
        if age == 5:
            continue  # approved, file not produced yet
        batch = payout_batch_send(batch_id=batch.pk, actor=approver, adapter=bank)
        if age == 8:
            continue  # at the bank, no answer yet (past its SLA now)
        booked = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(14, 0)))
        content = bank.fetch_results(batch=batch, booked_at=booked)
        payout_batch_import_results(batch_id=batch.pk, actor=importer, content=content, source_name="bank-simulasi")


def load(stdout) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    cases = _cases(today)
    logins = [(c.username, DEMO_PASSWORD, c.listed) for c in cases if c.listed]
    first = cases[0]
    if Benefit.objects.filter(participant__user__username=first.username).exists():
        stdout.write("  payouts: demo benefits already loaded")
        return logins
    staff = {u.username: u for u in User.objects.filter(username__in=[
        "verifikator.solo", "penyetuju.solo", "kepala.solo", "verifikator.bpn", "penyetuju.bpn"])}  # fmt: skip
    missing = {"verifikator.solo", "penyetuju.solo", "kepala.solo", "verifikator.bpn", "penyetuju.bpn"} - set(staff)
    if missing:
        raise RuntimeError(f"payouts demo needs the staff of jkp_portal.demo.accounts: {sorted(missing)}")
    approver = staff["penyetuju.solo"]
    timeline: dict[dt.date, list] = {}
    benefits: dict[str, Benefit] = {}
    for index, case in enumerate(cases):
        decision = case.decision or today - dt.timedelta(days=case.decided_days_ago)
        employer = _employer(case.employer)
        participant = _participant(case, index, employer, decision - dt.timedelta(days=21))
        benefit = _approve(case, participant, decision, employer.office, staff)
        benefits[case.key] = benefit
        for day, action in _evidence(benefit, case):
            timeline.setdefault(day, []).append(action)
        for month in benefit.months.all():
            if month.due_date <= today:
                timeline.setdefault(month.due_date, [])
    ratna = benefits["late"]
    ratna_m2 = ratna.months.get(month_no=2).due_date
    # Ratna reports three more applications two days after month 2 was withheld: paid late.
    for i in range(3):
        day = ratna_m2 + dt.timedelta(days=2)
        timeline.setdefault(day, []).append(
            _activity(ratna, "application", day, *COMPANIES[i + 3], f"late-{i}"))  # fmt: skip
    hendra = benefits["forfeited"]
    timeline.setdefault(hendra.months.get(month_no=3).due_date + dt.timedelta(days=6), [])
    lestari = benefits["ended"]
    ended_on = lestari.months.get(month_no=3).due_date - dt.timedelta(days=9)
    timeline.setdefault(ended_on, []).append(
        lambda: benefit_end(
            participant=lestari.participant,
            on_date=ended_on,
            reason="reemployed",
            actor=staff["kepala.solo"],
            source="demo: laporan penempatan kerja",
        )  # fmt: skip
    )
    timeline.setdefault(today, [])

    for day in sorted(timeline):
        if day > today:
            continue
        for action in timeline[day]:
            action()
        run_payouts(run_date=day, triggered_by="demo-data", notify=False)
        _settle_batches(day, today, approver, staff["kepala.solo"])

    # After the bank's answers: Wulan and Dimas give a new account (password, the
    # code sent to their registry phone, and the review a failed transfer needs);
    # a re-issue batch for Wulan's.
    for key, bank, number in (("reissue", "BNI", "0871234567"), ("ready", "BNI", "0871239876")):
        benefit = benefits[key]
        _change_account(benefit, bank, number, reviewer=staff["verifikator.solo"])
        if key == "reissue":
            payout_batch_prepare_reissue(
                actor=staff["kepala.solo"],
                payment_ids=list(benefit.months.values_list("payment__pk", flat=True).exclude(payment__pk=None)),
            )
    teguh = benefits["employer"]
    hr = User.objects.filter(roles__contains=["employer"], employer_npp=SOLO_EMPLOYER[0]).first()
    if hr is not None:
        reimbursement_request(
            benefit=teguh, actor=hr, arrears_settled_on=today - dt.timedelta(days=10),
            paid_to_worker_on=teguh.decision_date + dt.timedelta(days=3), note="Data demo: bukti transfer terlampir.",
        )  # fmt: skip
    stdout.write(
        f"  payouts: {len(benefits)} demo benefits, {PayoutBatch.objects.count()} batches "
        f"(today's prepared batch waits for penyetuju.solo)"
    )
    return logins
