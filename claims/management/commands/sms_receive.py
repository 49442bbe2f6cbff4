"""python manage.py sms_receive --from 081234567890 "STATUS 123" [--reference REF]

The development gateway of inbound SMS: hands one text to the same service as
the provider's webhook (claims/services/sms_status.py), as if the provider had
delivered it. The reply goes out through the configured SMS gateway (in the demo
FileSmsGateway appends it to var/sms.log) at once, in this process, and is
printed here too."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from claims.models import InboundSms
from claims.services.sms_status import sms_status_receive


class Command(BaseCommand):
    help = (
        "Feed one inbound SMS through the claim-status service, as the SMS provider's webhook does, and send "
        "the reply through SMS_GATEWAY. Repeat --reference to see a redelivered callback go unanswered."
    )

    def add_arguments(self, parser):
        parser.add_argument("text", help='the message text, e.g. "STATUS 123"')
        parser.add_argument("--from", dest="sender", required=True, help="the sender's number (0812... or +62812...)")
        parser.add_argument(
            "--reference", default="", help="the provider's message id (default: a new one, cmd-<random>)"
        )

    def handle(self, *args, **options):
        from jkp_portal.celery import app

        reference = options["reference"] or f"cmd-{uuid.uuid4().hex[:16]}"
        # The reply is sent by the send task in this process (no worker needed), through the same gateway.
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = True
        try:
            result = sms_status_receive(
                sender=options["sender"],
                text=options["text"],
                reference=reference,
                source=InboundSms.Source.COMMAND,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            app.conf.task_always_eager = eager
        if result.duplicate:
            self.stdout.write(f"SMS {reference}: sudah diterima sebelumnya, tidak dibalas lagi")
            return
        label = InboundSms.Outcome(result.outcome).label
        self.stdout.write(f"SMS {reference}: {label}")
        if result.text:
            self.stdout.write(self.style.SUCCESS(f"Balasan ({len(result.text)} karakter): {result.text}"))
        else:
            self.stdout.write("Tidak ada balasan.")
