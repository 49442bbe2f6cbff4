"""The logging filter on the portal's handlers masks NIK, phone numbers and
account numbers, whatever a log call (or an exception) carries."""

import io
import logging

from django.conf import settings

from jkp_portal.common.logredact import RedactingFilter, redact


def test_nik_phone_and_account_numbers_are_masked():
    line = (
        "nik 3173012501900001 hp +62 812-3456-7890 / 081298765432 rek 1234567890123 "
        "mail siti.aminah@example.id batch 42 Rp 2700000"
    )
    out = redact(line)
    for secret in ("3173012501900001", "812-3456-7890", "081298765432", "1234567890123", "siti.aminah"):
        assert secret not in out
    assert "s***@example.id" in out
    assert "batch 42" in out and "Rp 2700000" in out  # ids and amounts stay readable


def _portal_handlers(logger):
    """The handlers settings.LOGGING put on a logger (not pytest's capture handlers)."""
    return [h for h in logger.handlers if type(h) is logging.StreamHandler]


def test_the_portal_handlers_mask_arguments_and_exceptions():
    """Through the handler settings.LOGGING put on the root logger: a record
    with the number in its arguments and in its exception comes out masked."""
    (handler,) = _portal_handlers(logging.getLogger())
    assert any(isinstance(f, RedactingFilter) for f in handler.filters)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        log = logging.getLogger("jkp.test.redact")
        try:
            raise ValueError("rekening 9876543210123 ditolak")
        except ValueError:
            log.exception("sms to %s failed", "081234567890")
    finally:
        handler.setStream(previous)
    written = buffer.getvalue()
    assert "sms to" in written and "ValueError" in written
    assert "081234567890" not in written and "9876543210123" not in written


def test_every_handler_in_the_settings_carries_the_filter():
    handlers = settings.LOGGING["handlers"]
    assert handlers and all("redact" in h.get("filters", []) for h in handlers.values())
    server = _portal_handlers(logging.getLogger("django.server"))
    assert server and all(any(isinstance(f, RedactingFilter) for f in h.filters) for h in server)


def test_a_refused_request_is_one_line_and_a_server_error_keeps_its_traceback():
    import logging
    import sys

    from jkp_portal.common.logredact import RefusalWithoutTraceback

    def record(status):
        try:
            raise PermissionError("no")
        except PermissionError:
            info = sys.exc_info()
        rec = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: /x", (), info)
        rec.status_code = status
        RefusalWithoutTraceback().filter(rec)
        return rec

    assert record(403).exc_info is None and record(404).exc_info is None
    assert record(500).exc_info is not None


def test_the_console_handler_drops_refusal_tracebacks():
    import logging

    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    assert any(type(f).__name__ == "RefusalWithoutTraceback" for f in handler.filters)
