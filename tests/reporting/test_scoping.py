"""Who sees what: a branch its branch, a regional office its region, the head
office and admins everything; the office filter stays inside that scope."""

import pytest

from tests.factories import UserFactory

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(offices, refresh):
    f.claim(offices["solo"], submitted="2025-03-03", decided="2025-03-05")
    f.claim(offices["solo"], submitted="2025-03-03", decided="2025-03-05")
    f.claim(offices["smg"], submitted="2025-03-04", decided="2025-03-06")
    f.claim(offices["bpn"], submitted="2025-03-04", decided="2025-03-06", province="64")
    refresh()


def filed(summary, user, **params):
    return summary(user, start="2025-03", end="2025-03", **params)["kpis"]["filed"]


def test_branch_sees_its_branch_region_its_branches_head_office_everything(claims, staff, summary):
    """Solo 2; Jawa Tengah region 3 (Solo + Semarang); Kalimantan 1; national 4."""
    assert filed(summary, staff["solo"]) == 2
    assert filed(summary, staff["jateng"]) == 3
    assert filed(summary, staff["kal"]) == 1
    assert filed(summary, staff["national"]) == 4


def test_admin_without_office_sees_everything_and_staff_without_office_nothing(claims, summary):
    assert filed(summary, UserFactory(roles=["admin"], office=None)) == 4
    assert filed(summary, UserFactory(roles=["supervisor"], office=None)) == 0


def test_office_filter_picks_a_branch_or_a_whole_region_within_scope(claims, staff, summary):
    """National staff pick a region (it includes its branches) or a branch; a
    regional head may pick one of their branches but not another region's."""
    assert filed(summary, staff["national"], office="T-KWJ") == 3
    assert filed(summary, staff["national"], office="T-SMG") == 1
    assert filed(summary, staff["jateng"], office="T-SKA") == 2
    from jkp_portal.reporting.filters import filters_for

    filters, form = filters_for(staff["jateng"], {"office": "T-BPN", "start": "2025-03", "end": "2025-03"})
    assert "office" in form.errors
    assert filters.office_ids == frozenset({form.offices[0].pk, *[o.pk for o in form.offices]})  # still the region


def test_konselor_load_and_queue_are_scoped_too(offices, staff, refresh, summary):
    k_solo = f.konselor(offices["solo"], capacity=5)
    k_bpn = f.konselor(offices["bpn"], capacity=5)
    f.case(f.claim(offices["solo"], submitted="2025-03-03", decided="2025-03-05"), konselor_obj=k_solo)
    f.case(f.claim(offices["bpn"], submitted="2025-03-03", decided="2025-03-05"), status="unassigned")
    refresh()
    assert [k["konselor_id"] for k in summary(staff["solo"])["konselors"]] == [k_solo.pk]
    assert [k["konselor_id"] for k in summary(staff["kal"])["konselors"]] == [k_bpn.pk]
    assert summary(staff["solo"])["unassigned"] == []
    assert summary(staff["kal"])["unassigned"][0]["waiting"] == 1
    assert len(summary(staff["national"])["konselors"]) == 2
