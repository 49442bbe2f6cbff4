"""A world with two of everything, built through the apps' own factories and
services: side A (the people who make the requests) and side B (the people
whose objects they must never reach).

Side B's personal details are distinctive strings (``secrets``) so a test can
assert that none of them appears in any page or API answer given to side A."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import time_machine

from tests.claims.claims_support import TODAY, make_participant, make_worker, pdf_bytes, submitted_claim
from tests.claims.factories import EmployerFactory, ParticipantFactory
from tests.factories import OfficeFactory, UserFactory

REGENCY = {"a": "33.72", "b": "33.74"}


@dataclass
class Side:
    key: str
    users: dict = field(default_factory=dict)  # role -> user
    objects: dict = field(default_factory=dict)  # model key -> object
    secrets: list = field(default_factory=list)  # strings only this side may see


def _try(side: Side, key: str, build, problems: list):
    """Build one optional object; the world records what it could not build."""
    try:
        obj = build()
    except Exception as exc:  # noqa: BLE001 - reported, the walk falls back to a missing id
        problems.append(f"{side.key}:{key}: {type(exc).__name__}: {exc}")
        return None
    if obj is not None:
        side.objects[key] = obj
    return obj


def build_side(key: str, problems: list) -> Side:
    from claims.models import ClaimDocument
    from counseling.services.assignment import cases_reassign
    from jkp_portal.accounts.models import ApiToken
    from tests.claims.payouts.factories import make_benefit
    from tests.counseling.factories import KonselorFactory
    from tests.training.factories import LpkFactory, ProgrammeFactory, VacancyFactory

    side = Side(key)
    regency = REGENCY[key]
    office = OfficeFactory(code=f"SEC-{key.upper()}", name=f"KC Uji {key.upper()}", regencies=[regency])
    side.objects["office"] = office
    employer = EmployerFactory(
        npp=f"NPP-SEC-{key.upper()}", name=f"PT Uji Rahasia {key.upper()}", regency=regency, office=office
    )
    side.objects["employer"] = employer
    users = side.users
    users["verifier"] = UserFactory(roles=["verifier"], office=office, username=f"ver.{key}")
    users["approver"] = UserFactory(roles=["approver"], office=office, username=f"app.{key}")
    users["supervisor"] = UserFactory(roles=["supervisor"], office=office, username=f"sup.{key}")
    users["registry_officer"] = UserFactory(roles=["registry_officer"], office=office, username=f"reg.{key}")
    users["service_officer"] = UserFactory(roles=["service_officer"], office=office, username=f"desk.{key}")
    users["employer"] = UserFactory(roles=["employer"], employer_npp=employer.npp, username=f"hr.{key}")
    users["mediator"] = UserFactory(roles=["mediator"], area_regencies=[regency], username=f"med.{key}")
    konselor = KonselorFactory(office=office, regencies=[regency], user__username=f"kons.{key}")
    users["konselor"] = konselor.user
    side.objects["konselor"] = konselor

    # A worker with a submitted claim and its documents (distinctive name and NIK).
    participant = make_participant(
        office, employer=employer, full_name=f"Sulastri Rahasia{key.upper()}wati", birth_date=dt.date(1988, 3, 4)
    )
    worker = make_worker(participant)
    users["worker"] = worker
    _try(side, "api_token", lambda: ApiToken.objects.create(user=worker)[0], problems)
    claim = submitted_claim(worker, bank_account_number=f"55501{'7' if key == 'a' else '9'}2468013")
    side.objects.update(participant=participant, claim=claim)
    side.objects["document"] = ClaimDocument.objects.filter(claim=claim).first()
    side.secrets += [participant.nik, participant.full_name, claim.bank_account_number]

    def staged_import():
        from claims.services.registry.staging import registry_import_run, registry_import_start

        officer = users["registry_officer"]
        imp = registry_import_start(kind="contributions", source_name=f"iuran-{key}.csv", actor=officer)
        body = f"nik,period,wage,status\n{participant.nik},2024-01,5000000,paid\n1,2,3,4\n"
        return registry_import_run(registry_import=imp, source=io.BytesIO(body.encode()), actor=officer)

    _try(side, "registry_import", staged_import, problems)

    def assisted():
        # A worker without a phone served at the side's desk: KTP checked, signed form, a draft.
        from claims.services.assisted import assisted_claim_start
        from tests.claims.assisted_support import consent_by_form, open_session

        officer = users["service_officer"]
        walk_in = make_participant(
            office, employer=employer, full_name=f"Wagiman Loket{key.upper()}", phone="", email=""
        )
        side.secrets += [walk_in.nik, walk_in.full_name]
        session = consent_by_form(open_session(officer, walk_in), officer)
        assisted_claim_start(session=session, actor=officer)
        return session

    _try(side, "assisted_session", assisted, problems)

    # A second worker whose claim was approved: a benefit, a counselling case.
    benefit = _try(
        side,
        "benefit",
        lambda: make_benefit(
            decision_date=dt.date(2025, 7, 1), office=office, account=f"66602{'7' if key == 'a' else '9'}135791"
        ),
        problems,
    )
    if benefit is not None:
        bp = benefit.claim.participant
        bp.full_name = f"Bambang Tersembunyi{key.upper()}"
        bp.save(update_fields=["full_name"])
        side.objects["benefit_claim"] = benefit.claim
        side.objects["client"] = bp
        users["benefit_worker"] = bp.user
        side.secrets += [bp.nik, bp.full_name, benefit.claim.bank_account_number]
        from counseling.models import Case

        case = Case.objects.filter(claim=benefit.claim).first()
        if case is not None:
            side.objects["case"] = case
            # Each side's case goes to that side's konselor (not wherever the automatic spread puts it).
            _try(
                side,
                "case_assigned",
                lambda: cases_reassign(
                    case_ids=[case.pk], to_konselor=konselor, reason="uji akses", actor=None, today=TODAY.date()
                ),
                problems,
            )
            case.refresh_from_db()
        from claims.payouts.models import BankAccountChange, JobSearchActivity

        activity = JobSearchActivity.objects.filter(benefit=benefit).first()
        if activity is not None:
            side.objects["job_search_activity"] = activity
        # A bank account change waiting for review by the office's staff.
        new_account = f"77703{'7' if key == 'a' else '9'}246802"
        side.objects["account_change"] = BankAccountChange.objects.create(
            benefit=benefit,
            status="in_review",
            old_bank_code=benefit.bank_code,
            old_bank_name=benefit.bank_name,
            old_account_number=benefit.bank_account_number,
            old_account_last4=benefit.bank_account_last4,
            new_bank_code="BNI",
            new_bank_name="BNI",
            new_account_number=new_account,
            new_account_last4=new_account[-4:],
            new_account_holder=bp.full_name,
            requested_by=bp.user,
        )
        side.secrets.append(new_account)

    # PHK report of the employer, with a worker of its own.
    def phk():
        from django.core.files.uploadedfile import SimpleUploadedFile

        from claims.phk.services import phk_report_submit

        laid_off = ParticipantFactory(employer=employer, full_name=f"Darmini Diberhentikan{key.upper()}")
        side.secrets += [laid_off.nik, laid_off.full_name]
        return phk_report_submit(
            actor=users["employer"],
            lines=[
                {
                    "line": 2,
                    "nik": laid_off.nik,
                    "phk_date": "2025-06-30",
                    "reason": "efficiency",
                    "accepted": "yes",
                    "notes": "",
                }
            ],
            notice_letter=SimpleUploadedFile("surat-phk.pdf", pdf_bytes(), content_type="application/pdf"),
            is_closure=False,
        )

    report = _try(side, "phk_report", phk, problems)
    if report is not None:
        from claims.phk.models import PhkDocument, PhkReportRow

        side.objects["phk_row"] = PhkReportRow.objects.filter(report=report).first()
        side.objects["phk_document"] = PhkDocument.objects.filter(report=report).first()

    def service_day():
        # A closure (a mass-layoff case) of a second employer of the side, confirmed by the
        # side's mediator, and a service day of the side's office with one worker waiting.
        from django.core.files.uploadedfile import SimpleUploadedFile

        from claims.phk.services import phk_report_submit, phk_rows_confirm
        from claims.phk.services.service_days import service_day_arrive, service_day_create

        closing = EmployerFactory(
            npp=f"NPP-SEC-TUTUP-{key.upper()}", name=f"PT Tutup Rahasia {key.upper()}", regency=regency, office=office
        )
        hr = UserFactory(roles=["employer"], employer_npp=closing.npp, username=f"hr.tutup.{key}")
        laid_off = ParticipantFactory(employer=closing, full_name=f"Tukiyem Antrean{key.upper()}")
        side.secrets += [laid_off.nik, laid_off.full_name]
        report = phk_report_submit(
            actor=hr,
            lines=[
                {
                    "line": 2,
                    "nik": laid_off.nik,
                    "phk_date": "2025-06-30",
                    "reason": "business_closure",
                    "accepted": "yes",
                    "notes": "",
                }
            ],
            notice_letter=SimpleUploadedFile("surat-phk.pdf", pdf_bytes(), content_type="application/pdf"),
            is_closure=True,
        )
        phk_rows_confirm(actor=users["mediator"], report=report)
        day = service_day_create(
            actor=users["supervisor"],
            case=report.mass_layoff_case,
            day=TODAY.date(),
            place=f"Aula Tutup {key.upper()}",
            desks=["Meja 1"],
        )
        row = report.rows.get()
        side.objects["service_arrival"] = service_day_arrive(
            service_day=day, row_id=row.pk, actor=users["service_officer"]
        )
        return day

    _try(side, "service_day", service_day, problems)

    # Training: the employer's vacancy; an LPK with a programme (a public catalogue).
    _try(side, "vacancy", lambda: VacancyFactory(employer=employer, regency=regency), problems)
    lpk = _try(side, "lpk", lambda: LpkFactory(regency=regency), problems)
    if lpk is not None:
        programme = _try(side, "programme", lambda: ProgrammeFactory(lpk=lpk, regency=regency), problems)
        if programme is not None:
            side.objects["programme_session"] = programme.sessions.first()
    return side


def build_world():
    problems: list[str] = []
    with time_machine.travel(TODAY, tick=False):
        a = build_side("a", problems)
        b = build_side("b", problems)
    return a, b, problems
