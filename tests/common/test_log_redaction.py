"""The logging filter on the portal's handlers masks NIK, phone numbers and
account numbers, whatever a log call (or an exception) carries."""

import logging
import logging.config

from django.conf import settings

from jkp_portal.common.logredact import RedactingFilter, redact


def test_nik_phone_and_account_numbers_are_masked():
    line = "nik 3173012501900001 hp +62 812-3456-7890 / 081298765432 rek 1234567890123 batch 42 Rp 2700000"
    out = redact(line)
    for secret in ("3173012501900001", "812-3456-7890", "081298765432", "1234567890123"):
        assert secret not in out
    assert "batch 42" in out and "Rp 2700000" in out  # ids and amounts stay readable


def test_the_settings_handlers_carry_the_filter(capsys):
    """Through the portal's own LOGGING: a record with the number in its
    arguments and in its exception comes out masked."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logging.config.dictConfig(settings.LOGGING)
        handler = root.handlers[-1]
        assert any(isinstance(f, RedactingFilter) for f in handler.filters)
        log = logging.getLogger("jkp.test.redact")
        try:
            raise ValueError("rekening 9876543210123 ditolak")
        except ValueError:
            log.exception("sms to %s failed", "081234567890")
        err = capsys.readouterr().err
    finally:
        root.handlers[:], root.level = saved
    assert "sms to" in err and "081234567890" not in err and "9876543210123" not in err
