"""Writes of the payouts app (one service per transition). See the modules."""

from .accounts import (  # noqa: F401
    bank_account_change_approve,
    bank_account_change_reject,
    bank_account_change_request,
    bank_account_change_resend,
    bank_account_change_verify,
)
from .batches import (  # noqa: F401
    payout_batch_approve,
    payout_batch_fetch_results,
    payout_batch_import_results,
    payout_batch_prepare_reissue,
    payout_batch_send,
)
from .benefits import benefit_create_from_claim, benefit_end  # noqa: F401
from .evidence import (  # noqa: F401
    activity_record,
    attendance_record,
    job_search_report_submit,
    refresh_month_evidence,
)
from .reimbursements import (  # noqa: F401
    reimbursement_mark_complete,
    reimbursement_pay,
    reimbursement_reject,
    reimbursement_request,
)
from .runs import process_chunk, run_for_benefit, run_payouts  # noqa: F401
