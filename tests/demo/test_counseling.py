"""The counselling demo (jkp_portal/demo/counseling.py): konselors once, cases
for the approved claims, idempotent."""

import io

from counseling.models import Case, CounsellingSession, Konselor
from jkp_portal.accounts.models import Office
from jkp_portal.demo import accounts as accounts_demo
from jkp_portal.demo import counseling as demo
from tests.counseling.factories import approved_claim


def test_demo_data_is_idempotent(db):
    """The demo konselors are created once; approved claims that exist get their
    case, a konselor and (once) a first session; a second run changes nothing."""
    out = io.StringIO()
    accounts_demo.load(out)
    claim = approved_claim(office=Office.objects.get(code="KC-SKA"), regency="33.72")
    first = demo.load(out)
    assert "konselor.solo" in [u for u, _p, _d in first]
    case = Case.objects.get(claim=claim)
    assert case.konselor.user.username == "konselor.solo"
    assert CounsellingSession.objects.filter(case=case).count() == 1
    second = demo.load(out)
    assert demo.load_late(out) == []
    assert [u for u, _p, _d in first] == [u for u, _p, _d in second]
    assert Konselor.objects.count() == len(demo.KONSELORS)
    assert CounsellingSession.objects.count() == 1
    assert Konselor.objects.get(user__username="konselor.smd").absences.count() == 1
