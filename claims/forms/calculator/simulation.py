"""The calculator's simulation: the shared checks, then the eligibility engine."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from claims.eligibility import Facts, NoRuleSetError, Verdict, evaluate
from claims.forms.calculator.checks import FieldProblem, SimulationInputError, check_relations

# Engine messages name the fact they refused; map them back onto the input field.
_ENGINE_FIELDS = ("phk_reason", "employer_size", "contract_type", "jkn_segment", "last_wage")


def simulate(v: dict[str, Any]) -> Verdict:
    """Run the engine on already-parsed values (dates, Decimal wage, (year, month) tuples).

    ``v`` holds every ``Facts`` field with ``decision_date`` and ``filed_on``
    already defaulted. Raises ``SimulationInputError`` for impossible input.
    """
    problems = check_relations(v)
    if problems:
        raise SimulationInputError(problems)
    facts = Facts(
        citizenship=v["citizenship"],
        birth_date=v["birth_date"],
        jkp_registered_on=v["jkp_registered_on"],
        employer_size=v["employer_size"],
        programs=frozenset(v["programs"]),
        jkn_segment=v["jkn_segment"],
        contract_type=v["contract_type"],
        contract_end_date=v.get("contract_end_date") if v["contract_type"] == "PKWT" else None,
        phk_date=v["phk_date"],
        phk_reason=v["phk_reason"],
        filed_on=v["filed_on"],
        decision_date=v["decision_date"],
        paid_months=frozenset(v["paid_months"]),
        last_wage=v["last_wage"],
        employer_arrears_months=v["employer_arrears_months"],
        employer_bankrupt_or_closed=bool(v["employer_bankrupt_or_closed"]),
        previous_claim_phk_dates=tuple(v["previous_claim_phk_dates"]),
        reemployed=bool(v["reemployed"]),
        kapk_signed=bool(v["kapk_signed"]),
    )
    try:
        return evaluate(facts)
    except NoRuleSetError:
        raise SimulationInputError(
            [FieldProblem("decision_date", _("Tidak ada aturan JKP yang berlaku pada tanggal keputusan ini."))]
        )
    except (ValueError, TypeError) as exc:
        field = next((name for name in _ENGINE_FIELDS if name in str(exc)), "non_field_errors")
        raise SimulationInputError([FieldProblem(field, _("Nilai ini tidak dapat dihitung."))])
