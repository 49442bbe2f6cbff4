import pytest

from tests.factories import OfficeFactory, UserFactory


@pytest.fixture
def branch(db):
    return OfficeFactory(code="KC-UJI", name="KC Uji")


@pytest.fixture
def approver(branch):
    return UserFactory(roles=["approver"], office=branch)


@pytest.fixture
def approver2(branch):
    return UserFactory(roles=["approver"], office=branch)


@pytest.fixture
def supervisor(branch):
    return UserFactory(roles=["supervisor"], office=branch)
