import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.signals import claim_approved
from counseling.models import Assessment, Case, CaseStatus, CounsellingSession, SessionStatus
from counseling.services import (
    assessment_submit,
    case_close,
    case_mark_in_training,
    cases_assign_pending,
    cases_refresh_job_search,
    session_record_attendance,
    session_report,
    session_schedule,
)
from tests.counseling.factories import KonselorFactory, approved_claim, open_case
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db
JKT = ZoneInfo("Asia/Jakarta")


def approve(**kwargs):
    """An approved claim announced the way claims does it: payouts creates the
    benefit and its months, counselling opens the case."""
    claim = approved_claim(**kwargs)
    claim_approved.send(sender=type(claim), claim=claim, actor=None)
    return Case.objects.get(claim=claim)


def caseload_queries(client, params=""):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("counseling:caseload") + params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def _assessment(case):
    return assessment_submit(
        case=case,
        actor=case.participant.user,
        education_level="smk",
        education_major="Tata busana",
        work_history=[{"employer": "PT Sritex", "position": "Operator jahit", "start_year": 2015, "end_year": 2025}],
        skills=["menjahit", "obras"],
        desired_occupations=["8153", "7531"],
        desired_location="33.72",
        willing_to_relocate=False,
        training_interests=["garment"],
        barriers=["care_duties"],
    )


def test_caseload_issues_the_same_number_of_queries_whatever_its_size(client, solo):
    """The caseload page costs a fixed number of queries: 3 cases or 40."""
    konselor = KonselorFactory(office=solo, capacity=100)
    for _ in range(3):
        approve(office=solo)
    cases_assign_pending(actor=None, notify=False)
    client.force_login(konselor.user)
    caseload_queries(client)  # warm up (session, content types)
    small, _ = caseload_queries(client)
    for _ in range(37):
        approve(office=solo)
    cases_assign_pending(actor=None, notify=False)
    caseload_queries(client)  # the session may have left the cache meanwhile
    big, response = caseload_queries(client)
    assert response.context["data"].counts["open"] == 40
    assert big == small
    assert big <= 10
    for queue in ("new", "today", "at_risk", "no_show", "in_training", "reemployed", "closed"):
        count, _ = caseload_queries(client, f"?queue={queue}&sort=name&q=Peserta")
        assert count <= small  # an empty queue skips the rows query


def test_caseload_queues_counts_search_and_filters(client, solo):
    konselor = KonselorFactory(office=solo, capacity=100)
    other = KonselorFactory(office=solo, capacity=100, regencies=["33.74"])
    today = timezone.localdate()
    # month 2 due in 3 days, nothing reported yet: at risk
    at_risk = approve(office=solo, decision_date=today - dt.timedelta(days=28), full_name="Ani Risiko")
    quiet = approve(office=solo, full_name="Budi Tenang")  # month 2 due in a month: not at risk
    trained = approve(office=solo, full_name="Citra Pelatihan")
    closed = approve(office=solo, full_name="Dedi Tutup")
    seen_today = approve(office=solo, full_name="Eka Hariini")
    missed = approve(office=solo, full_name="Fajar Absen")
    cases_assign_pending(actor=None, notify=False)
    foreign = open_case(office=solo, regency="33.74", full_name="Gita Lain")
    cases_assign_pending(actor=None, notify=False)
    foreign.refresh_from_db()
    assert foreign.konselor == other
    for case in (at_risk, quiet, trained, closed, seen_today, missed):
        case.refresh_from_db()
        assert case.konselor == konselor
    case_mark_in_training(case=trained, actor=None)
    case_close(case=closed, reason="Pindah ke luar negeri", actor=None)
    later = timezone.localtime() + dt.timedelta(minutes=5)
    if later.date() == today:
        session_schedule(case=seen_today, mode="online", starts_at=later, meeting_link="https://m.id/x", actor=None)
    yesterday = timezone.now() - dt.timedelta(days=1)
    CounsellingSession.objects.create(
        case=missed,
        konselor=konselor,
        mode="online",
        meeting_link="https://m.id/y",
        starts_at=yesterday,
        status=SessionStatus.NO_SHOW,
    )
    _assessment(quiet)
    cases_refresh_job_search()  # what the hourly task and each job-search activity do

    client.force_login(konselor.user)
    _, response = caseload_queries(client)
    counts = response.context["data"].counts
    assert counts["open"] == 5 and counts["new"] == 3
    assert counts["at_risk"] == 1
    assert counts["in_training"] == 1 and counts["closed"] == 1 and counts["no_show"] == 1
    if later.date() == today:
        assert counts["today"] == 1
    names = lambda r: [case.participant.full_name for case in r.context["rows"]]  # noqa: E731
    assert "Gita Lain" not in names(response)  # another konselor's case
    _, r = caseload_queries(client, "?queue=at_risk")
    assert names(r) == ["Ani Risiko"]
    assert "Berisiko" in r.content.decode()
    _, r = caseload_queries(client, "?queue=no_show")
    assert names(r) == ["Fajar Absen"]
    _, r = caseload_queries(client, "?q=budi")
    assert names(r) == ["Budi Tenang"]
    _, r = caseload_queries(client, f"?q={at_risk.participant.nik[:10]}")
    assert names(r) == ["Ani Risiko"]
    _, r = caseload_queries(client, "?assessment=done")
    assert names(r) == ["Budi Tenang"]
    _, r = caseload_queries(client, "?sort=name")
    assert names(r) == sorted(names(r))
    _, r = caseload_queries(client, "?queue=closed")
    assert names(r) == ["Dedi Tutup"]


def test_other_konselors_case_answers_404_and_supervisor_sees_own_office_only(client, solo, make_user):
    mine = KonselorFactory(office=solo)
    case = open_case(office=solo)
    cases_assign_pending(actor=None)
    url = reverse("counseling:case_detail", args=[case.pk])
    far = OfficeFactory(code="T-BPN", province_codes=["64"])
    stranger = KonselorFactory(office=far, regencies=["64.71"], province_codes=["64"])
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404
    client.force_login(make_user("supervisor", office=far))
    assert client.get(url).status_code == 404
    client.force_login(make_user("supervisor", office=solo))
    assert client.get(url).status_code == 200
    client.force_login(mine.user)
    response = client.get(url)
    assert response.status_code == 200
    client.force_login(case.participant.user)
    assert client.get(url).status_code == 403  # a worker has no staff pages


def test_case_page_shows_assessment_summary_and_session_notes_to_staff(client, solo):
    konselor = KonselorFactory(office=solo)
    case = approve(office=solo)
    cases_assign_pending(actor=None, notify=False)
    _assessment(case)
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(days=2), tick=False):
        session = session_schedule(
            case=case, mode="face_to_face", starts_at=now - dt.timedelta(days=1), place="Disnaker Solo", actor=None
        )
    session_record_attendance(session=session, attended=True, actor=konselor.user)
    session_report(
        session=session,
        notes="Rahasia: masalah keluarga",
        outcome="Cocok di garmen",
        recommendation="job_search",
        next_steps="Lamar ke 5 pabrik garmen",
        actor=konselor.user,
    )
    client.force_login(konselor.user)
    page = client.get(reverse("counseling:case_detail", args=[case.pk])).content.decode()
    assert "8153" in page and "Operator mesin jahit" in page  # KBJI desired occupation
    assert "Rahasia: masalah keluarga" in page
    assert "Lamar ke 5 pabrik garmen" in page

    client.force_login(case.participant.user)
    mine = client.get(reverse("counseling:my_counseling")).content.decode()
    assert konselor.name in mine
    assert "Lamar ke 5 pabrik garmen" in mine
    assert "Rahasia" not in mine and "Cocok di garmen" not in mine


def test_worker_fills_the_assessment_in_the_browser(client, solo):
    KonselorFactory(office=solo)
    case = open_case(office=solo)
    cases_assign_pending(actor=None)
    client.force_login(case.participant.user)
    url = reverse("counseling:assessment")
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "education_level": "sma",
        "education_major": "",
        "skills": "mengemudi SIM B1, gudang",
        "occupation_1": "8332",
        "occupation_2": "4321",
        "occupation_3": "",
        "desired_location": "Solo Raya",
        "willing_to_relocate": "on",
        "training_interests": ["logistics"],
        "barriers": ["transport"],
        "barriers_note": "",
        "work-TOTAL_FORMS": "3",
        "work-INITIAL_FORMS": "0",
        "work-MIN_NUM_FORMS": "0",
        "work-MAX_NUM_FORMS": "10",
        "work-0-employer": "PT Logistik Jaya",
        "work-0-position": "Sopir",
        "work-0-start_year": "2018",
        "work-0-end_year": "2025",
        "work-1-employer": "",
        "work-1-position": "",
        "work-1-start_year": "",
        "work-1-end_year": "",
        "work-2-employer": "",
        "work-2-position": "",
        "work-2-start_year": "",
        "work-2-end_year": "",
    }
    bad = client.post(url, {**data, "occupation_1": "", "work-0-end_year": "2010"})
    assert bad.status_code == 200
    assert not Assessment.objects.filter(case=case).exists()
    assert "Sopir" in bad.content.decode()  # what was typed stays
    response = client.post(url, data)
    assert response.status_code == 302
    assessment = Assessment.objects.get(case=case)
    assert assessment.desired_occupations == ["8332", "4321"]
    assert assessment.skills == ["mengemudi SIM B1", "gudang"]
    assert assessment.work_history == [
        {"employer": "PT Logistik Jaya", "position": "Sopir", "start_year": 2018, "end_year": 2025}
    ]
    assert assessment.willing_to_relocate


def test_worker_without_an_approved_claim_sees_an_explanation(client, make_user):
    worker = make_user("worker")
    client.force_login(worker)
    page = client.get(reverse("counseling:my_counseling"))
    assert page.status_code == 200
    assert "setelah klaim JKP Anda disetujui" in page.content.decode()
    assert client.get(reverse("counseling:assessment")).status_code == 404


def test_worker_confirms_and_asks_to_reschedule_in_the_browser(client, solo):
    KonselorFactory(office=solo)
    case = open_case(office=solo)
    cases_assign_pending(actor=None)
    session = session_schedule(
        case=case,
        mode="online",
        starts_at=timezone.now() + dt.timedelta(days=2),
        meeting_link="https://m.id/a",
        actor=None,
    )
    client.force_login(case.participant.user)
    client.post(reverse("counseling:session_respond", args=[session.pk]), {"action": "confirm"})
    session.refresh_from_db()
    assert session.status == SessionStatus.CONFIRMED
    client.post(
        reverse("counseling:session_respond", args=[session.pk]),
        {"action": "reschedule", "reason": "Wawancara kerja", "preference": "Jumat"},
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.RESCHEDULE_REQUESTED
    other = open_case(office=solo)
    client.force_login(other.participant.user)
    assert (
        client.post(reverse("counseling:session_respond", args=[session.pk]), {"action": "confirm"}).status_code == 404
    )


def test_konselor_schedules_records_attendance_and_reports_in_the_browser(client, solo):
    konselor = KonselorFactory(office=solo)
    case = open_case(office=solo)
    cases_assign_pending(actor=None)
    client.force_login(konselor.user)
    start = timezone.localtime() + dt.timedelta(days=1)
    response = client.post(
        reverse("counseling:session_new", args=[case.pk]),
        {
            "mode": "online",
            "date": start.date().isoformat(),
            "time": "10:00",
            "duration_minutes": "60",
            "meeting_link": "nope",
            "place": "",
        },
    )
    assert response.status_code == 200 and "tautan" in response.content.decode().lower()
    response = client.post(
        reverse("counseling:session_new", args=[case.pk]),
        {
            "mode": "online",
            "date": start.date().isoformat(),
            "time": "10:00",
            "duration_minutes": "60",
            "meeting_link": "https://meet.example.id/abc",
            "place": "",
        },
    )
    assert response.status_code == 302
    session = CounsellingSession.objects.get(case=case)
    assert timezone.localtime(session.starts_at).hour == 10
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=70), tick=False):
        response = client.post(reverse("counseling:session_attendance", args=[session.pk]), {"attended": "1"})
        assert response.url == reverse("counseling:session_report", args=[session.pk])
        response = client.post(
            reverse("counseling:session_report", args=[session.pk]),
            {
                "outcome": "Butuh pelatihan",
                "recommendation": "training",
                "recommended_programme": "Welder SMAW — BLK Surakarta",
                "recommended_programme_ref": "",
                "next_steps": "Daftar pelatihan las",
                "notes": "internal",
            },
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.recommendation == "training" and case.recommended_programme == "Welder SMAW — BLK Surakarta"


def test_supervisor_sees_queue_with_age_and_loads_and_reassigns(client, solo, supervisor):
    a = KonselorFactory(office=solo, capacity=3, name="Konselor Alfa")
    b = KonselorFactory(office=solo, capacity=5, regencies=["33.74"], name="Konselor Beta", active=False)
    with time_machine.travel(timezone.now() - dt.timedelta(days=4), tick=False):
        old = open_case(office=solo)
    cases = [open_case(office=solo) for _ in range(2)]
    waiting = open_case(office=solo)
    cases_assign_pending(actor=None)
    old.refresh_from_db()
    waiting.refresh_from_db()
    assert old.konselor == a  # the oldest first
    assert waiting.status == CaseStatus.UNASSIGNED  # Alfa is full, Beta inactive
    b.active = True
    b.save()
    client.force_login(supervisor)
    page = client.get(reverse("counseling:supervisor_home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Konselor Alfa" in html and "3 / 3" in html
    assert 'data-testid="unassigned-count">1<' in html
    ages = [row["age"] for row in page.context["rows"]]
    assert ages == [0]
    # reassign two of Alfa's cases to Beta, with a reason
    response = client.post(
        reverse("counseling:reassign"),
        {"cases": [old.pk, cases[0].pk], "to_konselor": b.pk, "reason": "Alfa cuti panjang"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.konselor == b
    # without a reason nothing moves
    client.post(reverse("counseling:reassign"), {"cases": [cases[1].pk], "to_konselor": b.pk, "reason": ""})
    cases[1].refresh_from_db()
    assert cases[1].konselor == a
    # "assign all" gives the waiting case to the konselor with room
    client.post(reverse("counseling:assign_pending"))
    waiting.refresh_from_db()
    assert waiting.konselor == a


def test_supervisor_hands_over_a_caseload_in_the_browser(client, solo, supervisor):
    leaving = KonselorFactory(office=solo, capacity=10)
    taker = KonselorFactory(office=solo, capacity=10, regencies=[], active=False)
    cases = [open_case(office=solo) for _ in range(3)]
    cases_assign_pending(actor=None)
    taker.active = True
    taker.save()
    client.force_login(supervisor)
    response = client.post(
        reverse("counseling:handover", args=[leaving.pk]),
        {"to_konselor": taker.pk, "reason": "Mutasi ke Kemnaker pusat", "deactivate": "on"},
    )
    assert response.status_code == 302
    assert set(taker.cases.values_list("pk", flat=True)) == {c.pk for c in cases}
    leaving.refresh_from_db()
    assert not leaving.active
    page = client.get(reverse("counseling:konselor_detail", args=[leaving.pk])).content.decode()
    assert "caseload_handed_over" in page


def test_supervisor_records_leave_and_registers_a_konselor(client, solo, supervisor):
    konselor = KonselorFactory(office=solo)
    client.force_login(supervisor)
    today = timezone.localdate()
    client.post(
        reverse("counseling:absence_add", args=[konselor.pk]),
        {"starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days=2)).isoformat(), "reason": "Cuti"},
    )
    assert konselor.absences.count() == 1
    case = open_case(office=solo)
    cases_assign_pending(actor=None)
    case.refresh_from_db()
    assert case.status == CaseStatus.UNASSIGNED
    response = client.post(
        reverse("counseling:konselor_create"),
        {
            "nip": "199901012022011001",
            "name": "Putri Ayu",
            "username": "konselor.putri",
            "email": "putri@example.id",
            "password": "Sandi-Kuat-2025!",
            "level": "ahli_pertama",
            "office": solo.pk,
            "regencies": ["33.72", "33.09"],
            "province_codes": ["33"],
            "capacity": "80",
            "languages": ["id", "jv"],
            "skills": ["basic_counselling", "job_information"],
        },
    )
    assert response.status_code == 302, [f.errors for f in response.context.get("forms", [])] or response.context[
        "form"
    ].errors
    from counseling.models import Konselor

    putri = Konselor.objects.get(nip="199901012022011001")
    assert putri.user.roles == ["konselor"] and putri.regencies == ["33.72", "33.09"]
    assert putri.user.check_password("Sandi-Kuat-2025!")
    cases_assign_pending(actor=None)
    case.refresh_from_db()
    assert case.konselor == putri


def test_pages_require_login_and_role(client, make_user):
    for name in ("counseling:caseload", "counseling:supervisor_home", "counseling:my_counseling"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(make_user("worker"))
    assert client.get(reverse("counseling:caseload")).status_code == 403
    assert client.get(reverse("counseling:supervisor_home")).status_code == 403
    client.force_login(make_user("konselor"))
    page = client.get(reverse("counseling:caseload"))
    assert page.status_code == 200 and "belum memiliki profil konselor" in page.content.decode()


def test_at_risk_snapshot_follows_job_search_activity(solo, django_capture_on_commit_callbacks):
    """A worker whose month 2 is due in 3 days with nothing reported is at risk;
    once payouts records five applications the caseload no longer shows them
    at risk (the snapshot is refreshed after the activity commits)."""
    from claims.signals import job_search_activity
    from counseling.selectors import CaseloadFilters, caseload

    konselor = KonselorFactory(office=solo)
    today = timezone.localdate()
    case = approve(office=solo, decision_date=today - dt.timedelta(days=28))
    cases_assign_pending(actor=None, notify=False)
    cases_refresh_job_search()
    assert caseload(cases=konselor.cases.all(), filters=CaseloadFilters()).counts["at_risk"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            job_search_activity.send(
                sender=None,
                participant=case.participant,
                kind="application",
                occurred_on=today - dt.timedelta(days=1),
                source="test.application",
                reference=f"lamaran-{n}",
                description="Lamaran operator",
                actor=None,
            )
    case.refresh_from_db()
    assert case.job_search_sufficient is True
    assert caseload(cases=konselor.cases.all(), filters=CaseloadFilters()).counts["at_risk"] == 0


def test_periodic_refresh_task_is_declared():
    import counseling.tasks  # noqa: F401
    from jkp_portal.celery import app

    assert app.conf.beat_schedule["counseling-refresh-job-search"]["task"] == "counseling.refresh_job_search"
    assert app.conf.beat_schedule["counseling-assign-pending"]["task"] == "counseling.assign_pending_cases"
