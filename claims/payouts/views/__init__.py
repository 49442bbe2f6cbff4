"""HTML pages of the payouts app, by concern: the benefit (``benefits``), the
monthly report and its evidence (``evidence``), the bank account change
(``accounts``), staff batches and payments (``batches``), employer
reimbursements (``reimbursements``). Shared helpers in ``common``."""
