import pytest

from tests.factories import OfficeFactory


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tasks run in the test process, as soon as they are queued."""
    from jkp_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def solo(db):
    """A branch office serving Surakarta and its neighbours (Central Java)."""
    return OfficeFactory(
        code="T-SKA",
        name="KC Uji Surakarta",
        province_codes=["33"],
        regencies=["Kota Surakarta", "Kabupaten Sukoharjo"],
    )


@pytest.fixture
def supervisor(make_user, solo):
    return make_user("supervisor", office=solo)
