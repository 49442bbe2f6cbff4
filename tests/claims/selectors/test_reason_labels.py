"""A rejection reason says why the claim was refused, never the opposite: the
dashboard, the letter and the claim pages read it through ``reason_label``."""

from claims.eligibility.rules import CRITERIA_CODES
from claims.selectors.claims import CRITERION_TEXT, reason_label


def test_a_reemployed_refusal_says_the_worker_works_again():
    assert reason_label("REEMPLOYED") == "Sudah bekerja kembali sebagai penerima upah"


def test_a_citizenship_refusal_says_not_a_citizen():
    assert reason_label("NOT_CITIZEN") == "Bukan warga negara Indonesia"


def test_no_reason_reads_as_a_condition_that_was_met():
    # "Belum …" / "Warga negara …" are what a passed criterion says; a reason must not.
    for code in CRITERIA_CODES:
        label = reason_label(code)
        assert label and not label.startswith("Belum"), (code, label)
        assert code in CRITERION_TEXT
