"""Text messages that workers send to ask for a claim's status (claims/services/sms_status.py).

One row per message the SMS provider handed over, keyed by the provider's own
reference, so a callback that is delivered again finds its row and is not
answered twice. The row keeps neither the sender's number nor the text: only
a short hash of the number (``phone_hash`` of its E.164 form, the same tag the
logs use; it counts a sender's messages for the rate limit) and the claim number
the text asked about."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InboundSms(models.Model):
    class Source(models.TextChoices):
        PROVIDER = "provider", _("penyedia SMS (webhook)")
        COMMAND = "command", _("perintah sms_receive (pengembangan)")

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("status dikirim")
        NOT_MATCHED = "not_matched", _("nomor pengirim bukan nomor pekerja klaim, atau klaim tidak ada")
        HELP = "help", _("format tidak dikenali, petunjuk dikirim")
        RATE_LIMITED = "rate_limited", _("melebihi batas per jam, tidak dibalas")
        BAD_SENDER = "bad_sender", _("nomor pengirim tidak valid, tidak dibalas")

    # Outcomes that sent a reply (they count towards the sender's hourly limit).
    REPLIED = (Outcome.ANSWERED, Outcome.NOT_MATCHED, Outcome.HELP)

    reference = models.CharField(_("referensi penyedia"), max_length=100, unique=True)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices, default=Source.PROVIDER)
    sender_hash = models.CharField(_("tanda nomor pengirim"), max_length=16)
    claim_number = models.BigIntegerField(_("nomor klaim yang ditanyakan"), null=True, blank=True)
    # Set only when the status was given (the sender is the claim's worker).
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="status_requests"
    )
    outcome = models.CharField(_("hasil"), max_length=15, choices=Outcome.choices)
    reply_reference = models.CharField(_("referensi balasan"), max_length=40, blank=True)
    received_at = models.DateTimeField(_("diterima pada"), default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("SMS masuk")
        verbose_name_plural = _("SMS masuk")
        indexes = [models.Index(fields=["sender_hash", "received_at"])]

    def __str__(self):
        return f"SMS {self.reference} ({self.outcome})"
