"""A logging filter that masks personal numbers in every record the portal's
handlers write: NIKs (16 digits), Indonesian phone numbers (+62 / 62 / 08…,
with or without spaces and dashes), any longer run of digits (bank account
numbers) and e-mail addresses (kept as a***@domain). It is attached to the handlers in settings.LOGGING and to the Celery
worker's handlers (jkp_portal/celery.py).

It is the net under the rule, not the rule: code logs a reference or a hash,
never a number or a message text (see notifications.phone_hash)."""

from __future__ import annotations

import logging
import re

MASK = "[disamarkan]"

_PATTERNS = (
    # Phone numbers first: +62 812-3456-7890, 62812…, 0812 3456 7890.
    re.compile(r"(?<![\w])(?:\+62|62|0)[\s-]?8\d(?:[\s-]?\d){6,11}(?!\d)"),
    # NIK (16 digits), account numbers and other long digit runs.
    re.compile(r"(?<!\d)\d{9,}(?!\d)"),
)
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-])[\w.+-]*@([\w-]+\.[\w.-]+)")


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return mask_email(text)


def mask_email(address: str) -> str:
    """a***@domain: enough to tell a provider's bounce from a typo."""
    return _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", address)


class RedactingFilter(logging.Filter):
    """Rewrites the record's message (and its exception text) with the
    numbers masked; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: let the handler report it as usual
            return True
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class RefusalWithoutTraceback(logging.Filter):
    """A refused request (4xx: a wrong role, a missing page) is one log line,
    not a stack trace: Django logs it with the exception attached, and a demo
    console full of tracebacks for ordinary 403s hides the real errors. 5xx
    keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.request" and getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
