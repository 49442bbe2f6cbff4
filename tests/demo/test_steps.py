"""The demo data's steps are listed once, as functions, in load order
(jkp_portal/demo/steps.py): a mistyped name is an error at import time, never
a silently skipped step."""

import inspect

from jkp_portal.demo import accounts
from jkp_portal.demo.management.commands import load_demo_data
from jkp_portal.demo.reporting import history
from jkp_portal.demo.steps import STEPS


def test_every_step_is_a_function_of_the_demo_app_listed_once():
    assert len(STEPS) == len(set(STEPS)) == 10
    for step in STEPS:
        assert inspect.isfunction(step), step
        assert step.__module__.startswith("jkp_portal.demo."), step
        assert list(inspect.signature(step).parameters) == ["stdout"], step


def test_offices_and_staff_first_dashboards_history_last():
    assert STEPS[0] is accounts.load
    assert STEPS[-1] is history.load


def test_the_command_runs_the_listed_steps():
    assert load_demo_data.STEPS is STEPS
