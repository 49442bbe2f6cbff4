"""The SMS adapter: the demo's file outbox and the log gateway the tests read."""

import pytest

from jkp_portal.common.notifications import FileSmsGateway, LogSmsGateway, Message, notify


def test_the_file_gateway_appends_one_line_per_sms(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "out" / "sms.log"
    gateway = FileSmsGateway()
    gateway.send(phone="081234567890", text="Klaim JKP Anda\ndisetujui.")
    gateway.send(phone="081298765432", text="Laporan bulan 2 kurang 2 lamaran.")
    lines = settings.SMS_FILE_PATH.read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[1:] for line in lines] == [
        ["081234567890", "Klaim JKP Anda disetujui."],
        ["081298765432", "Laporan bulan 2 kurang 2 lamaran."],
    ]


def test_the_log_gateway_keeps_a_bounded_record():
    LogSmsGateway.sent.clear()
    for i in range(LogSmsGateway.sent.maxlen + 5):
        LogSmsGateway().send(phone=f"08{i:010d}", text="x")
    assert len(LogSmsGateway.sent) == LogSmsGateway.sent.maxlen
    assert LogSmsGateway.sent[-1][0] == f"08{LogSmsGateway.sent.maxlen + 4:010d}"


@pytest.mark.django_db(transaction=True)
def test_notify_sends_sms_through_the_configured_gateway(settings, tmp_path):
    settings.SMS_GATEWAY = "jkp_portal.common.notifications.FileSmsGateway"
    settings.SMS_FILE_PATH = tmp_path / "sms.log"
    settings.NOTIFICATION_CHANNELS = ["sms"]
    notify(email="", phone="081234567890", message=Message(subject="Klaim", body="Klaim JKP Anda disetujui."))
    # sent to the number in E.164, however it was stored
    assert "\t+6281234567890\t" in settings.SMS_FILE_PATH.read_text(encoding="utf-8")


def test_no_sms_goes_to_a_number_that_is_no_mobile(settings, tmp_path, db, django_capture_on_commit_callbacks):
    settings.SMS_GATEWAY = "jkp_portal.common.notifications.FileSmsGateway"
    settings.SMS_FILE_PATH = tmp_path / "sms.log"
    with django_capture_on_commit_callbacks(execute=True):
        notify(phone="021-5551234", message=Message(subject="Klaim", body="x"), channels=("sms",))
        notify(phone="0812-3456-7890", message=Message(subject="Klaim", body="y"), channels=("sms",))
    assert settings.SMS_FILE_PATH.read_text(encoding="utf-8").count("\n") == 1
