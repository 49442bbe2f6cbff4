import pytest

from jkp_portal.accounts.models import Office
from jkp_portal.reporting.filters import filters_for
from jkp_portal.reporting.refresh import dashboards_refresh
from jkp_portal.reporting.selectors import dashboard_summary
from tests.factories import OfficeFactory, UserFactory


@pytest.fixture
def offices(db):
    """Head office; Kanwil Jateng with KC Solo and KC Semarang; Kanwil Kalimantan with KC Balikpapan."""
    head = OfficeFactory(code="T-KP", name="Kantor Pusat Uji", kind=Office.Kind.HEAD, province_codes=[])
    jateng = OfficeFactory(
        code="T-KWJ", name="Kanwil Uji Jateng", kind=Office.Kind.REGIONAL, parent=head, province_codes=["33", "34"]
    )
    kal = OfficeFactory(
        code="T-KWK", name="Kanwil Uji Kalimantan", kind=Office.Kind.REGIONAL, parent=head, province_codes=["64", "63"]
    )
    solo = OfficeFactory(code="T-SKA", name="KC Uji Solo", parent=jateng, province_codes=["33"])
    smg = OfficeFactory(code="T-SMG", name="KC Uji Semarang", parent=jateng, province_codes=["33"])
    bpn = OfficeFactory(code="T-BPN", name="KC Uji Balikpapan", parent=kal, province_codes=["64"])
    return {"head": head, "jateng": jateng, "kal": kal, "solo": solo, "smg": smg, "bpn": bpn}


@pytest.fixture
def staff(offices):
    return {
        "national": UserFactory(roles=["supervisor"], office=offices["head"]),
        "jateng": UserFactory(roles=["supervisor"], office=offices["jateng"]),
        "solo": UserFactory(roles=["supervisor"], office=offices["solo"]),
        "kal": UserFactory(roles=["supervisor"], office=offices["kal"]),
    }


@pytest.fixture
def refresh(db):
    def _refresh():
        return dashboards_refresh(triggered_by="test")

    return _refresh


@pytest.fixture
def summary(db):
    """The dashboard summary a user sees with the given query parameters."""

    def _summary(user, **params):
        filters, form = filters_for(user, {k: str(v) for k, v in params.items()})
        assert not form.errors, form.errors
        return dashboard_summary(filters)

    return _summary


def month_row(result, month: str) -> dict:
    return next(r for r in result["claims_by_month"] if f"{r['month']:%Y-%m}" == month)
