import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A strong password mixes lower-case, upper-case letters and digits."""

    def validate(self, password, user=None):
        if not (re.search(r"[a-z]", password) and re.search(r"[A-Z]", password) and re.search(r"\d", password)):
            raise ValidationError(
                _("Kata sandi harus memuat huruf kecil, huruf besar, dan angka."), code="password_weak_classes"
            )

    def get_help_text(self):
        return _("Kata sandi harus memuat huruf kecil, huruf besar, dan angka.")
