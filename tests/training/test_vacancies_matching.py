"""Vacancies (form and CSV) and the matching in both directions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jkp_portal.common.exceptions import ApplicationError
from tests.claims.factories import EmployerFactory
from tests.training.factories import VacancyFactory, approved_job_seeker
from training.models import Vacancy, VacancyStatus
from training.selectors.matching import explain_match, seekers_for_vacancy, vacancies_for_profile
from training.services import vacancies_close_expired, vacancy_create, vacancy_import_csv
from training.services.jobs import job_seeker_reemployed

pytestmark = pytest.mark.django_db


def test_vacancy_form_values_are_checked(make_user):
    employer = EmployerFactory()
    with pytest.raises(ApplicationError) as excinfo:
        vacancy_create(
            employer=employer,
            actor=make_user("employer", employer_npp=employer.npp),
            occupation="Operator Forklift",
            skills="",
            province_code="99",
            salary_min=Decimal("5000000"),
            salary_max=Decimal("4000000"),
            openings=0,
            closing_date=timezone.localdate() - dt.timedelta(days=1),
        )
    assert set(excinfo.value.errors) == {"skills", "province_code", "salary_max", "openings", "closing_date"}


def test_csv_import_saves_good_rows_reports_bad_ones_and_updates_by_reference(make_user):
    """Each bad row is reported with its line; a re-import with the same code updates, not duplicates."""
    employer = EmployerFactory(npp="NPP-LOKER-1")
    user = make_user("employer", employer_npp=employer.npp)
    closing = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    header = (
        "kode_lowongan,jabatan,keterampilan,provinsi,kabupaten_kota,gaji_min,gaji_maks,jumlah_lowongan,tanggal_tutup\n"
    )
    rows = (
        f"L-1,Operator Forklift,forklift; K3 gudang,Jawa Tengah,Kota Semarang,3000000,3500000,2,{closing}\n"
        f"L-2,Barista,kopi;barista,33,Kota Surakarta,,,1,{closing}\n"
        f"L-3,Juru Las,las smaw,Atlantis,Kota X,1,2,1,{closing}\n"
        f"L-4,Admin Gudang,excel,33,Kota Surakarta,4000000,3000000,1,{closing}\n"
        f"L-5,Sopir,mengemudi,33,Kota Surakarta,,,dua,{closing}\n"
        f"L-6,Kasir,kasir,33,Kota Surakarta,,,1,2020-01-01\n"
    )
    run = vacancy_import_csv(data=(header + rows).encode(), source_name="loker.csv", actor=user, employer=employer)
    assert (run.rows_total, run.rows_imported, run.rows_rejected) == (6, 2, 4)
    assert [e["line"] for e in run.errors] == [4, 5, 6, 7]
    assert "Atlantis" in run.errors[0]["reason"]
    forklift = Vacancy.objects.get(employer=employer, reference="L-1")
    assert forklift.skills == ["forklift", "k3 gudang"] and forklift.province_code == "33"
    assert forklift.source == "csv"

    again = vacancy_import_csv(
        data=(header + f"L-1,Operator Forklift Senior,forklift,33,Kota Semarang,,,5,{closing}\n").encode(),
        source_name="loker2.csv",
        actor=user,
        employer=employer,
    )
    assert again.rows_imported == 1
    forklift.refresh_from_db()
    assert forklift.openings == 5 and forklift.occupation == "Operator Forklift Senior"
    assert Vacancy.objects.filter(employer=employer).count() == 2


def test_employer_csv_may_not_post_for_another_company(make_user):
    mine, other = EmployerFactory(), EmployerFactory()
    user = make_user("employer", employer_npp=mine.npp)
    closing = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    data = (
        "npp,jabatan,keterampilan,provinsi,kabupaten_kota,jumlah_lowongan,tanggal_tutup\n"
        f"{other.npp},Kasir,kasir,33,Kota Surakarta,1,{closing}\n"
    ).encode()
    run = vacancy_import_csv(data=data, source_name="x.csv", actor=user, employer=mine)
    assert run.rows_imported == 0 and "bukan perusahaan Anda" in run.errors[0]["reason"]
    assert not Vacancy.objects.exists()


def test_vacancies_past_their_closing_date_are_closed_by_the_daily_task():
    old = VacancyFactory(closing_date=timezone.localdate() - dt.timedelta(days=1))
    current = VacancyFactory()
    assert vacancies_close_expired() == 1
    assert vacancies_close_expired() == 0
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, current.status) == (VacancyStatus.CLOSED, VacancyStatus.OPEN)


def test_worker_sees_matching_vacancies_ranked_with_reasons():
    """Occupation, skills and location all count; unrelated or far-away vacancies are not proposed."""
    participant, _ = approved_job_seeker(occupation="Penjahit", skills=["menjahit", "obras", "pola pakaian"])
    best = VacancyFactory(occupation="Penjahit Garmen", skills=["menjahit", "obras"], regency="33.72")
    province = VacancyFactory(
        occupation="Operator Jahit", skills=["menjahit"], regency="33.74", description="Lini jahit"
    )
    VacancyFactory(occupation="Barista", skills=["kopi"], description="Meracik kopi")
    VacancyFactory(occupation="Penjahit", skills=["menjahit", "obras"], province_code="31", regency="31.75")
    VacancyFactory(occupation="Penjahit", skills=["menjahit"], closing_date=timezone.localdate() - dt.timedelta(days=1))
    matches = vacancies_for_profile(participant.job_profile)
    assert [m.obj for m in matches] == [best, province]
    top = matches[0]
    codes = [r["code"] for r in top.reasons]
    assert codes[:1] == ["occupation"] and "skills" in codes and "location" in codes
    assert "menjahit, obras" in " ".join(top.reason_texts)
    assert "kabupaten/kota yang sama" in " ".join(top.reason_texts)
    assert 0 < matches[1].percent < top.percent <= 100


def test_willing_to_relocate_widens_the_area_and_says_so():
    participant, _ = approved_job_seeker(occupation="Operator Forklift", skills=["forklift"], willing_to_relocate=True)
    far = VacancyFactory(occupation="Operator Forklift", skills=["forklift"], province_code="64", regency="64.71")
    matches = vacancies_for_profile(participant.job_profile)
    assert [m.obj for m in matches] == [far]
    assert matches[0].reasons[-1]["code"] == "relocation"


def test_full_text_search_finds_stemmed_words_in_the_description():
    """A profile skill "menjahit" finds a vacancy that only says "jahit" (Indonesian stemming)."""
    participant, _ = approved_job_seeker(occupation="", skills=["menjahit"])
    vacancy = VacancyFactory(occupation="Operator Produksi", skills=["quality control"], description="Bagian jahit")
    matches = vacancies_for_profile(participant.job_profile)
    assert [m.obj for m in matches] == [vacancy]
    assert matches[0].reasons[0]["code"] == "text"


def test_trigram_similarity_tolerates_a_typo_in_the_occupation():
    participant, _ = approved_job_seeker(occupation="operator forklif", skills=["mengemudi"])
    vacancy = VacancyFactory(occupation="Operator Forklift", skills=["sim b1"], description="")
    matches = vacancies_for_profile(participant.job_profile)
    assert [m.obj for m in matches] == [vacancy]
    assert matches[0].reasons[0]["code"] == "occupation"


def test_vacancy_finds_active_job_seekers_in_its_area():
    vacancy = VacancyFactory(occupation="Operator Jahit", skills=["menjahit", "obras"])
    near, _ = approved_job_seeker(occupation="Penjahit", skills=["menjahit", "obras"])
    mover, _ = approved_job_seeker(
        occupation="Operator Jahit",
        skills=["menjahit"],
        province="35",
        regency="35.78",
        willing_to_relocate=True,
    )
    approved_job_seeker(occupation="Penjahit", skills=["menjahit"], province="35", regency="35.78")
    hired, _ = approved_job_seeker(occupation="Penjahit", skills=["menjahit", "obras"])
    job_seeker_reemployed(participant=hired, on_date=timezone.localdate(), actor=None)
    approved_job_seeker(occupation="Barista", skills=["kopi"])
    matches = seekers_for_vacancy(vacancy)
    assert [m.obj.participant for m in matches] == [near, mover]
    assert "Bersedia pindah" in matches[1].reason_texts[-1]


def test_explain_match_gives_the_same_score_as_the_ranking():
    participant, _ = approved_job_seeker(occupation="Penjahit", skills=["menjahit"])
    vacancy = VacancyFactory(occupation="Penjahit Garmen", skills=["menjahit"])
    ranked = vacancies_for_profile(participant.job_profile)[0]
    score, reasons = explain_match(participant.job_profile, vacancy)
    assert score == ranked.score and reasons == ranked.reasons
