"""The audit trail in words: every action the code writes has a label, the
trail shows the words first (the code kept small for staff), states read as
the audited model's status labels, and an unknown action shows its code."""

import ast
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jkp_portal.audit import labels
from jkp_portal.audit.labels import action_label, register_actions, registered_actions, state_label
from jkp_portal.audit.services import audit_record
from tests.claims.claims_support import TODAY, Staff, make_office, make_worker, submitted_claim

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("claims", "counseling", "training", "jkp_portal")

# Raw SQL writing audit rows: the action literals in the SQL (checked to be there).
RAW_SQL_ACTIONS = {
    "claims/payouts/services/runs.py": {"month.forfeited", "month.withheld", "month.employer_owed", "benefit.closed"},
    "claims/services/registry/decisions.py": {"registry_change"},
    "counseling/services/assignment.py": {"konselor_assigned"},
}
_AUDIT_TABLE = re.compile(r"AuditEvent\._meta\.db_table")


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text()


def _strings(node) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _call_name(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def written_actions() -> tuple[dict[str, set[str]], list[str]]:
    """{action: files} of every audit action the source writes, and the call
    sites passing an action this scan could not follow (should be none).

    An action is any string in an ``action=`` argument (conditional ones
    included); ``action=<variable>`` is followed when the variable is a
    parameter of its function (the callers' ``action=`` or positional argument
    is read) or the loop variable over a literal tuple in the same function; raw
    SQL writers are listed in RAW_SQL_ACTIONS."""
    found: dict[str, set[str]] = {}
    wrappers: dict[str, int] = {}  # function name -> index of its ``action`` parameter
    unresolved: list[str] = []
    trees = {path: ast.parse(text) for path, text in _sources()}
    for path, tree in trees.items():
        for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
            params = [a.arg for a in func.args.posonlyargs + func.args.args]
            kwonly = [a.arg for a in func.args.kwonlyargs]
            for call in [n for n in ast.walk(func) if isinstance(n, ast.Call)]:
                if _call_name(call) == "add_argument":  # argparse's action="store_true"
                    continue
                for kw in call.keywords:
                    if kw.arg != "action":
                        continue
                    if not isinstance(kw.value, ast.Name):
                        for action in _strings(kw.value):
                            found.setdefault(action, set()).add(path)
                        continue
                    var = kw.value.id
                    if var in params or var in kwonly:
                        wrappers[func.name] = params.index(var) if var in params else -1
                    elif not _loop_literals(func, var, path, found):
                        unresolved.append(f"{path}:{call.lineno}")
    for path, tree in trees.items():
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
            index = wrappers.get(_call_name(call) or "")
            if index is not None and 0 <= index < len(call.args):
                arg = call.args[index]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, set()).add(path)
                else:
                    unresolved.append(f"{path}:{call.lineno}")
    for path, actions in RAW_SQL_ACTIONS.items():
        for action in actions:
            found.setdefault(action, set()).add(path)
    return found, unresolved


def _loop_literals(func, var: str, path: str, found: dict[str, set[str]]) -> bool:
    """``for action, ... in steps`` with ``steps`` a literal tuple of tuples in ``func``."""
    for loop in [n for n in ast.walk(func) if isinstance(n, ast.For)]:
        target = loop.target
        first = target.elts[0] if isinstance(target, ast.Tuple) and target.elts else target
        if not (isinstance(first, ast.Name) and first.id == var):
            continue
        sequence = loop.iter
        if isinstance(sequence, ast.Name):
            assigned = [
                n.value
                for n in ast.walk(func)
                if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == sequence.id for t in n.targets)
            ]
            sequence = assigned[0] if len(assigned) == 1 else None
        if not isinstance(sequence, ast.Tuple | ast.List):
            return False
        for item in sequence.elts:
            head = item.elts[0] if isinstance(item, ast.Tuple) else item
            if not (isinstance(head, ast.Constant) and isinstance(head.value, str)):
                return False
            found.setdefault(head.value, set()).add(path)
        return True
    return False


def test_every_action_the_code_writes_has_a_label():
    found, unresolved = written_actions()
    assert not unresolved, f"action=<variable> the scan cannot follow (teach written_actions): {unresolved}"
    assert len(found) > 140  # the scan still sees the writers
    missing = {action: sorted(files) for action, files in found.items() if action not in registered_actions()}
    assert not missing, f"audit actions without a label (add them to the app's audit_actions.py): {missing}"


def test_the_scan_follows_wrappers_loops_and_conditionals():
    found, _unresolved = written_actions()
    assert "registry_import_reject" in found  # _finish(imp, actor, status, "registry_import_reject")
    assert "session_report_corrected" in found  # action="a" if first else "b"
    assert "jkp_portal/demo/payouts.py" in found["claim_approved"]  # for action, ... in steps
    assert "store_true" not in found  # argparse


def test_raw_sql_writers_are_all_listed_with_their_actions():
    writers = {path for path, text in _sources() if _AUDIT_TABLE.search(text) and "INSERT INTO" in text}
    assert writers == set(RAW_SQL_ACTIONS)
    texts = dict(_sources())
    for path, actions in RAW_SQL_ACTIONS.items():
        for action in actions:
            assert f"'{action}'" in texts[path], (path, action)
        # any dotted literal in the SQL ('month.xxx') is an action: listed
        dotted = set(re.findall(r"'([a-z_]+\.[a-z_]+)'", texts[path]))
        assert dotted <= actions | registered_actions(), (path, dotted - actions)


def test_an_unknown_action_falls_back_to_its_code():
    assert action_label("something.never_written") == "something.never_written"
    assert action_label("") == ""
    assert action_label("batch.results_imported") == "Hasil bank diimpor"


def test_an_action_has_one_label():
    label = _("Contoh uji")
    register_actions({"test.only_label": label})
    try:
        register_actions({"test.only_label": label})  # the same label again: fine
        with pytest.raises(ImproperlyConfigured):
            register_actions({"test.only_label": _("Label lain")})
    finally:
        labels._ACTIONS.pop("test.only_label")


# --- the trail page ---------------------------------------------------------------


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(TODAY.replace(tzinfo=ZoneInfo("Asia/Jakarta")), tick=True):
        office = make_office("KC-AUD")
        yield Staff(office), make_worker(office=office)


def test_the_trail_page_shows_actions_and_states_in_words(client, world):
    staff, worker = world
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    body = client.get(reverse("audit_trail", args=["claims", "claim", claim.pk])).content.decode()
    assert "Klaim dibuat (draf)" in body and "Dokumen diunggah" in body and "Klaim diajukan" in body
    # the words first, the code kept as small muted text for staff
    assert "<code>claim_submitted</code>" not in body
    assert body.index("Klaim diajukan") < body.index("claim_submitted")
    assert 'text-muted font-monospace" title="Kode aksi">claim_submitted</small>' in body
    # the claim's states as their status labels, the code in the title
    assert '<span title="draft">Draf</span> → <span title="submitted">Diajukan</span>' in body


def test_the_staff_claim_page_trail_is_in_words(client, world):
    staff, worker = world
    claim = submitted_claim(worker)
    client.force_login(staff.verifier)
    body = client.get(reverse("claims:staff_claim", args=[claim.pk])).content.decode()
    assert "Klaim diajukan" in body and "<code>claim_submitted</code>" not in body


def test_an_unknown_action_and_state_show_their_codes(client, world):
    staff, worker = world
    claim = submitted_claim(worker)
    event = audit_record(actor=None, obj=claim, action="test.unheard_of", from_state="limbo", to_state="submitted")
    assert state_label(event, "limbo") == "limbo" and state_label(event, "submitted") == "Diajukan"
    assert state_label(event, "") == ""
    client.force_login(staff.verifier)
    response = client.get(reverse("audit_trail", args=["claims", "claim", claim.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "test.unheard_of" in body
    assert '<span>limbo</span> → <span title="submitted">Diajukan</span>' in body


def test_states_of_a_model_without_status_stay_codes(make_user):
    user = make_user("worker")
    event = audit_record(actor=None, obj=user, action="roles_changed", from_state="worker", to_state="verifier")
    assert state_label(event, "worker") == "worker"
