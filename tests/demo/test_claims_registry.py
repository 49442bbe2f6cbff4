"""Demo registry (jkp_portal.demo.claims.registry): loads fast, is idempotent and covers every criterion."""

import collections
import datetime as dt
import io

import pytest
from django.utils import timezone

from claims.eligibility import CRITERIA_CODES, add_months, evaluate
from claims.models import Contribution, Employer, Participant
from claims.selectors.registry import facts_for_participants, participant_facts
from jkp_portal.accounts.models import User
from jkp_portal.demo import accounts as accounts_demo
from jkp_portal.demo.claims import registry

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts():
    return (
        Employer.objects.count(),
        Participant.objects.count(),
        Contribution.objects.count(),
        User.objects.count(),
        Participant.objects.filter(user__isnull=False).count(),
    )


@pytest.fixture
def loaded():
    accounts_demo.load(io.StringIO())
    logins = registry.load(io.StringIO())
    return logins


def test_demo_is_idempotent(loaded):
    """A second run creates and changes nothing."""
    first = counts()
    stamps = list(Participant.objects.order_by("pk").values_list("updated_at", flat=True)[:50])
    assert registry.load(io.StringIO()) == loaded
    assert counts() == first
    assert list(Participant.objects.order_by("pk").values_list("updated_at", flat=True)[:50]) == stamps
    employers, participants, contributions, _users, linked = first
    assert (
        employers == 121 and 2500 <= participants <= 3500 and contributions > 24 * 2000
    )  # 120 + the unrouted Wonogiri employer
    assert linked == 5


def test_demo_content(loaded):
    """The demo logins exist, workers are linked to their participants by account and NIK, the HR user
    points at a large Surakarta textile employer and the mediator covers Surakarta and Sukoharjo.

    For a PHK last month: pekerja.solo and pekerja.bpn are eligible, pekerja.pkwt is refused for the
    ended contract, pekerja.tunggakan is eligible with the employer paying, pekerja.baru lacks months.

    Across the demo registry, every criterion that depends on registry data fails for someone
    (NOT_CONSECUTIVE under PP 37/2021), and both payers occur."""
    usernames = {u for u, _, _ in loaded}
    assert {"pekerja.solo", "pekerja.bpn", "pekerja.pkwt", "hr.bengawan", "mediator.solo"} <= usernames
    solo = User.objects.get(username="pekerja.solo")
    assert solo.check_password(accounts_demo.DEMO_PASSWORD) and solo.roles == ["worker"]
    assert solo.participant.nik == solo.nik
    assert solo.participant.employer.regency == "33.72"
    assert solo.participant.employer.office.code == "KC-SKA"
    hr = User.objects.get(username="hr.bengawan")
    employer = Employer.objects.get(npp=hr.employer_npp)
    assert employer.size == "large" and employer.regency == "33.72"
    assert (employer.sector, employer.kbli_code) == ("C", "13121")  # a weaving mill (Bengawan Tekstil)
    mediator = User.objects.get(username="mediator.solo")
    assert mediator.roles == ["mediator"] and mediator.area_regencies == ["33.72", "33.11"]

    phk = add_months(timezone.localdate().replace(day=1), -1).replace(day=20)
    verdicts = {
        p.user.username: evaluate(participant_facts(p, phk_date=phk, phk_reason="efficiency"))
        for p in Participant.objects.filter(user__isnull=False).select_related("user", "employer")
    }
    assert verdicts["pekerja.solo"].eligible and verdicts["pekerja.solo"].payer == "bpjs"
    assert verdicts["pekerja.bpn"].eligible
    assert verdicts["pekerja.pkwt"].failed == ("PKWT_CONTRACT_ENDED",)
    assert verdicts["pekerja.tunggakan"].eligible and verdicts["pekerja.tunggakan"].payer == "employer"
    assert verdicts["pekerja.baru"].failed == ("INSUFFICIENT_CONTRIBUTIONS",)

    ids = list(Participant.objects.values_list("pk", flat=True))
    failed = collections.Counter()
    payers = collections.Counter()
    last = add_months(timezone.localdate().replace(day=1), -1)
    for decision, phk in [(timezone.localdate(), last.replace(day=15)), (dt.date(2025, 1, 10), dt.date(2024, 12, 15))]:
        for _pk, facts in facts_for_participants(ids, phk_date=phk, phk_reason="efficiency", decision_date=decision):
            verdict = evaluate(facts)
            failed.update(verdict.failed)
            payers[verdict.payer] += 1
    registry_codes = set(CRITERIA_CODES) - {
        "EXCLUDED_REASON",  # the PHK reason, not registry data
        "CLAIM_DEADLINE_PASSED",  # the filing date
        "CLAIM_LIMIT_REACHED",  # claims history
        "REEMPLOYED",
        "NOT_WILLING_TO_WORK",
    }
    assert registry_codes <= set(failed), failed
    assert payers["employer"] and payers["bpjs"]
    sexes = set(Participant.objects.values_list("sex", flat=True))
    assert sexes == {"M", "F"}
    assert Participant.objects.filter(citizenship="WNA").exists()
    assert Participant.objects.filter(jkn_segment__in=["PBI", "PBPU"]).exists()
    assert Employer.objects.filter(bankrupt_or_closed=True).exists()
    assert set(Participant.objects.values_list("contract_type", flat=True)) == {"PKWT", "PKWTT"}


def test_demo_desk_worker_and_service_officer(loaded):
    """petugas.layanan serves, at a KC Surakarta desk, a laid-off worker the registry
    has neither a phone nor an email for and who has no account; she is eligible."""
    officer = User.objects.get(username="petugas.layanan")
    assert officer.roles == ["service_officer"] and officer.office.code == "KC-SKA"
    nik = next(p for u, p, _d in loaded if u == "(meja layanan)")
    walk_in = Participant.objects.select_related("employer").get(nik=nik)
    assert (walk_in.phone, walk_in.email, walk_in.user_id) == ("", "", None)
    assert walk_in.employer.office.code == "KC-SKA"
    phk = add_months(timezone.localdate().replace(day=1), -1).replace(day=20)
    assert evaluate(participant_facts(walk_in, phk_date=phk, phk_reason="efficiency")).eligible
