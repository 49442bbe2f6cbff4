"""One label per PHK reason wherever a person picks or reads one: the
calculator, the claim wizard and the employer's PHK report."""

from claims.eligibility import PHK_REASONS
from claims.forms.calculator.choices import REASON_LABELS
from claims.models.claims import PHK_REASON_CHOICES
from claims.phk.models import PHK_REASON_LABELS


def test_the_calculator_the_wizard_and_the_employer_form_say_the_same():
    wizard = {code: str(label) for code, label in PHK_REASON_CHOICES}
    assert set(wizard) == set(PHK_REASONS)
    assert {code: str(label) for code, label in REASON_LABELS.items()} == wizard
    assert {code: str(label) for code, label in PHK_REASON_LABELS.items()} == wizard
