"""Writes of the counselling app. Every state change goes through one of these
functions: it locks the row, checks the state, writes the audit event and
schedules follow-up work after commit."""

from .assessments import assessment_submit  # noqa: F401
from .assignment import (  # noqa: F401
    AssignmentResult,
    case_assign_auto,
    cases_assign_pending,
    cases_reassign,
    konselor_hand_over,
)
from .cases import (  # noqa: F401
    case_close,
    case_end_training,
    case_mark_in_training,
    case_open_for_claim,
    case_record_first_contact,
    cases_close_for_participant,
    cases_mark_reemployed,
)
from .konselors import (  # noqa: F401
    konselor_absence_add,
    konselor_absence_delete,
    konselor_create,
    konselor_update,
)
from .progress import cases_refresh_job_search  # noqa: F401
from .sessions import (  # noqa: F401
    session_cancel,
    session_confirm,
    session_follow_up_no_show,
    session_record_attendance,
    session_report,
    session_request_reschedule,
    session_reschedule,
    session_schedule,
    sessions_send_reminders,
)
