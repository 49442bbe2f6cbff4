"""Events that cross app boundaries, so that claims, payouts, counselling and
training stay decoupled. Each is sent *inside* the sender's transaction:
receivers that write do so atomically with the change; receivers that start
background work must use ``transaction.on_commit``.
"""

from django.dispatch import Signal

# A claim was approved. kwargs: claim, actor, and optionally settle_now (bool,
# default True: pay the months already due as soon as the approval commits).
# payouts creates the benefit and its six months; counseling assigns a konselor.
claim_approved = Signal()

# A participant works again as a wage earner (PU). kwargs: participant, on_date, actor, source (str).
# payouts ends the benefit (no month due after on_date is paid); counseling closes the case.
participant_reemployed = Signal()

# Evidence of active job seeking for the monthly payment conditions.
# kwargs: participant, kind ("application" | "interview_invitation" | "counselling_session"),
#         occurred_on (date), source (str, e.g. "training.application"), reference (str, unique per source),
#         description (str), actor.
# payouts records it (idempotent on (source, reference)).
job_search_activity = Signal()

# Monthly training attendance of an enrolled participant.
# kwargs: participant, month (date, first day), percentage (Decimal 0..100), source (str), reference (str), actor.
training_attendance_recorded = Signal()
