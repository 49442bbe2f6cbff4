"""Model fields shared by the apps."""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: set at least one Fernet key.")
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def encrypt_text(value: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a wrong or rotated-out key must be loud
        raise ValueError("cannot decrypt field: unknown key") from exc


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with Fernet (AES-128-CBC + HMAC), keys from
    ``FIELD_ENCRYPTION_KEYS`` (the first encrypts, all decrypt: key rotation).

    The database only ever holds ciphertext, so the column cannot be searched
    or ordered; keep a separate non-secret column (such as the last four
    digits) for display and lookup."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))
