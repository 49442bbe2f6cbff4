"""Outreach (sosialisasi) to the workers of a mass layoff, and the reminders
sent to workers who have not filed as their claim deadline approaches.

Event states: ``scheduled`` → ``held`` (attendance recorded) or ``cancelled``.
Invitations go to every affected worker once (a repeated send only reaches
workers added since); reminders go once per worker and threshold (30, 14 and 7
days before the deadline), guaranteed by a unique constraint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from claims.models import Participant
from jkp_portal.accounts.models import Office
from jkp_portal.audit.services import audit_record
from jkp_portal.common.exceptions import ApplicationError, ForbiddenError, StateConflictError
from jkp_portal.common.notifications import render_message

from ..deadlines import (
    REMINDER_DAYS,
    claim_deadline,
    deadline_months,
    phk_date_range_with_deadline_between,
    reminder_due,
)
from ..models import LIVE_STATUSES, DeadlineReminder, MassLayoffCase, OutreachEvent, OutreachInvitation, PhkReportRow
from ..selectors import case_rows, is_area_mediator, is_case_staff, with_claim_progress
from .reports import _notify_participant

CHANNELS = ("email", "sms")


def can_manage_case(user, case: MassLayoffCase) -> bool:
    """BPJS staff of the employer's office scope and the area's mediator organise outreach."""
    return is_case_staff(user, case.employer) or is_area_mediator(user, case.employer)


def _require_manager(actor, case: MassLayoffCase) -> None:
    if not can_manage_case(actor, case):
        raise ForbiddenError(
            _("Hanya petugas BPJS kantor terkait atau mediator wilayah yang dapat mengelola sosialisasi ini.")
        )


def _wrong_state(event: OutreachEvent, action: str) -> StateConflictError:
    return StateConflictError(
        _("%(action)s tidak dapat dilakukan: sosialisasi berstatus %(status)s.")
        % {"action": action, "status": event.get_status_display()},
        errors={"status": [event.status]},
    )


def _when(event: OutreachEvent) -> str:
    local = timezone.localtime(event.starts_at)
    return f"{date_format(local, 'l, j F Y')} {local:%H.%M} WIB"


def _where(event: OutreachEvent) -> str:
    parts = [p for p in (event.place, event.online_link) if p]
    return " / ".join(parts)


@transaction.atomic
def outreach_event_create(
    *,
    actor,
    case: MassLayoffCase,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    place: str = "",
    online_link: str = "",
    organiser_office: Office | None = None,
    organiser_disnaker: str = "",
    konselor_names: str = "",
    description: str = "",
) -> OutreachEvent:
    _require_manager(actor, case)
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("Wajib diisi.")]
    if starts_at is None:
        errors["starts_at"] = [_("Wajib diisi.")]
    if not (place or "").strip() and not (online_link or "").strip():
        errors["place"] = [_("Isi tempat atau tautan daring.")]
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = [_("Waktu selesai harus setelah waktu mulai.")]
    if errors:
        raise ApplicationError(_("Periksa kembali data sosialisasi."), code="invalid", errors=errors)
    event = OutreachEvent.objects.create(
        case=case,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip(),
        online_link=(online_link or "").strip(),
        organiser_office=organiser_office,
        organiser_disnaker=(organiser_disnaker or "").strip(),
        konselor_names=(konselor_names or "").strip(),
        description=(description or "").strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        obj=event,
        action="outreach_scheduled",
        to_state=OutreachEvent.Status.SCHEDULED,
        data={"case_id": case.pk, "starts_at": starts_at.isoformat()},
    )
    return event


def _invitation_message(event: OutreachEvent, participant: Participant, deadline: dt.date):
    organisers = ", ".join(
        p for p in (event.organiser_office.name if event.organiser_office else "", event.organiser_disnaker) if p
    )
    return render_message(
        subject=_("Undangan: %(title)s") % {"title": event.title},
        body=_(
            "Yth. %(name)s, Anda diundang ke sosialisasi Jaminan Kehilangan Pekerjaan (JKP) untuk pekerja "
            "%(employer)s pada %(when)s di %(where)s%(organisers)s. Bawa KTP dan buku tabungan atas nama sendiri; "
            "petugas membantu pendaftaran dan pengajuan klaim. Batas pengajuan klaim Anda: %(deadline)s."
        )
        % {
            "name": participant.full_name,
            "employer": event.case.employer.name,
            "when": _when(event),
            "where": _where(event),
            "organisers": (" " + _("oleh %(o)s") % {"o": organisers}) if organisers else "",
            "deadline": deadline.strftime("%d/%m/%Y"),
        },
        language=participant.user.language if participant.user_id else "id",
    )


@transaction.atomic
def outreach_event_invite(*, actor, event: OutreachEvent) -> int:
    """Invite every affected worker not invited yet, by email and SMS. Returns
    how many were invited now (0 on a repeat)."""
    event = (
        OutreachEvent.objects.select_for_update(of=("self",))
        .select_related("case__employer", "organiser_office")
        .get(pk=event.pk)
    )
    _require_manager(actor, event.case)
    if event.status != OutreachEvent.Status.SCHEDULED:
        raise _wrong_state(event, _("Pengiriman undangan"))
    invited = set(event.invitations.values_list("participant_id", flat=True))
    rows = (
        case_rows(event.case)
        .exclude(participant_id__in=invited)
        .select_related("participant", "participant__user")
        .order_by("participant_id", "-phk_date")
        .distinct("participant_id")
    )
    today = timezone.localdate()
    new = []
    for row in rows:
        participant = row.participant
        user = participant.user
        new.append(
            (
                OutreachInvitation(
                    event=event,
                    participant=participant,
                    email=(user.email if user else "") or participant.email,
                    phone=(user.phone if user else "") or participant.phone,
                ),
                row,
            )
        )
    OutreachInvitation.objects.bulk_create([inv for inv, _row in new], ignore_conflicts=True)
    for _invitation, row in new:
        _notify_participant(
            row.participant,
            _invitation_message(event, row.participant, claim_deadline(row.phk_date, today)),
            channels=CHANNELS,
        )
    audit_record(actor=actor, obj=event, action="invitations_sent", data={"invited": len(new), "before": len(invited)})
    return len(new)


@transaction.atomic
def outreach_event_record_attendance(
    *, actor, event: OutreachEvent, attended_participant_ids: Iterable[int], note: str = ""
) -> OutreachEvent:
    """The event took place: who of the invited workers came."""
    event = OutreachEvent.objects.select_for_update(of=("self",)).select_related("case__employer").get(pk=event.pk)
    _require_manager(actor, event.case)
    if event.status != OutreachEvent.Status.SCHEDULED:
        raise _wrong_state(event, _("Pencatatan kehadiran"))
    if event.starts_at > timezone.now():
        message = _("Kehadiran dicatat setelah sosialisasi dimulai (%(when)s).") % {"when": _when(event)}
        raise ApplicationError(message, code="not_started", errors={"attended": [message]})
    attended = {int(i) for i in attended_participant_ids}
    invited = set(event.invitations.values_list("participant_id", flat=True))
    unknown = attended - invited
    if unknown:
        message = _("Hanya pekerja yang diundang yang dapat dicatat hadir.")
        raise ApplicationError(message, code="not_invited", errors={"attended": [message]})
    event.invitations.update(attended=False)
    event.invitations.filter(participant_id__in=attended).update(attended=True)
    event.status = OutreachEvent.Status.HELD
    event.held_at = timezone.now()
    event.save(update_fields=["status", "held_at"])
    audit_record(
        actor=actor,
        obj=event,
        action="outreach_held",
        from_state=OutreachEvent.Status.SCHEDULED,
        to_state=OutreachEvent.Status.HELD,
        reason=note,
        data={"invited": len(invited), "attended": len(attended)},
    )
    return event


@transaction.atomic
def outreach_event_cancel(*, actor, event: OutreachEvent, reason: str) -> OutreachEvent:
    """Call the event off and tell the invited workers."""
    event = OutreachEvent.objects.select_for_update(of=("self",)).select_related("case__employer").get(pk=event.pk)
    _require_manager(actor, event.case)
    if event.status != OutreachEvent.Status.SCHEDULED:
        raise _wrong_state(event, _("Pembatalan"))
    if not (reason or "").strip():
        raise ApplicationError(_("Tulis alasan pembatalan."), errors={"reason": [_("Wajib diisi.")]})
    event.status = OutreachEvent.Status.CANCELLED
    event.save(update_fields=["status"])
    audit_record(
        actor=actor,
        obj=event,
        action="outreach_cancelled",
        from_state=OutreachEvent.Status.SCHEDULED,
        to_state=OutreachEvent.Status.CANCELLED,
        reason=reason,
    )
    for invitation in event.invitations.select_related("participant", "participant__user"):
        participant = invitation.participant
        message = render_message(
            subject=_("Sosialisasi JKP dibatalkan: %(title)s") % {"title": event.title},
            body=_("Yth. %(name)s, sosialisasi JKP pada %(when)s dibatalkan (%(reason)s). Undangan baru akan dikirim.")
            % {"name": participant.full_name, "when": _when(event), "reason": reason.strip()},
            language=participant.user.language if participant.user_id else "id",
        )
        _notify_participant(participant, message, channels=CHANNELS)
    return event


# ---------------------------------------------------------------------------
# Deadline reminders

_INSERT_REMINDERS = """
INSERT INTO {table} (row_id, days_before, deadline, sent_at)
SELECT * FROM unnest(%s::bigint[], %s::smallint[], %s::date[], %s::timestamptz[])
ON CONFLICT (row_id, days_before) DO NOTHING
RETURNING row_id, days_before
"""


def _reminder_message(
    participant: Participant, *, deadline: dt.date, days_left: int, employer_name: str, has_draft: bool
):
    what = (
        _("Selesaikan dan ajukan draf klaim Anda di portal JKP.")
        if has_draft
        else _("Daftar di portal JKP dengan NIK Anda dan ajukan klaim; data PHK dari pemberi kerja sudah terisi.")
    )
    return render_message(
        subject=_("Batas klaim JKP tinggal %(n)s hari") % {"n": days_left},
        body=_(
            "Yth. %(name)s, batas pengajuan klaim Jaminan Kehilangan Pekerjaan atas PHK Anda dari %(employer)s "
            "adalah %(deadline)s (%(n)s hari lagi). %(what)s Lewat batas itu klaim tidak dapat diterima."
        )
        % {
            "name": participant.full_name,
            "employer": employer_name,
            "deadline": deadline.strftime("%d/%m/%Y"),
            "n": days_left,
            "what": what,
        },
        language=participant.user.language if participant.user_id else "id",
    )


def deadline_reminders_send(*, today: dt.date | None = None, chunk_size: int = 2000) -> int:
    """Remind every reported worker who has not filed and whose deadline is 30,
    14 or 7 days away (the tightest threshold reached). Each (worker's report
    row, threshold) is sent at most once, even when two runs overlap: the row
    is claimed by ``INSERT … ON CONFLICT DO NOTHING`` before the message goes
    out (after commit). Returns the number of reminders sent."""
    today = today or timezone.localdate()
    months = deadline_months(today)
    first, last = phk_date_range_with_deadline_between(today, today + dt.timedelta(days=max(REMINDER_DAYS)), months)
    candidates = (
        with_claim_progress(
            PhkReportRow.objects.filter(status__in=LIVE_STATUSES, phk_date__gte=first, phk_date__lte=last)
        )
        .filter(filed=False)
        .values_list("pk", "phk_date", "claim_id")
        .order_by("pk")
    )
    table = DeadlineReminder._meta.db_table
    sent = 0
    batch: list[tuple[int, int, dt.date, bool]] = []

    def flush(batch) -> int:
        if not batch:
            return 0
        now = timezone.now()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    _INSERT_REMINDERS.format(table=table),
                    [[b[0] for b in batch], [b[1] for b in batch], [b[2] for b in batch], [now] * len(batch)],
                )
                claimed = {(row_id, days) for row_id, days in cursor.fetchall()}
            if not claimed:
                return 0
            drafts = {b[0]: b[3] for b in batch}
            rows = PhkReportRow.objects.filter(pk__in=[row_id for row_id, _d in claimed]).select_related(
                "participant", "participant__user", "report__employer"
            )
            for row in rows:
                deadline = claim_deadline(row.phk_date, today)
                _notify_participant(
                    row.participant,
                    _reminder_message(
                        row.participant,
                        deadline=deadline,
                        days_left=(deadline - today).days,
                        employer_name=row.report.employer.name,
                        has_draft=drafts.get(row.pk, False),
                    ),
                    channels=CHANNELS,
                )
        return len(claimed)

    for row_id, phk_date, claim_id in candidates.iterator(chunk_size=chunk_size):
        deadline = claim_deadline(phk_date, today)
        due = reminder_due((deadline - today).days)
        if due is None:
            continue
        batch.append((row_id, due, deadline, claim_id is not None))
        if len(batch) >= chunk_size:
            sent += flush(batch)
            batch = []
    sent += flush(batch)
    return sent
