"""The pages: what each role sees and does, and what it cannot reach."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.phk.models import OutreachEvent, PhkReport, RowStatus
from claims.phk.services import outreach_event_create, outreach_event_invite

from .conftest import active
from .factories import csv_upload, pdf_upload

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))


def login(client, user):
    client.force_login(user)
    return client


def test_employer_home_lists_own_reports_and_arrears(
    client, world, make_workers, submit, django_assert_max_num_queries
):
    from tests.claims.factories import add_contributions

    workers = make_workers(3)
    add_contributions(workers[0], start="2025-01", months=6)
    add_contributions(workers[0], start="2025-07", months=4, status="arrears")
    submit(workers[1:])
    submit(make_workers(1, employer=world.other_employer), actor=world.other_hr)
    login(client, world.hr)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("phk:employer_home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "PT Tekstil Sukoharjo Jaya" in body
    assert body.count("LPHK/") == 1  # only its own report
    assert 'data-testid="arrears-streak">4<' in body
    assert "Lebih dari 3 bulan" in body


def test_pages_refuse_the_wrong_roles(client, world):
    login(client, world.mediator)
    assert client.get(reverse("phk:employer_home")).status_code == 403
    assert client.get(reverse("phk:report_upload")).status_code == 403
    client.logout()
    login(client, world.hr)
    assert client.get(reverse("phk:mediator_queue")).status_code == 403
    assert client.get(reverse("phk:mass_layoff_list")).status_code == 403
    client.logout()
    assert client.get(reverse("phk:employer_home")).status_code == 302  # to the login page


def test_single_report_form_keeps_input_on_error_and_submits(client, world, make_workers):
    (worker,) = make_workers(1)
    (stranger,) = make_workers(1, employer=world.other_employer)
    login(client, world.hr)
    data = {
        "nik": stranger.nik,
        "phk_date": "2025-10-31",
        "reason": "efficiency",
        "accepted": "yes",
        "notes": "lini 2",
        "notice_letter": pdf_upload(),
    }
    response = client.post(reverse("phk:report_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "tidak terdaftar sebagai pekerja perusahaan Anda" in body
    assert f'value="{stranger.nik}"' in body and "lini 2" in body
    assert active(stranger)

    data.update(nik=worker.nik, notice_letter=pdf_upload())
    response = client.post(reverse("phk:report_create"), data)
    report = PhkReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("phk:report_detail", args=[report.pk])
    assert not active(worker)


def test_csv_upload_with_errors_shows_each_line_and_offers_the_error_report(client, world, make_workers):
    good, other = make_workers(2)
    login(client, world.hr)
    response = client.post(
        reverse("phk:report_upload"),
        {
            "csv_file": csv_upload(
                [(good.nik, "2025-10-31", "efficiency", "yes", ""), (other.nik, "2099-01-01", "x", "yes", "")]
            ),
            "notice_letter": pdf_upload(),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 dari 2 baris bermasalah" in body
    assert "masa depan" in body and "Alasan PHK tidak dikenal" in body
    upload = response.context["upload"]
    download = client.get(reverse("phk:upload_errors", args=[upload.pk]))
    assert download["Content-Type"].startswith("text/csv")
    text = download.content.decode("utf-8-sig")
    assert text.splitlines()[1].endswith(",OK")
    assert "masa depan" in text.splitlines()[2]
    client.logout()
    login(client, world.other_hr)
    assert client.get(reverse("phk:upload_errors", args=[upload.pk])).status_code == 404


def test_csv_upload_of_a_closure_opens_the_case(client, world, make_workers):
    workers = make_workers(5)
    login(client, world.hr)
    response = client.post(
        reverse("phk:report_upload"),
        {
            "csv_file": csv_upload([(w.nik, "31/10/2025", "business_closure", "ya", "") for w in workers]),
            "notice_letter": pdf_upload(),
            "is_closure": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Kasus PHK massal" in response.content.decode()
    assert PhkReport.objects.get().mass_layoff_case.is_closure


def test_hostile_csv_is_refused_with_a_message(client, world):
    login(client, world.hr)
    response = client.post(
        reverse("phk:report_upload"),
        {"csv_file": SimpleUploadedFile("pekerja.csv", b"MZ\x90\x00" + b"\x00" * 100), "notice_letter": pdf_upload()},
    )
    assert response.status_code == 200
    assert "bukan CSV" in response.content.decode()
    assert not PhkReport.objects.exists()


def test_report_and_document_scoping(client, world, make_workers, submit):
    """Owner, area mediator and office staff see a report; everyone else gets 404 on the guessed id."""
    report = submit(make_workers(1))
    row = report.rows.get()
    doc = report.documents.get()
    urls = [
        reverse("phk:report_detail", args=[report.pk]),
        reverse("phk:row_detail", args=[row.pk]),
        reverse("phk:document", args=[doc.pk]),
    ]
    for user in (world.hr, world.mediator, world.verifier, world.supervisor):
        login(client, user)
        assert [client.get(u).status_code for u in urls] == [200, 200, 200], user.username
        client.logout()
    for user in (world.other_hr, world.other_mediator, world.other_verifier):
        login(client, user)
        assert [client.get(u).status_code for u in urls] == [404, 404, 404], user.username
        client.logout()


def test_document_is_served_inline_with_its_real_type(client, world, make_workers, submit):
    report = submit(make_workers(1))
    login(client, world.mediator)
    response = client.get(reverse("phk:document", args=[report.documents.get().pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_mediator_queue_shows_only_the_area_with_fixed_queries(
    client, world, make_workers, submit, django_assert_max_num_queries
):
    for _ in range(3):
        submit(make_workers(2))
    submit(make_workers(1, employer=world.other_employer), actor=world.other_hr)
    login(client, world.mediator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("phk:mediator_queue"))
    assert response.status_code == 200
    assert response.content.decode().count("LPHK/") == 3
    assert "PT Rokok Semarang" not in response.content.decode()


def test_mediator_confirms_from_the_report_page(client, world, make_workers, submit, report_lines):
    report = submit(make_workers(3))
    login(client, world.mediator)
    page = client.get(reverse("phk:report_detail", args=[report.pk])).content.decode()
    assert 'data-testid="confirm-all"' in page
    response = client.post(reverse("phk:report_confirm", args=[report.pk]), {"note": "ok"}, follow=True)
    assert "3 PHK dikonfirmasi" in response.content.decode()
    assert set(report.rows.values_list("status", flat=True)) == {"confirmed"}
    response = client.post(reverse("phk:report_confirm", args=[report.pk]), {}, follow=True)
    assert "Tidak ada pekerja yang menunggu konfirmasi" in response.content.decode()


def test_mediator_records_agreement_dispute_and_decision_in_the_browser(client, world, make_workers, submit):
    a, b = make_workers(2)
    report = submit([a, b], accepted="no")
    row_a, row_b = report.rows.order_by("line")
    login(client, world.mediator)
    bad = client.post(reverse("phk:row_agreement", args=[row_a.pk]), {"agreement_number": "PB/1"})
    assert bad.status_code == 400
    assert 'value="PB/1"' in bad.content.decode()
    ok = client.post(
        reverse("phk:row_agreement", args=[row_a.pk]),
        {
            "agreement_number": "PB/1",
            "deed_number": "AKTA/2",
            "deed_date": "2025-11-15",
            "court_name": "PHI pada PN Semarang",
            "document": pdf_upload(),
        },
    )
    assert ok.status_code == 302
    row_a.refresh_from_db()
    assert row_a.status == RowStatus.AGREEMENT

    client.post(reverse("phk:row_dispute", args=[row_b.pk]), {"court_case_number": "5/PHI", "court_name": "PHI Smg"})
    row_b.refresh_from_db()
    assert row_b.status == RowStatus.DISPUTED
    page = client.get(reverse("phk:row_detail", args=[row_b.pk])).content.decode()
    assert "tidak dapat disetujui" in page
    client.post(
        reverse("phk:row_resolve", args=[row_b.pk]),
        {"decision_number": "5/Pdt", "inkracht_date": "2025-11-19", "outcome": "upheld", "document": pdf_upload()},
    )
    row_b.refresh_from_db()
    assert row_b.status == RowStatus.CONFIRMED


def test_other_area_mediator_cannot_post_actions(client, world, make_workers, submit):
    report = submit(make_workers(1))
    row = report.rows.get()
    login(client, world.other_mediator)
    assert client.post(reverse("phk:report_confirm", args=[report.pk])).status_code == 404
    assert (
        client.post(
            reverse("phk:row_dispute", args=[row.pk]), {"court_case_number": "1", "court_name": "x"}
        ).status_code
        == 404
    )
    row.refresh_from_db()
    assert row.status == RowStatus.REPORTED


def test_employer_withdraws_in_the_browser(client, world, make_workers, submit):
    (worker,) = make_workers(1)
    report = submit([worker])
    login(client, world.hr)
    response = client.post(reverse("phk:row_withdraw", args=[report.rows.get().pk]), {"reason": "salah orang"})
    assert response.status_code == 302
    assert active(worker)


def test_mass_layoff_page_scoping_and_fixed_queries(client, world, make_workers, submit, django_assert_max_num_queries):
    """The case page stays at a fixed number of queries for 120 workers and is only for staff and mediators."""
    report = submit(make_workers(120), is_closure=True)
    case = report.mass_layoff_case
    url = reverse("phk:mass_layoff_detail", args=[case.pk])
    login(client, world.verifier)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="n-workers">120<' in body
    assert 'data-deadline="2026-04-30"' in body
    assert body.count("hari lagi") == 100  # first page
    with django_assert_max_num_queries(16):
        assert client.get(url + "?page=2").status_code == 200
    client.logout()
    for user, code in (
        (world.mediator, 200),
        (world.supervisor, 200),
        (world.other_verifier, 404),
        (world.other_mediator, 404),
    ):
        login(client, user)
        assert client.get(url).status_code == code, user.username
        client.logout()
    login(client, world.hr)
    assert client.get(url).status_code == 403


def test_outreach_in_the_browser(client, world, make_workers, submit, django_capture_on_commit_callbacks, mailoutbox):
    report = submit(make_workers(4), is_closure=True)
    case = report.mass_layoff_case
    login(client, world.supervisor)
    form = client.get(reverse("phk:event_create", args=[case.pk]))
    assert "Disnaker Kota Surakarta" in form.content.decode()
    response = client.post(
        reverse("phk:event_create", args=[case.pk]),
        {
            "title": "Sosialisasi JKP",
            "starts_at": "2025-11-25T09:00",
            "ends_at": "2025-11-25T12:00",
            "place": "Aula Disnaker",
            "organiser_office": world.office.pk,
            "organiser_disnaker": "Disnaker Kota Surakarta",
            "konselor_names": "Sri Wahyuni",
        },
    )
    event = OutreachEvent.objects.get()
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("phk:event_invite", args=[event.pk]))
    assert event.invitations.count() == 4
    assert len(mailoutbox) == 4
    page = client.get(reverse("phk:event_detail", args=[event.pk])).content.decode()
    assert 'data-testid="send-invitations"' not in page  # everyone is invited
    ids = list(event.invitations.values_list("participant_id", flat=True))
    with time_machine.travel(dt.datetime(2025, 11, 25, 10, 0, tzinfo=WIB), tick=False):
        client.post(reverse("phk:event_attendance", args=[event.pk]), {"attended": ids[:2]})
    event.refresh_from_db()
    assert event.status == OutreachEvent.Status.HELD
    assert event.invitations.filter(attended=True).count() == 2


def test_event_pages_are_scoped(client, world, make_workers, submit):
    report = submit(make_workers(2), is_closure=True)
    event = outreach_event_create(
        actor=world.mediator,
        case=report.mass_layoff_case,
        title="Sosialisasi",
        starts_at=dt.datetime(2025, 11, 25, 9, 0, tzinfo=WIB),
        place="Aula",
    )
    outreach_event_invite(actor=world.mediator, event=event)
    for user in (world.other_mediator, world.other_verifier):
        login(client, user)
        assert client.get(reverse("phk:event_detail", args=[event.pk])).status_code == 404
        assert client.post(reverse("phk:event_invite", args=[event.pk])).status_code == 404
        assert client.get(reverse("phk:event_create", args=[report.mass_layoff_case.pk])).status_code == 404
        client.logout()
