import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .signals import personal_facts


class CharacterClassValidator:
    """A strong password mixes lower-case, upper-case letters and digits."""

    def validate(self, password, user=None):
        if not (re.search(r"[a-z]", password) and re.search(r"[A-Z]", password) and re.search(r"\d", password)):
            raise ValidationError(
                _("Kata sandi harus memuat huruf kecil, huruf besar, dan angka."), code="password_weak_classes"
            )

    def get_help_text(self):
        return _("Kata sandi harus memuat huruf kecil, huruf besar, dan angka.")


# Characters people put in place of letters ("B4dI", "S@ntoso", "bud1").
_LEET = {
    "a": "a4@",
    "b": "b8",
    "e": "e3",
    "g": "g9",
    "i": "i1!|",
    "l": "l1|",
    "o": "o0",
    "s": "s5$",
    "t": "t7",
    "z": "z2",
}
# What may be left once the name and birth date are taken out, and the password
# still counts as made of them (a symbol, a digit, "ku").
_REMAINDER_MAX = 3


def _name_pattern(token: str) -> str:
    return "".join(f"[{re.escape(_LEET[ch])}]" if ch in _LEET else re.escape(ch) for ch in token)


def _date_forms(date) -> list[str]:
    """The ways a birth date is written once separators are dropped, longest first."""
    days = {f"{date.day:02d}", str(date.day)}
    months = {f"{date.month:02d}", str(date.month)}
    years = {f"{date.year:04d}", f"{date.year % 100:02d}"}
    forms = set(years) | days | months
    for d in days:
        for m in months:
            forms |= {d + m, m + d}
            for y in years:
                forms |= {d + m + y, y + m + d, m + d + y, y + d + m}
    return sorted(forms, key=len, reverse=True)


class PersonalDataValidator:
    """Refuses a password made of the person's own name and birth date
    ("Budi1985!", "budi17081985", "17-08-1985Budi" for Budi Santoso, born
    17 August 1985): case, separators and light leetspeak are ignored.

    Names come from the account; the birth date from the ``birth_date`` the
    sign-up puts on the unsaved user or, for a saved user, from the receivers of
    ``accounts.signals.personal_facts`` (claims: the worker's registry record)."""

    def _facts(self, user) -> tuple[list[str], list]:
        names = [getattr(user, "first_name", "") or "", getattr(user, "last_name", "") or ""]
        dates = [getattr(user, "birth_date", None)]
        if getattr(user, "pk", None):
            for _receiver, facts in personal_facts.send(sender=type(user), user=user):
                if facts:
                    names += facts.get("names", [])
                    dates += facts.get("birth_dates", [])
        tokens = {t for name in names for t in re.findall(r"[a-z]+", name.lower()) if len(t) >= 3}
        return sorted(tokens, key=len, reverse=True), [d for d in dates if d is not None]

    def validate(self, password, user=None):
        if user is None:
            return
        tokens, dates = self._facts(user)
        if not tokens and not dates:
            return
        rest = password.lower()
        before = rest
        for token in tokens:
            rest = re.sub(_name_pattern(token), "", rest)
        rest = re.sub(r"[^a-z0-9]", "", rest)
        nik = re.sub(r"\D", "", getattr(user, "nik", None) or "")
        for form in ([nik] if nik else []) + [form for date in dates for form in _date_forms(date)]:
            rest = rest.replace(form, "")
        if rest != re.sub(r"[^a-z0-9]", "", before) and len(rest) <= _REMAINDER_MAX:
            raise ValidationError(self.message(), code="password_personal_data")

    def message(self):
        return _("Kata sandi tidak boleh disusun dari nama dan tanggal lahir Anda: terlalu mudah ditebak.")

    def get_help_text(self):
        return _("Kata sandi tidak boleh disusun dari nama dan tanggal lahir Anda.")
