"""Identifiers and years are written without a thousands separator: "Klaim
#68541" and "2018–2026", never "#68.541" or "2.018" (USE_THOUSAND_SEPARATOR is
on for amounts). Every template prints them through ``unlocalize``."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# a variable ending in pk, _id, id or year, printed or bound in a blocktranslate
NUMBER_NAME = r"[\w.]*(?:\.pk|_id|\.id|year)"
PRINTED = re.compile(r"\{\{\s*(" + NUMBER_NAME + r")\s*((?:\|[^}]*)?)\}\}")
BOUND = re.compile(r"\{%\s*blocktranslate\b[^%]*?\bwith\b[^%]*?\b\w+=(" + NUMBER_NAME + r")((?:\|\S*)?)")
# text identifiers that only end like a number's name
TEXT_IDS = ("auto_id", "siapkerja_id", "message_id")


def test_every_identifier_and_year_is_printed_without_grouping():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (PRINTED, BOUND):
            for match in pattern.finditer(text):
                name, filters = match.group(1), match.group(2) or ""
                if "unlocalize" not in filters and not name.endswith(TEXT_IDS):
                    offenders.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)[:80]}")
    assert not offenders, "\n".join(offenders)
