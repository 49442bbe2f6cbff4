"""The apps import downwards only (docs/architecture.md): the import-linter
contracts of pyproject.toml hold, and they do catch an upward import."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def _as_ini(config: dict) -> str:
    """The [tool.importlinter] table of pyproject.toml as an .importlinter (INI) file."""

    def value(v) -> str:
        return "\n    " + "\n    ".join(v) if isinstance(v, list) else str(v)

    lines = ["[importlinter]"]
    lines += [f"{k} = {value(v)}" for k, v in config.items() if k != "contracts"]
    for contract in config["contracts"]:
        lines.append(f"[importlinter:contract:{contract['id']}]")
        lines += [f"{k} = {value(v)}" for k, v in contract.items() if k != "id"]
    return "\n".join(lines) + "\n"


def test_no_app_imports_an_app_above_it():
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_check_sees_an_upward_import(tmp_path):
    """With the demo app put below reporting, the history demo's import of the
    reporting bulk loader is an upward import that breaks the layers contract:
    the check is live."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")
    assert layers["layers"][:2] == ["jkp_portal.demo", "jkp_portal.reporting"]
    assert "ignore_imports" not in layers
    layers["layers"][:2] = ["jkp_portal.reporting", "jkp_portal.demo"]
    ini = tmp_path / ".importlinter"
    ini.write_text(_as_ini(config))
    result = _lint(str(ini))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert "jkp_portal.demo.reporting.history -> jkp_portal.reporting.bulk" in result.stdout


def test_no_app_may_import_the_demo_app():
    """The demo app is development-only: the composition-root contract forbids
    every product app to import it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    root = next(c for c in config["contracts"] if c["id"] == "composition-root")
    assert "jkp_portal.demo" in root["forbidden_modules"]
    apps = {"jkp_portal.accounts", "jkp_portal.audit", "jkp_portal.common", "claims", "counseling", "training"}
    assert apps | {"jkp_portal.reporting"} == set(root["source_modules"])


def test_every_module_of_the_claims_core_is_under_its_contract():
    """A new module in claims/ must not escape the rule that the core imports
    neither payouts nor phk: it is either listed or one of the exempt ones."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    core = next(c for c in config["contracts"] if c["id"] == "claims-core")
    listed = set(core["source_modules"])
    exempt = {"claims.payouts", "claims.phk", "claims.migrations", "claims.static"}
    found = {
        f"claims.{p.stem}"
        for p in (ROOT / "claims").iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and (p / "__init__.py").exists())
    }
    assert found - exempt == listed
