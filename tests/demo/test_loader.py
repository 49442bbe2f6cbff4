"""`make run` loads the demo with `load_demo_data` on every start: the whole
loader, every app in its order, must be idempotent. A second run creates,
changes and deletes nothing (the dashboards only record another refresh)."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from jkp_portal.demo.reporting import history

# Real commits, as in `make run`: the payouts demo reads the SMS code sent on
# commit, and the services' after-commit work happens as it does there.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# Rows a second run legitimately adds: the summary tables are rebuilt and the
# rebuild is recorded.
REBUILT = {"dashboards.dashboardrefresh"}


def snapshot() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in REBUILT
    }


def test_a_second_demo_load_changes_nothing(monkeypatch, tmp_path, settings):
    settings.BASE_DIR = tmp_path  # demo-logins.txt goes under var/ of BASE_DIR
    monkeypatch.setattr(history, "SCALE", 0.01)
    first = io.StringIO()
    call_command("load_demo_data", stdout=first)
    assert "demo logins written" in first.getvalue()
    before = snapshot()
    assert before["claims.claim"] > 0 and before["training.vacancy"] > 0 and before["payouts.payment"] > 0
    # Today's service day of the mass layoff, three desks, workers waiting in the queue.
    assert (before["phk.serviceday"], before["phk.servicedesk"], before["phk.servicearrival"]) == (1, 3, 4)
    call_command("load_demo_data", stdout=io.StringIO())
    after = snapshot()
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    assert changed == {}
