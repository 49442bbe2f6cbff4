"""Notifications to people, through channels.

Services call :func:`notify`; which channels carry the message is settings
(``NOTIFICATION_CHANNELS``). Email goes through Django's mail backends (the
demo writes to ``var/mail``); SMS goes through a gateway adapter so a real
provider can plug in by setting ``SMS_GATEWAY`` to a class path (the demo's
gateway appends to ``var/sms.log``). Sending
happens after the surrounding transaction commits, so a rolled-back decision
never notifies anyone.
"""

import logging
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


class SmsGateway:
    """Interface of an SMS provider."""

    def send(self, *, phone: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LogSmsGateway(SmsGateway):
    """No provider: the SMS goes to the log. The last messages are kept in
    ``sent`` (bounded) so tests can read them."""

    sent: deque[tuple[str, str]] = deque(maxlen=1000)

    def send(self, *, phone: str, text: str) -> None:
        LogSmsGateway.sent.append((phone, text))
        logger.info("SMS to %s: %s", phone, text)


class FileSmsGateway(SmsGateway):
    """The demo's outbox, like Django's file mail backend: one line per SMS
    appended to ``SMS_FILE_PATH`` (``var/sms.log``), keeping the console for
    the portal's own log."""

    def send(self, *, phone: str, text: str) -> None:
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as outbox:
            outbox.write(f"{stamp}\t{phone}\t{' '.join(text.split())}\n")


def _sms_gateway() -> SmsGateway:
    return import_string(settings.SMS_GATEWAY)()


def _deliver(*, email: str, phone: str, message: Message, channels) -> None:
    if "email" in channels and email:
        try:
            send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=False)
        except Exception:  # a mail outage must not undo a committed decision
            logger.exception("email to %s failed", email)
    if "sms" in channels and phone:
        try:
            _sms_gateway().send(phone=phone, text=f"{message.subject}: {message.body}"[:480])
        except Exception:
            logger.exception("sms to %s failed", phone)


def notify(*, user=None, email: str = "", phone: str = "", message: Message, channels=None) -> None:
    """Send ``message`` to a user (or an address) after the current transaction commits."""
    if user is not None:
        email = email or user.email
        phone = phone or getattr(user, "phone", "")
    channels = tuple(channels or settings.NOTIFICATION_CHANNELS)
    transaction.on_commit(lambda: _deliver(email=email, phone=phone, message=message, channels=channels))


def render_message(*, subject: str, body: str, language: str = "id") -> Message:
    """Subjects and bodies are built by the caller with gettext; this pins the
    language they are rendered in (the recipient's, not the actor's)."""
    with translation.override(language):
        return Message(subject=str(subject), body=str(body))
