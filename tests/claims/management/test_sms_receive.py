"""manage.py sms_receive: the development gateway feeds the webhook's service,
and the reply goes out through the configured SMS gateway."""

from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from claims.models import InboundSms
from jkp_portal.celery import app
from jkp_portal.common.notifications import LogSmsGateway
from tests.claims.claims_support import TODAY, make_office, make_worker, submitted_claim

# The reply leaves when the command's transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _env():
    LogSmsGateway.sent.clear()
    with time_machine.travel(TODAY.replace(tzinfo=ZoneInfo("Asia/Jakarta")), tick=True):
        yield
    LogSmsGateway.sent.clear()


def run(*args) -> str:
    out = StringIO()
    call_command("sms_receive", *args, stdout=out)
    return out.getvalue()


def test_the_command_answers_through_the_file_gateway(settings, tmp_path):
    """As in the demo: the reply is appended to the file outbox, without a Celery worker."""
    settings.SMS_GATEWAY = "jkp_portal.common.notifications.FileSmsGateway"
    settings.SMS_FILE_PATH = tmp_path / "sms.log"
    app.conf.task_always_eager = False  # as in the demo, where tasks go to the broker
    claim = submitted_claim(make_worker(office=make_office("KC-CMD")))
    out = run("--from", "081234567890", f"STATUS {claim.pk}", "--reference", "dev-1")
    assert app.conf.task_always_eager is False  # the command leaves the setting as it found it
    assert f"Klaim JKP #{claim.pk}: DIAJUKAN." in out and "status dikirim" in out
    line = settings.SMS_FILE_PATH.read_text(encoding="utf-8").strip().splitlines()[-1]
    assert line.split("\t")[1:] == ["+6281234567890", out.split(": ", 2)[-1].strip()]
    row = InboundSms.objects.get()
    assert (row.reference, row.source, row.claim_id) == ("dev-1", InboundSms.Source.COMMAND, claim.pk)

    again = run("--from", "081234567890", f"STATUS {claim.pk}", "--reference", "dev-1")
    assert "tidak dibalas lagi" in again
    assert len(settings.SMS_FILE_PATH.read_text(encoding="utf-8").strip().splitlines()) == 1


def test_the_command_goes_through_the_same_rules(settings):
    claim = submitted_claim(make_worker(office=make_office("KC-CMD")))
    out = run("--from", "+6281311112222", f"STATUS {claim.pk}")
    assert "DIAJUKAN" not in out and "hanya dikirim ke nomor HP pekerja" in out
    out = run("--from", "081234567890", "apa kabar")
    assert "ketik STATUS" in out
    assert [phone for phone, _text in LogSmsGateway.sent] == ["+6281311112222", "+6281234567890"]
    assert set(InboundSms.objects.values_list("outcome", flat=True)) == {"not_matched", "help"}
    assert all(ref.startswith("cmd-") for ref in InboundSms.objects.values_list("reference", flat=True))
