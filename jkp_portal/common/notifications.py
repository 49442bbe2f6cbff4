"""Notifications to people, through channels.

Services call :func:`notify`; which channels carry the message is settings
(``NOTIFICATION_CHANNELS``). Email goes through Django's mail backends (the
demo writes to ``var/mail``); SMS goes through the gateway adapter named by
``SMS_GATEWAY``: in production ``HttpSmsGateway`` (the provider's HTTP API),
in the demo ``FileSmsGateway`` (``var/sms.log``), in tests ``LogSmsGateway``.
The last two are ``simulated``: outside development and test the portal
refuses to start with them (system check jkp.E002). Sending happens after the
surrounding transaction commits, so a rolled-back decision never notifies
anyone; an SMS is sent by a Celery task that retries while the provider fails.

Nothing here logs a phone number, an address or a message text: a log line
names the message by its reference and the number by a short hash.
"""

import hashlib
import logging
import uuid
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from .logredact import mask_email
from .phones import mobile_or_blank

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


class SmsDeliveryError(Exception):
    """The provider did not take the SMS (no answer, or not 2xx); the send task retries."""


def phone_hash(phone: str) -> str:
    """A short stable tag for a number in logs (never the number itself)."""
    return "p" + hashlib.sha256(phone.encode()).hexdigest()[:10]


class SmsGateway:
    """Interface of an SMS provider. ``reference`` is the message's own id,
    the same on every retry of it."""

    simulated = False  # a stand-in for a provider: refused outside development and test

    @classmethod
    def configuration_problems(cls) -> list[str]:
        return []

    def send(self, *, phone: str, text: str, reference: str = "") -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LogSmsGateway(SmsGateway):
    """No provider (tests): the SMS is kept in ``sent`` (bounded) for the tests
    to read; the log only says that one went out."""

    simulated = True
    sent: deque[tuple[str, str]] = deque(maxlen=1000)

    def send(self, *, phone: str, text: str, reference: str = "") -> None:
        LogSmsGateway.sent.append((phone, text))
        logger.info(
            "SMS %s to %s kept by the log gateway (%s characters)", reference or "-", phone_hash(phone), len(text)
        )


class FileSmsGateway(SmsGateway):
    """The demo's outbox, like Django's file mail backend: one line per SMS
    appended to ``SMS_FILE_PATH`` (``var/sms.log``), keeping the console for
    the portal's own log."""

    simulated = True

    def send(self, *, phone: str, text: str, reference: str = "") -> None:
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as outbox:
            outbox.write(f"{stamp}\t{phone}\t{' '.join(text.split())}\n")


class HttpSmsGateway(SmsGateway):
    """The SMS provider's HTTP API: one ``POST`` of JSON
    ``{"to", "text", "sender", "reference"}`` to ``SMS_HTTP_URL`` with
    ``Authorization: Bearer SMS_HTTP_API_KEY``, within ``SMS_HTTP_TIMEOUT``
    seconds. Anything but a 2xx answer raises :class:`SmsDeliveryError` (the
    send task retries it with the same ``reference``, which providers use to
    drop duplicates)."""

    @classmethod
    def configuration_problems(cls) -> list[str]:
        return [
            f"{name} is not set" for name in ("SMS_HTTP_URL", "SMS_HTTP_API_KEY") if not getattr(settings, name, "")
        ]

    def send(self, *, phone: str, text: str, reference: str = "") -> None:
        import requests

        url = getattr(settings, "SMS_HTTP_URL", "")
        key = getattr(settings, "SMS_HTTP_API_KEY", "")
        if not url or not key:
            raise SmsDeliveryError("SMS_HTTP_URL and SMS_HTTP_API_KEY must be set")
        payload = {
            "to": phone,
            "text": text,
            "sender": getattr(settings, "SMS_HTTP_SENDER", ""),
            "reference": reference or uuid.uuid4().hex,
        }
        try:
            response = requests.post(
                url,
                json=payload,
                headers={"Authorization": f"Bearer {key}", "Accept": "application/json"},
                timeout=float(getattr(settings, "SMS_HTTP_TIMEOUT", 10.0)),
            )
        except requests.RequestException as exc:
            # The exception text can carry the URL, never the number or text: say only its kind.
            raise SmsDeliveryError(f"SMS provider unreachable ({exc.__class__.__name__})") from None
        if not 200 <= response.status_code < 300:
            raise SmsDeliveryError(f"SMS provider answered HTTP {response.status_code}")
        logger.info(
            "SMS %s to %s accepted by the provider (HTTP %s)",
            payload["reference"],
            phone_hash(phone),
            response.status_code,
        )


def sms_gateway_class() -> type[SmsGateway]:
    from django.core.exceptions import ImproperlyConfigured

    path = getattr(settings, "SMS_GATEWAY", "")
    if not path:
        raise ImproperlyConfigured("SMS_GATEWAY is not set")
    return import_string(path)


def _sms_gateway() -> SmsGateway:
    return sms_gateway_class()()


def send_sms_now(*, phone: str, text: str, reference: str) -> None:
    """Send through the configured gateway (the send task calls this)."""
    _sms_gateway().send(phone=phone, text=text, reference=reference)


@shared_task(
    name="notifications.send_sms",
    bind=True,
    acks_late=True,
    max_retries=8,
    autoretry_for=(SmsDeliveryError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
)
def send_sms(self, *, phone: str, text: str, reference: str) -> None:
    """Send one SMS; while the provider fails it is retried with backoff (the
    same ``reference`` each time, so the provider can drop a duplicate)."""
    try:
        send_sms_now(phone=phone, text=text, reference=reference)
    except SmsDeliveryError as exc:
        logger.warning("SMS %s to %s: %s (attempt %s)", reference, phone_hash(phone), exc, self.request.retries + 1)
        raise


def _deliver(*, email: str, phone: str, message: Message, channels) -> None:
    if "email" in channels and email:
        try:
            send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=False)
        except Exception:  # a mail outage must not undo a committed decision
            logger.exception("email to %s failed", mask_email(email))
    if "sms" in channels and phone:
        number = mobile_or_blank(phone)
        if not number:
            logger.warning("SMS to %s not sent: not an Indonesian mobile number", phone_hash(phone))
            return
        phone = number
        reference = uuid.uuid4().hex
        text = f"{message.subject}: {message.body}"[:480]
        try:
            send_sms.delay(phone=phone, text=text, reference=reference)
        except SmsDeliveryError:
            # Eager mode (tests) runs the task and its retries here; they are spent.
            logger.error("SMS %s to %s not delivered after retries", reference, phone_hash(phone))
        except Exception:  # no broker: try once now, in this process
            logger.warning("broker unavailable; sending SMS %s inline", reference)
            try:
                send_sms_now(phone=phone, text=text, reference=reference)
            except Exception as exc:
                logger.error("SMS %s to %s failed: %s", reference, phone_hash(phone), exc.__class__.__name__)


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
