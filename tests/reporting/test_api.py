"""GET /api/v1/dashboards/summary/: the same figures as JSON."""

import pytest

from . import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/dashboards/summary/"


@pytest.fixture
def data(offices, refresh):
    f.claim(offices["solo"], submitted="2024-03-04", decided="2024-03-08")
    for _ in range(3):
        f.claim(offices["solo"], submitted="2025-03-04", decided="2025-03-08", sex="F")
    f.claim(offices["bpn"], submitted="2025-03-04", decided="2025-03-11", province="64", reasons=["DOC_INVALID"])
    refresh()


def test_summary_json_matches_the_dashboard(api, staff, data, summary):
    api.force_authenticate(staff["national"])
    response = api.get(URL, {"start": "2025-03", "end": "2025-03"})
    assert response.status_code == 200
    body = response.json()
    assert body["filters"]["start"] == "2025-03" and body["filters"]["office"] is None
    march = body["claims_by_month"][0]
    assert march["month"] == "2025-03"
    assert (march["filed"], march["filed_prev_year"], march["approved"], march["rejected"]) == (4, 1, 3, 1)
    assert march["median_days"] == 4.0
    assert body["kpis"]["filed_change_pct"] == 300.0
    assert body["rejection_reasons"][0]["code"] == "DOC_INVALID"
    assert {r["key"] for r in body["by_province"]} == {"33", "64"}
    assert body["freshness"]["stale"] is False and body["freshness"]["refreshed_at"]
    assert isinstance(body["payments_by_month"][0]["paid_amount"], str)  # money as decimal strings
    expected = summary(staff["national"], start="2025-03", end="2025-03")
    assert body["kpis"]["filed"] == expected["kpis"]["filed"]


def test_filters_and_scope_apply(api, staff, data):
    api.force_authenticate(staff["solo"])
    body = api.get(URL, {"start": "2025-03", "end": "2025-03", "sex": "F"}).json()
    assert body["kpis"]["filed"] == 3
    api.force_authenticate(staff["kal"])
    assert api.get(URL, {"start": "2025-03", "end": "2025-03"}).json()["kpis"]["filed"] == 1


def test_invalid_filters_give_400_with_the_field(api, staff, data):
    api.force_authenticate(staff["solo"])
    response = api.get(URL, {"start": "2025-13", "office": "T-BPN"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_filter"
    assert set(body["errors"]) == {"start", "office"}


def test_roles_outside_the_offices_are_refused(api, make_user):
    api.force_authenticate(make_user("worker"))
    assert api.get(URL).status_code == 403
    api.force_authenticate(None)
    assert api.get(URL).status_code in (401, 403)


def test_endpoint_is_documented_in_the_schema(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/dashboards/summary/" in schema
    assert "age_band" in schema and "rule_set" in schema
