import pytest

from tests.factories import OfficeFactory


@pytest.fixture
def solo(db):
    """A branch office serving Surakarta and its neighbours (Central Java)."""
    return OfficeFactory(
        code="T-SKA",
        name="KC Uji Surakarta",
        province_codes=["33"],
        regencies=["33.72", "33.11"],
    )


@pytest.fixture
def supervisor(make_user, solo):
    return make_user("supervisor", office=solo)
