"""The claim pages' tests share one world: today frozen-but-ticking at the
claims' reference date, documents under a temporary MEDIA_ROOT, one branch with
its staff and a registered worker."""

from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.claims.claims_support import TODAY, Staff, make_office, make_worker


@pytest.fixture(autouse=True)
def _env(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(TODAY.replace(tzinfo=ZoneInfo("Asia/Jakarta")), tick=True):
        yield


@pytest.fixture
def office():
    return make_office("KC-WEB")


@pytest.fixture
def staff(office):
    return Staff(office)


@pytest.fixture
def worker(office):
    return make_worker(office=office)
