"""Demo data for PHK reports, mediation, a mass layoff and its outreach (idempotent).

Runs after ``jkp_portal.demo.claims.registry`` (which creates the registry, the HR account of PT
Bengawan Tekstil Nusantara and ``mediator.solo``):

- PT Bengawan Tekstil Nusantara reports two PHKs: one the mediator confirmed,
  one disputed at the PHI court;
- PT Sukoharjo Sinar Sandang, a textile mill in Kabupaten Sukoharjo, closes
  and reports its 200 workers at once: a mass-layoff case, confirmed by the
  mediator (two contested PHKs settled by perjanjian bersama, one waiting),
  a sosialisasi held last week with attendance, and an online follow-up
  scheduled; a few workers have already signed up.

Everything goes through the services (audited, notified); only the timestamps
are moved into the past afterwards so the story reads naturally.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from claims.eligibility import add_months
from claims.models import Contribution, Employer, Participant
from claims.phk.models import MassLayoffCase, OutreachEvent, PhkReport, PhkReportRow, RowStatus, ServiceDay
from claims.phk.services import (
    outreach_event_create,
    outreach_event_invite,
    outreach_event_record_attendance,
    phk_report_submit,
    phk_row_mark_disputed,
    phk_row_record_agreement,
    phk_rows_confirm,
)
from jkp_portal.accounts.models import Office, User
from jkp_portal.accounts.services import user_create
from jkp_portal.audit.models import AuditEvent
from jkp_portal.demo.accounts import DEMO_PASSWORD
from jkp_portal.demo.industries import kbli_for

SEED = 20251107
CLOSURE = ("DM900001", "PT Sukoharjo Sinar Sandang", "33.11", "3311")
CLOSURE_HR = "hr.sukoharjo"
CLOSURE_WORKER = "pekerja.sukoharjo"
FALLBACK_EMPLOYER = ("DM900002", "PT Solo Batik Lestari", "33.72", "3372")
FALLBACK_HR = "hr.demo"
MEDIATOR = "mediator.solo"
CLAIMS_DEMO_HR = "hr.bengawan"
WORKERS = 200
SIGNED_UP = 12

FIRST = [
    "Sri",
    "Siti",
    "Dwi",
    "Tri",
    "Eko",
    "Agus",
    "Budi",
    "Wahyu",
    "Rini",
    "Endang",
    "Suparni",
    "Sumarni",
    "Yuli",
    "Ratna",
    "Joko",
    "Bambang",
    "Slamet",
    "Sugeng",
    "Lestari",
    "Wulan",
    "Purwanti",
    "Kartini",
    "Sutrisno",
    "Haryanto",
    "Nur",
    "Fitri",
    "Anik",
    "Heru",
    "Puji",
    "Dian",
    "Retno",
    "Yanti",
]
LAST = [
    "Wahyuni",
    "Rahayu",
    "Lestari",
    "Setiawan",
    "Prasetyo",
    "Susanti",
    "Handayani",
    "Purnomo",
    "Wibowo",
    "Kusuma",
    "Utami",
    "Hidayat",
    "Santoso",
    "Saputra",
    "Pratiwi",
    "Maryani",
    "Suryani",
    "Nugroho",
    "Haryati",
    "Astuti",
    "Widodo",
    "Winarsih",
    "Sulistyo",
    "Mulyani",
    "Riyanto",
    "Ningsih",
]
DEPARTMENTS = ["pemintalan", "penenunan", "pencelupan", "finishing", "gudang", "jahit", "QC"]


def _notice_letter(title: str, lines: list[str]) -> SimpleUploadedFile:
    """A one-page scanned-looking letter (an image saved as PDF)."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    y = 120
    for text in [title, "", *lines]:
        draw.text((120, y), text, fill="black")
        y += 34
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=150)
    return SimpleUploadedFile("surat-pemberitahuan-phk.pdf", out.getvalue(), content_type="application/pdf")


def _user(username: str, **kwargs) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(username=username, password=DEMO_PASSWORD, actor="demo-data", **kwargs)
    return user


def _nik(regency: str, district: int, birth: dt.date, female: bool, serial: int) -> str:
    day = birth.day + (40 if female else 0)
    return f"{regency}{district:02d}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def _thousands(value: Decimal) -> Decimal:
    return (value / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1000


def _employer(spec, *, office: Office | None, size: str, closed: bool) -> Employer:
    npp, name, regency, _code = spec
    sector, kbli_code = kbli_for("consumer_goods", name)
    employer, _created = Employer.objects.get_or_create(
        npp=npp,
        defaults={
            "name": name,
            "size": size,
            "sector": sector,
            "kbli_code": kbli_code,
            "province_code": "33",
            "regency": regency,
            "office": office,
            "bankrupt_or_closed": closed,
        },
    )
    return employer


def _workforce(employer: Employer, spec, count: int, *, last_paid: dt.date, rng: random.Random) -> list[Participant]:
    """``count`` participants with 24–60 paid months up to ``last_paid`` (created once)."""
    existing = list(Participant.objects.filter(employer=employer).order_by("id"))
    if len(existing) >= count:
        return existing[:count]
    people = []
    for i in range(count):
        female = rng.random() < 0.7  # textile mills employ mostly women
        birth = dt.date(rng.randint(1972, 2002), rng.randint(1, 12), rng.randint(1, 28))
        months = rng.randint(24, 60)
        start = add_months(last_paid, -(months - 1)).replace(day=rng.randint(1, 28))
        people.append(
            (
                Participant(
                    nik=_nik(spec[3], rng.randint(1, 12), birth, female, 7000 + i),
                    kpj=f"25{spec[3]}{i:05d}",
                    full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    birth_date=birth,
                    sex="F" if female else "M",
                    employer=employer,
                    contract_type="PKWTT" if rng.random() < 0.8 else "PKWT",
                    contract_start=start,
                    contract_end=None,
                    jkp_registered_on=max(start, dt.date(2021, 2, 2)),
                    programs=["JKN", "JKK", "JKM", "JHT", "JP"],
                    jkn_segment="PPU",
                    phone=f"08{rng.choice(['12', '13', '21', '52', '57', '77', '95'])}{rng.randint(10_000_000, 99_999_999)}",
                    email=f"{spec[0].lower()}.{i:03d}@surel.contoh.id" if rng.random() < 0.6 else "",
                ),
                months,
                _thousands(Decimal(rng.randint(2_360_000, 3_300_000))),
            )
        )
    Participant.objects.bulk_create([p for p, _m, _w in people], ignore_conflicts=True)
    ids = dict(Participant.objects.filter(employer=employer).values_list("nik", "pk"))
    Contribution.objects.bulk_create(
        [
            Contribution(
                participant_id=ids[p.nik], period=add_months(last_paid, -k).replace(day=1), wage=wage, status="paid"
            )
            for p, months, wage in people
            if p.nik in ids
            for k in range(months)
        ],
        ignore_conflicts=True,
        batch_size=5000,
    )
    return list(Participant.objects.filter(employer=employer).order_by("id"))[:count]


def _backdate(obj, when: dt.datetime, *fields: str) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**dict.fromkeys(fields, when))
    AuditEvent.objects.filter(
        content_type__app_label=obj._meta.app_label, content_type__model=obj._meta.model_name, object_id=str(obj.pk)
    ).update(at=when)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _single_reports(hr: User, mediator: User, today: dt.date, rng: random.Random) -> list[PhkReport]:
    """One PHK the mediator confirmed and one in dispute, at the HR account's company."""
    employer = Employer.objects.get(npp=hr.employer_npp)
    if PhkReport.objects.filter(employer=employer, source=PhkReport.Source.FORM).count() >= 2:
        return list(PhkReport.objects.filter(employer=employer, source=PhkReport.Source.FORM))
    candidates = list(
        Participant.objects.filter(employer=employer, user__isnull=True, employment_status="active")
        .exclude(phk_rows__isnull=False)
        .filter(contract_start__lte=add_months(today, -13))
        .order_by("kpj")[:2]
    )
    if len(candidates) < 2:
        return []
    confirmed_worker, disputed_worker = candidates
    phk_date = add_months(today, -1).replace(day=15)
    reports = []
    for worker, accepted, reason, note in (
        (confirmed_worker, "yes", "efficiency", "Pengurangan lini tenun 3; pesangon dibayar penuh."),
        (disputed_worker, "no", "disciplinary", "Pekerja menolak PHK karena pelanggaran disiplin."),
    ):
        report = phk_report_submit(
            actor=hr,
            lines=[
                {
                    "line": 1,
                    "nik": worker.nik,
                    "phk_date": phk_date,
                    "reason": reason,
                    "accepted": accepted,
                    "notes": note,
                }
            ],
            notice_letter=_notice_letter(
                f"SURAT PEMBERITAHUAN PHK No. {rng.randint(100, 999)}/HRD/{phk_date:%m}/{phk_date:%Y}",
                [f"Kepada Yth. {worker.full_name}", f"NIK {worker.nik}", f"Terhitung {phk_date:%d-%m-%Y}", note],
            ),
            source=PhkReport.Source.FORM,
        )
        reports.append(report)
    phk_rows_confirm(actor=mediator, report=reports[0], note="Pekerja hadir dan menyatakan tidak keberatan.")
    phk_row_mark_disputed(
        actor=mediator,
        row=reports[1].rows.get(),
        court_case_number=f"{rng.randint(20, 90)}/Pdt.Sus-PHI/{today:%Y}/PN Smg",
        court_name="PHI pada PN Semarang",
        note="Mediasi tidak mencapai kesepakatan; anjuran tertulis tidak diterima pekerja.",
    )
    return reports


def _closure(mediator: User, today: dt.date, rng: random.Random) -> MassLayoffCase | None:
    office = Office.objects.filter(code="KC-SKA").first()
    employer = _employer(CLOSURE, office=office, size="large", closed=True)
    hr = _user(
        CLOSURE_HR,
        roles=["employer"],
        email="hrd@sinarsandang.contoh.id",
        first_name="Yohanes",
        last_name="Kristanto",
        employer_npp=employer.npp,
    )
    existing = MassLayoffCase.objects.filter(employer=employer).first()
    if existing is not None:
        return existing
    phk_date = today - dt.timedelta(days=24)
    workers = _workforce(employer, CLOSURE, WORKERS, last_paid=add_months(phk_date, -1), rng=rng)
    contested = {w.pk for w in workers[-3:]}
    lines = [
        {
            "line": i + 2,
            "nik": w.nik,
            "phk_date": phk_date,
            "reason": "business_closure",
            "accepted": "no" if w.pk in contested else "yes",
            "notes": f"bagian {rng.choice(DEPARTMENTS)}",
        }
        for i, w in enumerate(workers)
    ]
    report = phk_report_submit(
        actor=hr,
        lines=lines,
        notice_letter=_notice_letter(
            f"PENGUMUMAN PENUTUPAN PERUSAHAAN No. 014/DIR/SSS/{phk_date:%m}/{phk_date:%Y}",
            [
                f"Dengan berat hati {employer.name} menghentikan seluruh kegiatan produksi",
                f"terhitung {phk_date:%d-%m-%Y} karena penurunan pesanan dan kerugian berturut-turut.",
                f"Seluruh {WORKERS} pekerja diberhentikan; hak pesangon dibayarkan sesuai peraturan.",
            ],
        ),
        is_closure=True,
        notes="Penutupan pabrik; daftar 200 pekerja terlampir. Pesangon dibayar bertahap.",
        source=PhkReport.Source.CSV,
    )
    reported_at = _at(phk_date + dt.timedelta(days=2), 10, 15)
    phk_rows_confirm(
        actor=mediator, report=report, note="Rapat klarifikasi dengan serikat pekerja; PHK tidak diperselisihkan."
    )
    contested_rows = list(report.rows.filter(participant_id__in=contested).order_by("line"))
    for k, row in enumerate(contested_rows[:2], start=1):
        phk_row_record_agreement(
            actor=mediator,
            row=row,
            agreement_number=f"PB/{k:02d}/SSS/{today:%m}/{today:%Y}",
            deed_number=f"{40 + k}/PB/{today:%Y}/PHI.Smg",
            deed_date=today - dt.timedelta(days=6),
            court_name="PHI pada PN Semarang",
            document=_notice_letter(
                "PERJANJIAN BERSAMA", [f"Para pihak: {report.employer.name} dan {row.participant.full_name}"]
            ),
            note="Kesepakatan besaran pesangon.",
        )
    case = MassLayoffCase.objects.get(opening_report=report)
    _backdate(report, reported_at, "submitted_at")
    _backdate(case, reported_at, "opened_at")
    PhkReportRow.objects.filter(report=report, status=RowStatus.CONFIRMED).update(
        confirmed_at=reported_at + dt.timedelta(days=3)
    )

    # Some workers have already signed up (the portal account is their NIK).
    signed = [w for w in workers if w.pk not in contested][:SIGNED_UP]
    for i, worker in enumerate(signed):
        username = CLOSURE_WORKER if i == 0 else worker.nik
        first, _sep, last = worker.full_name.partition(" ")
        user = _user(
            username,
            roles=["worker"],
            email=worker.email or f"{worker.nik}@surel.contoh.id",
            first_name=first,
            last_name=last,
            phone=worker.phone,
            nik=worker.nik,
        )
        Participant.objects.filter(pk=worker.pk, user__isnull=True).update(user=user)

    supervisor = User.objects.filter(username="kepala.solo").first() or mediator
    held = outreach_event_create(
        actor=supervisor,
        case=case,
        title="Sosialisasi JKP bagi eks pekerja PT Sukoharjo Sinar Sandang",
        starts_at=_at(today - dt.timedelta(days=7), 9),
        ends_at=_at(today - dt.timedelta(days=7), 12),
        place="Pendopo Kecamatan Sukoharjo, Jl. Jenderal Sudirman 199, Sukoharjo",
        organiser_office=office,
        organiser_disnaker="Disnaker Kabupaten Sukoharjo",
        konselor_names="Widyastuti Pratiwi (Pengantar Kerja Ahli Muda), Agus Prasetyo (Pengantar Kerja Ahli Pertama)",
        description="Penjelasan manfaat JKP (uang tunai, informasi pasar kerja, pelatihan), pendaftaran akun dan "
        "pengajuan klaim dibantu petugas, asesmen diri bersama konselor JKP. Bawa KTP dan buku tabungan.",
    )
    outreach_event_invite(actor=supervisor, event=held)
    invited = list(held.invitations.values_list("participant_id", flat=True))
    attended = [pid for pid in invited if rng.random() < 0.68]
    outreach_event_record_attendance(
        actor=supervisor, event=held, attended_participant_ids=attended, note="Dibantu 6 petugas BPJS dan 2 konselor."
    )
    _backdate(held, _at(today - dt.timedelta(days=9), 14), "created_at")
    OutreachEvent.objects.filter(pk=held.pk).update(held_at=_at(today - dt.timedelta(days=7), 12, 30))

    follow_up = outreach_event_create(
        actor=mediator,
        case=case,
        title="Klinik klaim JKP daring (lanjutan)",
        starts_at=_at(today + dt.timedelta(days=5), 13),
        ends_at=_at(today + dt.timedelta(days=5), 15),
        place="Kantor Disnaker Kabupaten Sukoharjo, Jl. Abu Tholib Sastrotenoyo, Sukoharjo",
        online_link="https://meet.contoh.id/jkp-sukoharjo",
        organiser_office=office,
        organiser_disnaker="Disnaker Kabupaten Sukoharjo",
        konselor_names="Widyastuti Pratiwi",
        description="Untuk pekerja yang belum mendaftar atau belum mengajukan klaim.",
    )
    outreach_event_invite(actor=mediator, event=follow_up)
    return case


def _service_day(case: MassLayoffCase, today: dt.date) -> ServiceDay | None:
    """Today's on-site service day for the closure, three desks, the first workers
    in the queue (petugas.layanan takes a desk and calls them). Once per date."""
    from claims.phk.services.service_days import service_day_arrive, service_day_create

    supervisor = User.objects.filter(username="kepala.solo").first()
    officer = User.objects.filter(username="petugas.layanan").first()
    if supervisor is None or officer is None:
        return None
    existing = ServiceDay.objects.filter(case=case, day=today).first()
    if existing is not None:
        return existing
    service_day = service_day_create(
        actor=supervisor,
        case=case,
        day=today,
        place="Pendopo Kecamatan Sukoharjo, Jl. Jenderal Sudirman 199, Sukoharjo",
        desks=["Meja 1", "Meja 2", "Meja 3"],
    )
    waiting = (
        PhkReportRow.objects.filter(report__mass_layoff_case=case, status=RowStatus.CONFIRMED, participant__user=None)
        .order_by("line")
        .values_list("pk", flat=True)[:4]
    )
    for row_id in waiting:
        service_day_arrive(service_day=service_day, row_id=row_id, actor=officer)
    return service_day


@transaction.atomic
def load(stdout) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    rng = random.Random(SEED)
    logins = []
    mediator = User.objects.filter(username=MEDIATOR).first() or _user(
        MEDIATOR,
        roles=["mediator"],
        email="mediator.solo@disnaker.contoh.id",
        first_name="Suharti",
        last_name="Rahayu",
        area_regencies=["33.72", "33.11"],
    )
    hr = User.objects.filter(username=CLAIMS_DEMO_HR).first()
    if hr is None:
        office = Office.objects.filter(code="KC-SKA").first()
        employer = _employer(FALLBACK_EMPLOYER, office=office, size="medium", closed=False)
        _workforce(employer, FALLBACK_EMPLOYER, 30, last_paid=add_months(today, -1), rng=rng)
        hr = _user(
            FALLBACK_HR,
            roles=["employer"],
            email="hrd@solobatik.contoh.id",
            first_name="Dewi",
            employer_npp=employer.npp,
        )
        logins.append((FALLBACK_HR, DEMO_PASSWORD, f"HR pemberi kerja {employer.name} (laporan PHK)"))
        logins.append((MEDIATOR, DEMO_PASSWORD, "mediator Disnaker, Kota Surakarta & Kabupaten Sukoharjo"))
    singles = _single_reports(hr, mediator, today, rng)
    case = _closure(mediator, today, rng)
    service_day = _service_day(case, today) if case is not None else None
    logins.append((CLOSURE_HR, DEMO_PASSWORD, f"HR {CLOSURE[1]} (tutup, PHK massal {WORKERS} pekerja)"))
    logins.append(
        (CLOSURE_WORKER, DEMO_PASSWORD, "pekerja PHK massal Sukoharjo, sudah daftar, klaim terisi dari laporan PHK")
    )
    stdout.write(
        f"  phk: {len(singles)} single reports at {hr.employer_npp}, mass-layoff case "
        f"{case.number if case else '-'} ({WORKERS} workers, 2 outreach events"
        f"{', a service day today' if service_day else ''})"
    )
    return logins
