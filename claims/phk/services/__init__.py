"""Writes of the PHK app, one service per action (see each module)."""

from .mediation import phk_row_mark_disputed, phk_row_record_agreement, phk_row_resolve, phk_rows_confirm
from .outreach import (
    can_manage_case,
    deadline_reminders_send,
    outreach_event_cancel,
    outreach_event_create,
    outreach_event_invite,
    outreach_event_record_attendance,
)
from .report_lines import PhkLinesInvalid, error_report_csv, parse_phk_csv, validate_phk_lines
from .reports import MASS_LAYOFF_THRESHOLD, phk_report_submit, phk_report_submit_csv, phk_row_withdraw

__all__ = [
    "MASS_LAYOFF_THRESHOLD",
    "PhkLinesInvalid",
    "can_manage_case",
    "deadline_reminders_send",
    "error_report_csv",
    "outreach_event_cancel",
    "outreach_event_create",
    "outreach_event_invite",
    "outreach_event_record_attendance",
    "parse_phk_csv",
    "phk_report_submit",
    "phk_report_submit_csv",
    "phk_row_mark_disputed",
    "phk_row_record_agreement",
    "phk_row_resolve",
    "phk_row_withdraw",
    "phk_rows_confirm",
    "validate_phk_lines",
]
