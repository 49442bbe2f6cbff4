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

# A running benefit ended before its last month: every way it ends (the worker's
# employment-status form "working for a wage", a supervisor's "stop benefit", a
# placement heard through participant_reemployed) goes through
# claims.payouts.services.benefit_end, which sends this once per call that ended
# something. kwargs: participant, benefits (list of the Benefit rows that ended),
# on_date (date), reason ("reemployed" | "death", claims.payouts.models.EndReason),
# actor, source (str, e.g. "payouts.employment_form", "payouts.staff").
# counseling closes the case (re-employed, or closed on death); training stops the
# job-seeker matching.
benefit_ended = Signal()

# Evidence of active job seeking for the monthly payment conditions.
# kwargs: participant, kind ("application" | "interview_invitation" | "counselling_session"),
#         occurred_on (date), source (str, e.g. "training.application"), reference (str, unique per source),
#         description (str), actor.
# payouts records it (idempotent on (source, reference)).
job_search_activity = Signal()

# Monthly training attendance of an enrolled participant.
# kwargs: participant, month (date, first day), percentage (Decimal 0..100), source (str), reference (str), actor.
training_attendance_recorded = Signal()


# --- hooks: claims asks, the apps inside it that know the answer (claims.phk) reply ---
# Each is sent with Signal.send (an error in a receiver is an error of the
# request, never a silently missing answer); the sender combines the replies.

# What of a new claim draft the employer's PHK report can fill in. kwargs: participant.
# A receiver returns None or a dict with any of "phk_date", "phk_reason", "proof_type".
claim_draft_prefill = Signal()

# Why a claim must not be verified or approved yet. kwargs: claim.
# A receiver returns a list of Indonesian reasons (empty: nothing stops it).
claim_decision_blockers = Signal()

# The PHK proof on file for the verifier's claim page. kwargs: participant.
# A receiver returns None or a dict describing the proof (see claims.phk.selectors.proof_from_report).
claim_phk_proof = Signal()
