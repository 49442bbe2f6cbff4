"""Tests mirror the code's paths: the tests of `claims/payouts/views/` are under
`tests/claims/payouts/`, those of `jkp_portal/reporting/` under
`tests/reporting/`. A folder of tests that names no package of the product
fails here, so a test is found by its subject's path (docs/architecture.md,
"Where the tests are")."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
# Journeys through several apps in a browser, and the security walks over every
# URL: their subject is the whole portal, not one package.
CROSS_CUTTING = {"e2e", "security"}


def _package_of(relative: Path) -> Path | None:
    """The product package a folder of tests names: `<p>` or `jkp_portal/<p>`."""
    for candidate in (ROOT / relative, ROOT / "jkp_portal" / relative):
        if (candidate / "__init__.py").is_file():
            return candidate
    return None


def test_every_test_folder_mirrors_a_package():
    strays = []
    for folder in sorted(p for p in TESTS.rglob("*") if p.is_dir() and p.name != "__pycache__"):
        relative = folder.relative_to(TESTS)
        if relative.parts[0] in CROSS_CUTTING:
            continue
        if _package_of(relative) is None:
            strays.append(str(relative))
    assert not strays, f"test folders that mirror no package of the product: {strays}"


def test_every_app_has_its_test_folder():
    apps = ["claims", "claims/payouts", "claims/phk", "counseling", "training"]
    apps += [p.name for p in (ROOT / "jkp_portal").iterdir() if (p / "apps.py").is_file()]
    missing = [app for app in apps if not (TESTS / app).is_dir()]
    assert not missing, f"apps without a test folder: {missing}"
