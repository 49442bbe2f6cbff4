"""The HTML pages: who may open them, what they show, that forms keep what was
typed on a refusal, and fixed query counts on list pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.claims.factories import EmployerFactory
from tests.factories import OfficeFactory
from tests.training.factories import (
    LpkFactory,
    ProgrammeFactory,
    VacancyFactory,
    approved_job_seeker,
    konselor_with_clients,
)
from training.models import AttendanceRecord, Enrolment, Recommendation, Vacancy
from training.services import enrolment_create

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_login_and_other_roles_get_403(client, make_user):
    response = client.get(reverse("training:worker_home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user("verifier"))
    for name in ("training:worker_home", "training:konselor_home", "training:lpk_list", "training:employer_vacancies"):
        assert client.get(reverse(name)).status_code == 403, name


def test_worker_home_shows_budget_matches_enrolments_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    participant, _ = approved_job_seeker(occupation="Penjahit", skills=["menjahit", "obras"])
    for i in range(12):
        VacancyFactory(occupation=f"Operator Jahit {i}")
        enrolment_create(participant=participant, programme=ProgrammeFactory(cost=Decimal("100000")), actor=None)
    client.force_login(participant.user)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("training:worker_home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rp 2.400.000" in page and "Rp 1.200.000" in page  # cap and used
    assert page.count('data-testid="match"') == 10
    assert page.count('data-testid="enrolment"') == 12
    assert "Keterampilan cocok" in page


def test_worker_enrols_from_the_programme_page_and_sees_the_cap_refusal(client):
    participant, _ = approved_job_seeker(decision_date=dt.date(2024, 9, 2), rule_set="PP37_2021")
    cheap = ProgrammeFactory(cost=Decimal("900000"))
    dear = ProgrammeFactory(cost=Decimal("200000"))
    client.force_login(participant.user)
    response = client.post(reverse("training:programme_enrol", args=[cheap.pk]), follow=True)
    assert "Anda terdaftar" in response.content.decode()
    response = client.post(reverse("training:programme_enrol", args=[dear.pk]), follow=True)
    page = response.content.decode()
    assert "melebihi sisa batas biaya pelatihan" in page and "Rp 100.000" in page
    assert Enrolment.objects.filter(participant=participant).count() == 1


def test_a_worker_cannot_withdraw_someone_elses_enrolment(client):
    (a, _), (b, _) = approved_job_seeker(), approved_job_seeker()
    enrolment = enrolment_create(participant=a, programme=ProgrammeFactory(), actor=None)
    client.force_login(b.user)
    assert client.post(reverse("training:enrolment_withdraw", args=[enrolment.pk])).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_profile_form_keeps_typed_values_on_an_unknown_province(client):
    participant, _ = approved_job_seeker()
    client.force_login(participant.user)
    response = client.post(
        reverse("training:profile_edit"),
        {"desired_occupation": "Barista", "skills": "kopi; latte art", "province_code": "99", "regency": "X"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Barista"' in page and "kopi; latte art" in page


def test_konselor_recommends_from_the_client_page_and_cannot_open_strangers(client):
    participant, claim = approved_job_seeker()
    stranger, _ = approved_job_seeker()
    konselor = konselor_with_clients(claim)
    programme = ProgrammeFactory()
    client.force_login(konselor)
    assert client.get(reverse("training:client_detail", args=[stranger.pk])).status_code == 404
    page = client.get(reverse("training:client_detail", args=[participant.pk])).content.decode()
    assert programme.title in page
    response = client.post(
        reverse("training:client_recommend", args=[participant.pk]),
        {"programme": programme.pk, "note": "Cocok"},
        follow=True,
    )
    assert "direkomendasikan" in response.content.decode()
    assert Recommendation.objects.filter(participant=participant, programme=programme, konselor=konselor).exists()


def test_konselor_home_lists_clients_with_fixed_queries(client, django_assert_max_num_queries):
    claims = [approved_job_seeker()[1] for _ in range(15)]
    konselor = konselor_with_clients(*claims)
    client.force_login(konselor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("training:konselor_home"))
    assert response.content.decode().count('data-testid="client"') == 15


def test_employer_posts_a_vacancy_and_keeps_typed_values_on_error(client, make_user):
    employer = EmployerFactory()
    hr = make_user("employer", employer_npp=employer.npp)
    client.force_login(hr)
    closing = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    bad = client.post(
        reverse("training:vacancy_new"),
        {
            "occupation": "Operator Forklift",
            "skills": "forklift",
            "province_code": "33",
            "openings": 2,
            "salary_min": 4000000,
            "salary_max": 3000000,
            "closing_date": closing,
        },
    )
    page = bad.content.decode()
    assert bad.status_code == 200 and "Gaji maksimum" in page and 'value="Operator Forklift"' in page
    good = client.post(
        reverse("training:vacancy_new"),
        {
            "occupation": "Operator Forklift",
            "skills": "forklift; k3 gudang",
            "province_code": "33",
            "regency": "33.72",
            "openings": 2,
            "closing_date": closing,
        },
    )
    vacancy = Vacancy.objects.get(employer=employer)
    assert good.status_code == 302 and good["Location"] == reverse("training:employer_vacancy", args=[vacancy.pk])
    assert vacancy.skills == ["forklift", "k3 gudang"] and vacancy.posted_by == hr


def test_employer_cannot_open_another_companys_vacancy(client, make_user):
    mine, other = EmployerFactory(), EmployerFactory()
    client.force_login(make_user("employer", employer_npp=mine.npp))
    assert client.get(reverse("training:employer_vacancy", args=[VacancyFactory(employer=other).pk])).status_code == 404


def test_employer_vacancy_list_has_fixed_queries(client, make_user, django_assert_max_num_queries):
    employer = EmployerFactory()
    for _ in range(20):
        VacancyFactory(employer=employer)
    client.force_login(make_user("employer", employer_npp=employer.npp))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("training:employer_vacancies"))
    assert response.content.decode().count('data-testid="employer-vacancy"') == 20


def test_employer_csv_upload_reports_bad_rows(client, make_user):
    employer = EmployerFactory()
    client.force_login(make_user("employer", employer_npp=employer.npp))
    closing = (timezone.localdate() + dt.timedelta(days=9)).isoformat()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "loker.csv",
        (
            "jabatan,keterampilan,provinsi,kabupaten_kota,jumlah_lowongan,tanggal_tutup\n"
            f"Kasir,kasir,33,Kota Surakarta,1,{closing}\n"
            f"Kasir,kasir,33,Kota Surakarta,nol,{closing}\n"
        ).encode(),
        content_type="text/csv",
    )
    page = client.post(reverse("training:vacancy_import"), {"file": upload}).content.decode()
    assert "1 diterima, 1 ditolak" in page and "bilangan bulat" in page


def test_staff_record_attendance_for_a_session_in_the_browser(client, make_user):
    office = OfficeFactory(province_codes=["33"])
    supervisor = make_user("supervisor", office=office)
    programme = ProgrammeFactory(sessions=[timezone.localdate() - dt.timedelta(days=1)])
    (a, _), (b, _) = approved_job_seeker(), approved_job_seeker()
    ea = enrolment_create(participant=a, programme=programme, actor=None)
    eb = enrolment_create(participant=b, programme=programme, actor=None)
    session = programme.sessions.get()
    client.force_login(supervisor)
    page = client.get(reverse("training:session_attendance", args=[session.pk])).content.decode()
    assert a.full_name in page and b.full_name in page
    response = client.post(reverse("training:session_attendance", args=[session.pk]), {"present": [str(ea.pk)]})
    assert response.status_code == 302
    marks = dict(AttendanceRecord.objects.filter(session=session).values_list("enrolment_id", "present"))
    assert marks == {ea.pk: True, eb.pk: False}


def test_supervisor_outside_the_lpks_province_gets_404(client, make_user):
    supervisor = make_user("supervisor", office=OfficeFactory(province_codes=["64"]))
    programme = ProgrammeFactory(lpk=LpkFactory(province_code="33"))
    client.force_login(supervisor)
    assert client.get(reverse("training:programme_manage", args=[programme.pk])).status_code == 404
    assert client.get(reverse("training:lpk_detail", args=[programme.lpk_id])).status_code == 404


def test_lpk_and_programme_lists_have_fixed_queries(client, make_user, django_assert_max_num_queries):
    for _ in range(10):
        ProgrammeFactory()
    client.force_login(make_user("admin"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("training:lpk_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("training:programme_list")).status_code == 200


def test_supply_and_demand_page_shows_gaps_and_programmes_closing_them(client, make_user):
    VacancyFactory(occupation="Operator Forklift", skills=["forklift"], openings=5)
    approved_job_seeker(occupation="Operator Forklift", skills=["forklift"])
    programme = ProgrammeFactory(title="Forklift SIO", skills=["forklift"])
    supervisor = make_user("supervisor", office=OfficeFactory(province_codes=["33"]))
    client.force_login(supervisor)
    page = client.get(reverse("training:supply_demand"), {"provinsi": "33"}).content.decode()
    assert "forklift" in page and "+4" in page and programme.title in page


def test_back_office_lists_of_training_data_open_for_admins(client, make_user):
    ProgrammeFactory()
    VacancyFactory()
    client.force_login(make_user("admin"))
    for model in ("lpk", "programme", "enrolment", "vacancy", "application", "jobseekerprofile", "trainingimport"):
        assert client.get(f"/admin/training/{model}/").status_code == 200, model
