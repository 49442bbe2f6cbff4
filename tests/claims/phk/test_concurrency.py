"""Two things at once: overlapping reminder runs, and two uploads naming the same worker."""

import threading

import pytest
from django.db import connection

from claims.phk.models import DeadlineReminder, PhkReportRow
from claims.phk.services import PhkLinesInvalid, deadline_reminders_send, phk_report_submit

from .factories import pdf_upload

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(*targets):
    results, errors = [], []
    barrier = threading.Barrier(len(targets))

    def run(target):
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_overlapping_reminder_runs_send_each_reminder_once(world, make_workers, submit):
    """Two workers of the beat firing at once: every reminder is claimed by exactly one run."""
    submit(make_workers(30), phk_date="2025-06-10")  # 20 days to the deadline: the 30-day reminder
    results, errors = _in_threads(deadline_reminders_send, deadline_reminders_send)
    assert errors == []
    assert sum(results) == 30  # without the ON CONFLICT claim both runs would send all 30
    assert DeadlineReminder.objects.count() == 30


def test_two_uploads_of_the_same_worker_make_one_report(world, make_workers, report_lines):
    """Double-clicked upload (or two HR staff at once): the employer lock lets one through, the other is refused."""
    workers = make_workers(5)

    def upload():
        return phk_report_submit(actor=world.hr, lines=report_lines(workers), notice_letter=pdf_upload())

    results, errors = _in_threads(upload, upload)
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], PhkLinesInvalid)
    assert "sudah dilaporkan PHK" in errors[0].lines[0].errors[0]
    assert PhkReportRow.objects.count() == 5
