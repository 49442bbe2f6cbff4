"""Service days of a mass layoff: officers file the workers' claims on site.

A supervisor or a service officer of an office whose scope covers the
employer opens a ``ServiceDay`` for the case, a date, a place and its desks
(``service_day_create``). On the day each worker who comes gets the next queue
number (``service_day_arrive``); an officer takes a desk (``service_desk_take``)
and serves the next worker (``service_arrival_serve``): the KTP check opens the
worker's assisted session (``claims.services.assisted``), so consent, the
separation of duties and the audit are those of any desk. The claim the officer
then starts is pre-filled from the employer's confirmed PHK report (PHK date,
reason, proof = the report, through the ``claim_draft_prefill`` hook), so the
desk only adds the bank account, the KAPK and the consent.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import AssistedSession
from claims.services.assisted import assisted_session_open
from jkp_portal.accounts.roles import Role
from jkp_portal.accounts.selectors import office_scope_ids
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError

from ..models import LIVE_STATUSES, MassLayoffCase, PhkReportRow, ServiceArrival, ServiceDay, ServiceDesk

# Who organises a service day; who works its desks.
ORGANISER_ROLES = (Role.SUPERVISOR, Role.SERVICE_OFFICER, Role.ADMIN)
MAX_DESKS = 30


def covers_case(user, case: MassLayoffCase) -> bool:
    """The user's office scope covers the employer's office."""
    if not user.has_role(*ORGANISER_ROLES):
        return False
    ids = office_scope_ids(user)
    return ids is None or case.employer.office_id in ids


def _desk_names(desks) -> list[str]:
    names = []
    for name in desks or ():
        name = " ".join(str(name).split())[:60]
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


@transaction.atomic
def service_day_create(*, actor, case: MassLayoffCase, day: dt.date, place: str, desks) -> ServiceDay:
    if not covers_case(actor, case) or actor.office_id is None:
        raise ForbiddenError(
            _("Hanya petugas kantor BPJS yang menangani pemberi kerja ini yang dapat membuka hari layanan.")
        )
    errors: dict[str, list[str]] = {}
    place = " ".join((place or "").split())[:300]
    names = _desk_names(desks)
    if not isinstance(day, dt.date) or day < timezone.localdate():
        errors["day"] = [_("Pilih tanggal hari ini atau sesudahnya.")]
    if not place:
        errors["place"] = [_("Tulis tempat layanan.")]
    if not names:
        errors["desks"] = [_("Tulis minimal satu meja (mis. Meja 1, Meja 2).")]
    elif len(names) > MAX_DESKS:
        errors["desks"] = [_("Paling banyak %(n)s meja.") % {"n": MAX_DESKS}]
    if not errors and ServiceDay.objects.filter(case=case, day=day).exists():
        errors["day"] = [_("Kasus ini sudah punya hari layanan pada tanggal tersebut.")]
    if errors:
        raise ApplicationError(" ".join(m for ms in errors.values() for m in ms), errors=errors)
    service_day = ServiceDay.objects.create(
        case=case, day=day, place=place, office_id=actor.office_id, created_by=actor
    )
    ServiceDesk.objects.bulk_create([ServiceDesk(service_day=service_day, name=name) for name in names])
    audit_record(
        actor=actor,
        obj=service_day,
        action="service_day_created",
        data={"case": case.pk, "day": day.isoformat(), "desks": names, "office": actor.office.code},
    )
    return service_day


def _require_desk_worker(actor, service_day: ServiceDay) -> None:
    if not actor.has_role(*ORGANISER_ROLES):
        raise ForbiddenError(_("Peran Anda tidak berwenang di hari layanan ini."))
    ids = office_scope_ids(actor)
    if ids is not None and service_day.office_id not in ids:
        raise ForbiddenError(_("Hari layanan ini milik kantor lain."))


def _require_today(service_day: ServiceDay) -> None:
    if service_day.day != timezone.localdate():
        raise StateConflictError(
            _("Hari layanan ini tanggal %(d)s; antrean hanya dibuka pada hari itu.")
            % {"d": service_day.day.strftime("%d-%m-%Y")},
            code="not_today",
        )


@transaction.atomic
def service_day_arrive(*, service_day: ServiceDay, row_id: int, actor) -> ServiceArrival:
    """The worker of report row ``row_id`` came: the next queue number (the same
    one again if they already have one)."""
    _require_desk_worker(actor, service_day)
    _require_today(service_day)
    day = ServiceDay.objects.select_for_update().get(pk=service_day.pk)  # numbers are handed out one at a time
    row = PhkReportRow.objects.filter(
        pk=row_id, report__mass_layoff_case_id=day.case_id, status__in=LIVE_STATUSES
    ).first()
    if row is None:
        raise ApplicationError(_("Pekerja ini tidak termasuk kasus PHK massal ini."), code="not_in_case")
    existing = ServiceArrival.objects.filter(service_day=day, row=row).first()
    if existing is not None:
        return existing
    number = (ServiceArrival.objects.filter(service_day=day).aggregate(n=Max("queue_number"))["n"] or 0) + 1
    arrival = ServiceArrival.objects.create(service_day=day, row=row, queue_number=number)
    audit_record(
        actor=actor, obj=arrival, action="service_arrival_recorded", data={"service_day": day.pk, "number": number}
    )
    return arrival


@transaction.atomic
def service_desk_take(*, service_day: ServiceDay, desk: ServiceDesk, actor) -> ServiceDesk:
    """The officer sits at this desk (leaving the one they had that day)."""
    _require_desk_worker(actor, service_day)
    if not actor.has_role(Role.SERVICE_OFFICER):
        raise ForbiddenError(_("Hanya petugas layanan yang melayani di meja."))
    desk = ServiceDesk.objects.select_for_update().get(pk=desk.pk, service_day=service_day)
    if desk.officer_id not in (None, actor.pk):
        raise StateConflictError(_("Meja ini sudah dipakai petugas lain."), code="desk_taken")
    ServiceDesk.objects.filter(service_day=service_day, officer=actor).exclude(pk=desk.pk).update(officer=None)
    desk.officer = actor
    try:
        with transaction.atomic():
            desk.save(update_fields=["officer"])
    except IntegrityError:
        raise StateConflictError(_("Meja ini sudah dipakai petugas lain."), code="desk_taken") from None
    audit_record(actor=actor, obj=desk, action="service_desk_taken", data={"service_day": service_day.pk})
    return desk


def desk_of(service_day: ServiceDay, actor) -> ServiceDesk | None:
    return ServiceDesk.objects.filter(service_day=service_day, officer_id=actor.pk).first()


@transaction.atomic
def service_arrival_serve(*, arrival: ServiceArrival, actor, ktp_nik: str, identity_confirmed: bool) -> AssistedSession:
    """Call the worker to the officer's desk: the KTP check opens their assisted session."""
    arrival = (
        ServiceArrival.objects.select_for_update().select_related("service_day", "row__participant").get(pk=arrival.pk)
    )
    service_day = arrival.service_day
    _require_desk_worker(actor, service_day)
    _require_today(service_day)
    desk = desk_of(service_day, actor)
    if desk is None:
        raise ApplicationError(_("Pilih meja Anda dahulu."), code="no_desk")
    if arrival.session_id is not None:
        raise StateConflictError(_("Pekerja ini sudah dilayani."), code="already_served")
    session = assisted_session_open(
        actor=actor,
        nik=arrival.row.participant.nik,
        ktp_nik=ktp_nik,
        desk=f"{desk.name}, {service_day.place}",
        identity_confirmed=identity_confirmed,
    )
    arrival.session = session
    arrival.desk = desk
    arrival.served_at = timezone.now()
    arrival.save(update_fields=["session", "desk", "served_at"])
    audit_record(
        actor=actor,
        obj=arrival,
        action="service_arrival_served",
        data={"service_day": service_day.pk, "desk": desk.name, "assisted_session": session.pk},
    )
    return session
