"""Benefits, their six months, the evidence that decides each month, payments,
payout batches and the runs that create them. See claims/payouts/README in the
module docstrings of ``services`` for the flow."""

from .accounts import OPEN_CHANGE_STATUSES, AccountChangeStatus, BankAccountChange  # noqa: F401
from .benefits import Benefit, BenefitMonth, BenefitStatus, EndReason, MonthStatus  # noqa: F401
from .evidence import (  # noqa: F401
    ActivityKind,
    EmploymentStatus,
    EmploymentStatusForm,
    JobSearchActivity,
    TrainingAttendance,
)
from .payments import (  # noqa: F401
    BatchKind,
    BatchStatus,
    Payment,
    PaymentAttempt,
    PaymentStatus,
    PayoutBatch,
    PayoutRun,
    RunStatus,
)
from .reimbursements import EmployerReimbursement, ReimbursementStatus  # noqa: F401
