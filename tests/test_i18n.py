"""The English catalogue is complete, compiled, and really used by the ID/EN switch.

Indonesian is the source language; English comes from
jkp_portal/locale/en/LC_MESSAGES/*.po, compiled to the committed .mo (a machine
without gettext cannot compile it). `make messages` refreshes and compiles the
catalogue; `manage.py i18n_status` shows what is missing.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from jkp_portal.common.management.commands.i18n_status import (
    LITERAL_ESCAPE,
    catalogue_messages,
    locale_catalogues,
    placeholder_errors,
    placeholders,
)

CATALOGUES = locale_catalogues(["en"])


def _where(entry) -> str:
    return ", ".join(sorted({path for path, _line in entry.occurrences})) or "?"


def _listing(entries, limit=25) -> str:
    lines = [f"  {e.msgid[:90]!r} ({_where(e)})" for e in entries[:limit]]
    if len(entries) > limit:
        lines.append(f"  ... and {len(entries) - limit} more")
    return "\n".join(lines)


def test_there_is_an_english_django_catalogue():
    """The English catalogue exists where LOCALE_PATHS points, with the real header."""
    assert Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po" in CATALOGUES
    po = polib.pofile(str(CATALOGUES[0]))
    assert po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"].startswith("nplurals=2;")
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert len(po) > 100


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.name)
def test_every_entry_is_translated_and_none_is_fuzzy(po_path):
    """No English user meets an Indonesian string because it was never translated
    or because makemessages guessed a translation (fuzzy) that nobody checked."""
    po = polib.pofile(str(po_path))
    entries = [e for e in po if not e.obsolete]
    untranslated = [e for e in entries if not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated entries in {po_path.name}:\n{_listing(untranslated)}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {po_path.name}:\n{_listing(fuzzy)}"
    for entry in entries:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.name)
def test_every_placeholder_of_the_msgid_is_in_the_translation(po_path):
    """A lost %(name)s or {input} would raise KeyError or show a raw placeholder
    in English only; an invented one would crash the formatting."""
    po = polib.pofile(str(po_path))
    errors = [f"  {err} ({_where(e)})" for e in po if not e.obsolete for err in placeholder_errors(e)]
    assert not errors, "Placeholders differ between msgid and msgstr:\n" + "\n".join(errors[:25])


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.name)
def test_every_msgid_can_match_the_string_used_at_run_time(po_path):
    """xgettext copies a Python escape such as \\u201c literally, so the msgid
    never equals the run-time string and the English text is never shown. The
    source must contain the character itself (“ ”)."""
    po = polib.pofile(str(po_path))
    unreachable = [e for e in po if not e.obsolete and LITERAL_ESCAPE.search(e.msgid + (e.msgid_plural or ""))]
    assert not unreachable, f"msgids with a literal backslash escape:\n{_listing(unreachable)}"


def test_the_placeholder_check_itself_catches_mistakes():
    """The checker used above would notice a dropped, renamed or extra placeholder."""
    assert placeholders("Paling banyak %(n)d bulan %(where)s.", python_format=True) == ["%(n)d", "%(where)s"]
    assert placeholders("Upah “{input}”: %s, 80%%", python_format=True) == ["%%", "%s", "{input}"]
    assert placeholders("Kemajuan harus 0–100 %.", python_format=False) == []
    entry = polib.POEntry(msgid="Klaim #%(id)s ditolak.", msgstr="Claim rejected.", flags=["python-format"])
    assert placeholder_errors(entry)
    entry.msgstr = "Claim #%(id)s rejected."
    assert placeholder_errors(entry) == []
    plural = polib.POEntry(
        msgid="%(n)s klaim",
        msgid_plural="%(n)s klaim",
        msgstr_plural={0: "%(n)s claim", 1: "claims"},
        flags=["python-format"],
    )
    assert placeholder_errors(plural)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.name)
def test_committed_mo_is_compiled_from_the_committed_po(po_path):
    """The .mo that Django reads holds exactly what the .po says: compile the .po
    in memory and compare it message by message with the committed .mo."""
    po = polib.pofile(str(po_path))
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    committed = polib.mofile(str(mo_path))
    fresh = polib.mofile(po.to_binary())
    expected = catalogue_messages(fresh)
    actual = catalogue_messages(committed)
    assert expected == catalogue_messages(po)
    assert len(actual) == len(po.translated_entries())
    missing = sorted(expected.keys() - actual.keys())[:10]
    obsolete = sorted(actual.keys() - expected.keys())[:10]
    changed = sorted(k for k in expected.keys() & actual.keys() if expected[k] != actual[k])[:10]
    assert not (missing or obsolete or changed), (
        f"{mo_path.name} is stale; run `make messages`. Missing: {missing}; obsolete: {obsolete}; changed: {changed}"
    )
    assert committed.metadata.get("Plural-Forms") == po.metadata["Plural-Forms"]


def test_i18n_status_exits_1_and_names_the_source_files_when_work_is_left(tmp_path, capsys):
    """The ops command counts untranslated, fuzzy and broken entries per source file."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Simpan", msgstr="Save", occurrences=[("templates/a.html", "3")]))
    po.append(polib.POEntry(msgid="Batal", msgstr="", occurrences=[("templates/a.html", "4")]))
    po.append(
        polib.POEntry(msgid="Tutup", msgstr="Close", flags=["fuzzy"], occurrences=[("claims/views/claims.py", "9")])
    )
    po.append(
        polib.POEntry(
            msgid="Klaim #%(id)s",
            msgstr="Claim",
            flags=["python-format"],
            occurrences=[("claims/views/claims.py", "12")],
        )
    )
    path = tmp_path / "django.po"
    po.save(str(path))
    po.save_as_mofile(str(tmp_path / "django.mo"))

    with pytest.raises(CommandError) as failure:
        call_command("i18n_status", catalogue=[path])
    assert failure.value.returncode == 1
    out = capsys.readouterr().out
    assert "4 entries, 2 translated, 1 untranslated, 1 fuzzy, 1 placeholder mismatches" in out
    assert "templates/a.html: 1 untranslated, 0 fuzzy" in out
    assert "claims/views/claims.py: 0 untranslated, 1 fuzzy" in out
    assert "%(id)s" in out

    fixed = polib.pofile(str(path))
    for entry in fixed:
        entry.flags = []
    fixed.find("Batal").msgstr = "Cancel"
    fixed.find("Klaim #%(id)s").msgstr = "Claim #%(id)s"
    fixed.save(str(path))
    with pytest.raises(CommandError, match="1 translation problem"):
        call_command("i18n_status", catalogue=[path])
    assert "django.mo is out of date" in capsys.readouterr().out

    fixed.save_as_mofile(str(tmp_path / "django.mo"))
    call_command("i18n_status", catalogue=[path])
    assert "All catalogues are complete and compiled." in capsys.readouterr().out


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _language_form(html: str) -> tuple[str, str, set[str]]:
    """The ID/EN form of base.html: its action, CSRF token and button values."""
    form = re.search(r'<form action="([^"]+)" method="post"[^>]*aria-label="[^"]*">(.*?)</form>', html, re.S)
    assert form, "the ID/EN language form is missing"
    token = CSRF_FIELD.search(form.group(2))
    assert token, "the language form has no CSRF token"
    buttons = set(re.findall(r'name="language" value="([a-z]+)"', form.group(2)))
    return form.group(1), token.group(1), buttons


def _switch(client: Client, page_html: str, language: str, next_url: str):
    action, token, buttons = _language_form(page_html)
    assert language in buttons
    return client.post(action, {"csrfmiddlewaretoken": token, "language": language, "next": next_url})


@pytest.mark.django_db
def test_the_id_en_buttons_switch_the_login_page_to_english_and_back():
    """A person presses EN in the header: the login page is English from then on
    (and its html lang says so); pressing ID brings Indonesian back."""
    client = Client(enforce_csrf_checks=True)
    login = reverse("login")

    page = client.get(login)
    html = page.content.decode()
    assert '<html lang="id">' in html
    assert "Masuk ke JKP Portal" in html

    switched = _switch(client, html, "en", login)
    assert switched.status_code == 302
    assert switched["Location"] == login
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get(login)
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert "Sign in to JKP Portal" in html
    assert "Masuk ke JKP Portal" not in html
    assert page.context["form"].fields["password"].label == "Password"

    back = _switch(client, html, "id", login)
    assert back.status_code == 302
    html = client.get(login).content.decode()
    assert '<html lang="id">' in html
    assert "Masuk ke JKP Portal" in html


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_until_the_person_chooses(client):
    """Phones sold in Indonesia often send Accept-Language: en; the portal stays
    Indonesian (the default) until the ID/EN switch is used."""
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = page.content.decode()
    assert '<html lang="id">' in html
    assert "Masuk ke JKP Portal" in html
    assert "Sign in to JKP Portal" not in html
    assert page.context["form"].fields["password"].label == "Kata sandi"
