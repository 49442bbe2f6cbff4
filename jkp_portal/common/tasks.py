"""Celery tasks of the common app (autodiscovered): the SMS send task lives
next to the gateways it drives."""

from .notifications import send_sms

__all__ = ["send_sms"]
