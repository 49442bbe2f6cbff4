from .enrolments import (  # noqa: F401
    LIVE_ENROLMENT_STATUSES,
    AttendanceRecord,
    AttendanceSource,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    MonthlyAttendance,
    Recommendation,
    RecommendationStatus,
)
from .jobs import (  # noqa: F401
    Application,
    ApplicationOrigin,
    ApplicationStatus,
    JobSeekerProfile,
    TrainingImport,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from .providers import (  # noqa: F401
    CompetencyStandard,
    DeliveryMode,
    Lpk,
    Ownership,
    Programme,
    ProgrammeSession,
    ProgrammeStatus,
)
