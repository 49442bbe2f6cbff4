"""How complete the translation catalogues are.

`manage.py i18n_status` reads every catalogue under LOCALE_PATHS
(``<locale>/LC_MESSAGES/*.po``) and prints, per catalogue, how many entries are
translated, untranslated or fuzzy, which translations lost or gained a
placeholder, which msgids can never match at run time, and whether the
committed ``.mo`` still matches the ``.po``. Below each catalogue it lists the
source files that own the missing entries, so a developer sees where the new
strings came from. It exits with status 1 when anything needs work, so CI and
ops can use it as a gate after ``make messages``.

Indonesian is the source language: only the non-source locales (English) have
catalogues.
"""

import re
from collections import Counter, defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# %(name)s, %s, %d, %.2f, %% ... as Python's %-formatting reads them. The space
# flag is left out on purpose: "50 % dari" is text, not a conversion.
PERCENT_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0+\-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
# {name} as str.format / DRF's error messages use them.
BRACE_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# A backslash escape that xgettext copied literally (it does not decode \u, \x
# or \N{} in Python 3 strings): the msgid then differs from the run-time string
# and its translation is never used.
LITERAL_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|N\{)")


def placeholders(text: str, *, python_format: bool) -> list[str]:
    """The placeholders a translation must keep, sorted (so order may change).

    %-placeholders only count for entries xgettext flagged ``python-format``:
    in other strings a "%" is plain text."""
    found = BRACE_PLACEHOLDER.findall(text)
    if python_format:
        found += PERCENT_PLACEHOLDER.findall(text)
    return sorted(found)


def _pairs(entry):
    """(source, translation) pairs of an entry: one, or one per plural form."""
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        return [(entry.msgid if n == 0 else entry.msgid_plural, forms[n]) for n in sorted(forms)]
    return [(entry.msgid, entry.msgstr)]


def placeholder_errors(entry) -> list[str]:
    """Human-readable problems with the placeholders of a translated entry."""
    if not entry.translated():
        return []
    python_format = "python-format" in entry.flags
    errors = []
    for source, translation in _pairs(entry):
        want = placeholders(source, python_format=python_format)
        got = placeholders(translation, python_format=python_format)
        if want != got:
            errors.append(f"{source!r}: expected {want}, translation has {got}")
    return errors


def catalogue_messages(catalogue) -> dict:
    """What a compiled catalogue answers: {(msgctxt, msgid, msgid_plural): translation(s)}.

    Works for a polib POFile (translated, non-fuzzy, non-obsolete entries, i.e.
    what msgfmt compiles) and for a polib MOFile."""
    messages = {}
    for entry in catalogue:
        if entry.msgid == "" or getattr(entry, "obsolete", False) or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                continue
            value = tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
        else:
            if not entry.msgstr:
                continue
            value = entry.msgstr
        messages[(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")] = value
    return messages


def mo_problem(po_path: Path, po) -> str | None:
    """Why the .mo beside a .po is missing or stale, or None when it matches."""
    import polib

    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return f"{mo_path.name} is missing: run `make messages`"
    compiled = catalogue_messages(polib.mofile(str(mo_path)))
    expected = catalogue_messages(po)
    if compiled != expected:
        missing = len(expected.keys() - compiled.keys())
        extra = len(compiled.keys() - expected.keys())
        changed = sum(1 for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
        return (
            f"{mo_path.name} is out of date ({missing} missing, {extra} obsolete, {changed} changed): "
            "run `make messages`"
        )
    return None


def _source_files(entry) -> list[str]:
    return sorted({path for path, _line in entry.occurrences}) or ["(no source reference)"]


def catalogue_report(po_path: Path) -> dict:
    """Everything i18n_status says about one catalogue."""
    import polib

    po = polib.pofile(str(po_path))
    entries = [e for e in po if not e.obsolete]
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    untranslated = [e for e in entries if not e.translated() and "fuzzy" not in e.flags]
    placeholder_problems = [(e, err) for e in entries if "fuzzy" not in e.flags for err in placeholder_errors(e)]
    unreachable = [e for e in entries if LITERAL_ESCAPE.search(e.msgid + (e.msgid_plural or ""))]
    by_file: dict[str, Counter] = defaultdict(Counter)
    for kind, group in (("untranslated", untranslated), ("fuzzy", fuzzy)):
        for entry in group:
            for path in _source_files(entry):
                by_file[path][kind] += 1
    return {
        "path": po_path,
        "entries": len(entries),
        "translated": len(entries) - len(untranslated) - len(fuzzy),
        "untranslated": untranslated,
        "fuzzy": fuzzy,
        "placeholders": placeholder_problems,
        "unreachable": unreachable,
        "by_file": by_file,
        "mo": mo_problem(po_path, po),
    }


def report_problem_count(report: dict) -> int:
    return (
        len(report["untranslated"])
        + len(report["fuzzy"])
        + len(report["placeholders"])
        + len(report["unreachable"])
        + (1 if report["mo"] else 0)
    )


def locale_catalogues(locales: list[str] | None = None) -> list[Path]:
    found = []
    for base in settings.LOCALE_PATHS:
        for po_path in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
            if not locales or po_path.parent.parent.name in locales:
                found.append(po_path)
    return found


class Command(BaseCommand):
    help = (
        "Per catalogue (and per source file) counts of untranslated and fuzzy entries, placeholder "
        "mismatches and a stale .mo. Exits 1 when anything needs work."
    )
    # Only reads the catalogues: the project's system checks are not its business.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "-l", "--locale", action="append", help="Only this locale (repeatable). Default: every catalogue."
        )
        parser.add_argument(
            "--catalogue", action="append", type=Path, help="Check this .po file instead of LOCALE_PATHS."
        )
        parser.add_argument("--list", action="store_true", help="Also print every entry that needs work.")

    def handle(self, *args, **options):
        try:
            import polib  # noqa: F401  (requirements-dev.txt; `make install` installs it)
        except ImportError as exc:
            raise CommandError("i18n_status needs polib: pip install -r requirements-dev.txt") from exc

        paths = options["catalogue"] or locale_catalogues(options["locale"])
        if not paths:
            raise CommandError("No catalogue found (LOCALE_PATHS/<locale>/LC_MESSAGES/*.po).")
        base = Path(settings.BASE_DIR)
        problems = 0
        for po_path in paths:
            report = catalogue_report(po_path)
            problems += report_problem_count(report)
            self._print_report(report, base, show_entries=options["list"])

        if problems:
            raise CommandError(
                f"{problems} translation problem(s). Translate them in the .po, then run `make messages`.",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS("All catalogues are complete and compiled."))

    def _print_report(self, report: dict, base: Path, *, show_entries: bool):
        path = report["path"]
        name = path.relative_to(base) if path.is_relative_to(base) else path
        self.stdout.write(
            f"{name}: {report['entries']} entries, {report['translated']} translated, "
            f"{len(report['untranslated'])} untranslated, {len(report['fuzzy'])} fuzzy, "
            f"{len(report['placeholders'])} placeholder mismatches, {len(report['unreachable'])} unreachable"
        )
        for source in sorted(report["by_file"]):
            counts = report["by_file"][source]
            self.stdout.write(f"  {source}: {counts['untranslated']} untranslated, {counts['fuzzy']} fuzzy")
        for entry, error in report["placeholders"]:
            self.stdout.write(f"  placeholder mismatch in {', '.join(_source_files(entry))}: {error}")
        for entry in report["unreachable"]:
            self.stdout.write(
                f"  unreachable msgid in {', '.join(_source_files(entry))} (write the character itself, "
                f"not a backslash escape, in the source): {entry.msgid[:80]!r}"
            )
        if report["mo"]:
            self.stdout.write(f"  {report['mo']}")
        if show_entries:
            for kind in ("untranslated", "fuzzy"):
                for entry in report[kind]:
                    self.stdout.write(f"  [{kind}] {entry.msgid[:100]!r}  ({', '.join(_source_files(entry))})")
