"""Writes of the training app. Counselling may call
``job_seeker_profile_update(participant=, actor=, filled_by="counseling.asesmen", ...)``."""

from .enrolments import (  # noqa: F401
    attendance_import_csv,
    attendance_record,
    enrolment_complete,
    enrolment_create,
    enrolment_progress_update,
    enrolment_withdraw,
    recommendation_create,
    recommendation_decline,
    training_budget,
)
from .jobs import (  # noqa: F401
    application_create,
    application_hire,
    application_invite,
    application_offer,
    application_reject,
    job_seeker_profile_activate,
    job_seeker_profile_ensure,
    job_seeker_profile_from_assessment,
    job_seeker_profile_update,
    job_seeker_reemployed,
    job_seeker_stop,
    referral_create,
    vacancies_close_expired,
    vacancy_close,
    vacancy_create,
    vacancy_import_csv,
    vacancy_update,
)
from .providers import (  # noqa: F401
    lpk_create,
    lpk_update,
    programme_close,
    programme_create,
    programme_publish,
    programme_publish_problems,
    programme_session_add,
    programme_session_delete,
    programme_update,
)
