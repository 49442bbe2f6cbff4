"""Service days of a mass layoff: queue numbers on arrival, a desk per officer,
the worker served through the assisted session with the claim pre-filled from
the confirmed report, the day board, and the desk screen with 10,000 workers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from claims.models import ClaimStatus
from claims.phk.models import PhkReportRow, ServiceArrival, ServiceDesk
from claims.phk.selectors import service_day_board, service_day_workers
from claims.phk.services import phk_rows_confirm
from claims.phk.services.service_days import (
    service_arrival_serve,
    service_day_arrive,
    service_day_create,
    service_desk_take,
)
from claims.services.assisted import assisted_claim_start
from claims.services.drafts import claim_update_draft
from claims.services.transitions import claim_submit
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from tests.claims.assisted_support import consent_by_code, make_officer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world, make_workers, submit):
    workers = make_workers(4)
    report = submit(workers, is_closure=True)
    phk_rows_confirm(actor=world.mediator, report=report)
    return report.mass_layoff_case


@pytest.fixture
def officer(world):
    return make_officer(world.office, username="rina.loket")


@pytest.fixture
def day(world, case):
    return service_day_create(
        actor=world.supervisor,
        case=case,
        day=world.today,
        place="Aula PT Tekstil",
        desks=["Meja 1", "Meja 2", "meja 1"],
    )


def rows_of(case):
    return list(PhkReportRow.objects.filter(report__mass_layoff_case=case).select_related("participant").order_by("pk"))


def test_a_day_is_opened_by_the_office_of_the_employer_only(world, case, day):
    assert [d.name for d in day.desks.order_by("name")] == ["Meja 1", "Meja 2"]  # duplicates folded
    assert day.office == world.office
    other = UserFactory(roles=["supervisor"], office=world.other_office)
    with pytest.raises(ForbiddenError):
        service_day_create(actor=other, case=case, day=world.today, place="x", desks=["Meja 1"])
    with pytest.raises(ApplicationError) as exc:
        service_day_create(actor=world.supervisor, case=case, day=world.today, place="Aula", desks=["Meja 1"])
    assert "day" in exc.value.errors  # one day per case and date
    with pytest.raises(ApplicationError) as exc:
        service_day_create(
            actor=world.supervisor, case=case, day=world.today - dt.timedelta(days=1), place="", desks=[]
        )
    assert set(exc.value.errors) == {"day", "place", "desks"}


def test_queue_numbers_in_order_of_arrival_once_per_worker(world, case, day, officer):
    first, second, *_ = rows_of(case)
    a = service_day_arrive(service_day=day, row_id=second.pk, actor=officer)
    b = service_day_arrive(service_day=day, row_id=first.pk, actor=officer)
    assert (a.queue_number, b.queue_number) == (1, 2)
    assert service_day_arrive(service_day=day, row_id=second.pk, actor=officer) == a
    outsider = PhkReportRow.objects.exclude(report__mass_layoff_case=case).first()
    with pytest.raises(ApplicationError):
        service_day_arrive(service_day=day, row_id=outsider.pk if outsider else 987654, actor=officer)
    elsewhere = make_officer(world.other_office, username="petugas.smg")
    with pytest.raises(ForbiddenError):
        service_day_arrive(service_day=day, row_id=first.pk, actor=elsewhere)


def test_one_officer_per_desk(world, day, officer):
    desk1, desk2 = day.desks.order_by("name")
    service_desk_take(service_day=day, desk=desk1, actor=officer)
    with pytest.raises(StateConflictError):
        service_desk_take(service_day=day, desk=desk1, actor=make_officer(world.office, username="dua"))
    service_desk_take(service_day=day, desk=desk2, actor=officer)  # moving frees the first desk
    desk1.refresh_from_db()
    assert desk1.officer is None


def test_serving_opens_the_session_and_the_claim_is_prefilled_from_the_report(world, case, day, officer):
    row, waiting_row, *_ = rows_of(case)
    desk = ServiceDesk.objects.get(service_day=day, name="Meja 1")
    service_desk_take(service_day=day, desk=desk, actor=officer)
    arrival = service_day_arrive(service_day=day, row_id=row.pk, actor=officer)
    service_day_arrive(service_day=day, row_id=waiting_row.pk, actor=officer)
    with pytest.raises(ApplicationError):  # the KTP must carry the registry's NIK
        service_arrival_serve(arrival=arrival, actor=officer, ktp_nik="3372010101010001", identity_confirmed=True)
    session = service_arrival_serve(
        arrival=arrival, actor=officer, ktp_nik=row.participant.nik, identity_confirmed=True
    )
    assert session.desk == "Meja 1, Aula PT Tekstil" and session.officer == officer
    with pytest.raises(StateConflictError):
        service_arrival_serve(arrival=arrival, actor=officer, ktp_nik=row.participant.nik, identity_confirmed=True)

    session = consent_by_code(session, officer)
    claim = assisted_claim_start(session=session, actor=officer)
    assert (claim.phk_date, claim.phk_reason, claim.proof_type) == (row.phk_date, row.reason, "employer_report")
    claim = claim_update_draft(
        claim=claim,
        actor=officer,
        bank_name="BRI",
        bank_account_number="0123456789012",
        bank_account_holder=row.participant.full_name,
        kapk_signed=True,
    )
    claim = claim_submit(claim=claim, actor=officer)  # no upload: the confirmed report is the proof
    assert claim.status == ClaimStatus.SUBMITTED and claim.assisted_by == officer

    board = service_day_board(day)
    assert (board.workers, board.arrived, board.waiting, board.served, board.filed) == (4, 2, 1, 1, 1)
    meja1 = next(d for d in board.desks if d.name == "Meja 1")
    assert (meja1.served, meja1.filed, meja1.officer) == (1, 1, officer)


def test_desk_screen_search_pages_and_scope(client, world, case, day, officer):
    client.force_login(officer)
    url = reverse("phk:service_day", args=[day.pk])
    row = rows_of(case)[0]
    page = client.get(url, {"q": row.participant.full_name}).content.decode()
    assert row.participant.full_name in page and row.participant.nik not in page  # masked NIK only
    page = client.get(url, {"q": row.participant.nik[:8]}).content.decode()
    assert row.participant.full_name in page
    r = client.post(reverse("phk:service_day_arrive", args=[day.pk]), {"row": row.pk})
    assert r.status_code == 302 and ServiceArrival.objects.filter(service_day=day, row=row).exists()
    assert client.get(reverse("phk:service_day_board", args=[day.pk])).status_code == 200
    elsewhere = make_officer(world.other_office, username="petugas.smg")
    client.force_login(elsewhere)
    for name in ("phk:service_day", "phk:service_day_board"):
        assert client.get(reverse(name, args=[day.pk])).status_code == 404
    client.force_login(world.verifier)
    assert client.get(url).status_code == 403


def test_calling_a_worker_shows_and_logs_the_identity_to_compare(client, world, case, day, officer):
    from jkp_portal.audit.models import PersonalDataAccess

    row = rows_of(case)[0]
    desk = ServiceDesk.objects.get(service_day=day, name="Meja 2")
    service_desk_take(service_day=day, desk=desk, actor=officer)
    arrival = service_day_arrive(service_day=day, row_id=row.pk, actor=officer)
    client.force_login(officer)
    url = reverse("phk:service_arrival", args=[arrival.pk])
    assert row.participant.full_name in client.get(url).content.decode()
    assert PersonalDataAccess.objects.filter(user=officer, object_id=str(row.participant.pk)).exists()
    r = client.post(url, {"ktp_nik": row.participant.nik, "identity_confirmed": "on"})
    arrival.refresh_from_db()
    assert r["Location"] == reverse("claims:assisted_session", args=[arrival.session_id])


@pytest.mark.slow
def test_the_desk_screen_stays_one_page_of_queries_with_10000_workers(
    client, world, case, day, officer, django_assert_max_num_queries
):
    from claims.models import Participant
    from tests.claims.factories import ParticipantFactory

    report = rows_of(case)[0].report
    people = Participant.objects.bulk_create(
        ParticipantFactory.build_batch(10_000, employer=world.employer, contract_start=dt.date(2019, 1, 1)),
        batch_size=2000,
    )
    PhkReportRow.objects.bulk_create(
        [
            PhkReportRow(
                report=report,
                participant=p,
                phk_date=dt.date(2025, 10, 31),
                reason="business_closure",
                status="confirmed",
                accepted=True,
            )
            for p in people
        ],
        batch_size=2000,
    )
    assert service_day_workers(day).count() == 10_004
    client.force_login(officer)
    url = reverse("phk:service_day", args=[day.pk])
    with django_assert_max_num_queries(20):
        r = client.get(url, {"page": 150})
    assert r.status_code == 200 and r.content.decode().count('data-testid="arrive-') == 50
    with django_assert_max_num_queries(20):
        r = client.get(url, {"q": people[1234].full_name})
    assert people[1234].full_name in r.content.decode()


def test_the_case_page_leads_the_office_to_a_new_service_day(client, world, case):
    client.force_login(world.supervisor)
    page = client.get(reverse("phk:mass_layoff_detail", args=[case.pk])).content.decode()
    assert 'data-testid="service-day-link"' in page
    r = client.post(
        reverse("phk:service_days"),
        {"case": case.pk, "day": world.today.isoformat(), "place": "Balai Desa", "desks": "Meja A, Meja B"},
    )
    day = case.service_days.get()
    assert r["Location"] == reverse("phk:service_day", args=[day.pk])
    assert [d.name for d in day.desks.order_by("name")] == ["Meja A", "Meja B"]
    client.force_login(world.mediator)  # the mediator sees the case but staffs no desk
    assert (
        'data-testid="service-day-link"'
        not in client.get(reverse("phk:mass_layoff_detail", args=[case.pk])).content.decode()
    )
