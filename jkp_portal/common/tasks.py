"""Celery tasks of the common app: sending an SMS through the provider."""

from __future__ import annotations

import logging

from celery import shared_task

from .notifications import SmsDeliveryError, phone_hash, send_sms_now

logger = logging.getLogger(__name__)


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
