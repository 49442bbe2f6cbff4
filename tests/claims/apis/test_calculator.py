"""The public simulation API, POST /api/v1/eligibility/simulate/, against the issue and the rules file."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from claims.eligibility import CRITERIA_CODES

URL = "/api/v1/eligibility/simulate/"
JAKARTA = ZoneInfo("Asia/Jakarta")


def month_range(start: str, end: str) -> list[str]:
    """Every "YYYY-MM" from start to end inclusive."""
    y, m = map(int, start.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def example(**changes) -> dict:
    """The request of issue 3; keyword changes override it (None removes a key)."""
    body = {
        "citizenship": "WNI",
        "birth_date": "1990-05-01",
        "jkp_registered_on": "2022-01-10",
        "employer_size": "medium",
        "programs": ["JKN", "JKK", "JKM", "JHT", "JP"],
        "jkn_segment": "PPU",
        "contract_type": "PKWT",
        "contract_end_date": "2026-12-31",
        "phk_date": "2025-06-15",
        "phk_reason": "efficiency",
        "filed_on": "2025-07-01",
        "decision_date": "2025-07-03",
        "paid_months": month_range("2023-07", "2025-06"),
        "last_wage": 4500000,
        "employer_arrears_months": 0,
        "employer_bankrupt_or_closed": False,
        "previous_claim_phk_dates": [],
        "reemployed": False,
        "kapk_signed": True,
    }
    for key, value in changes.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return body


@pytest.fixture
def post(api):
    def _post(body, **extra):
        return api.post(URL, body, format="json", **extra)

    return _post


@pytest.fixture
def no_throttle(settings):
    """A rate high enough that loops of requests are never throttled."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon_simulate": "100000/min"},
    }


def test_url_name_reverses():
    """The endpoint lives where the issue says."""
    assert reverse("eligibility-simulate") == URL


def test_issue_example_gives_the_issue_answer(post):
    """The issue's request answers exactly the issue's response: PP6_2025, BPJS pays, 6 × Rp 2.700.000."""
    response = post(example())
    assert response.status_code == 200, response.content
    data = response.json()
    assert set(data) == {
        "eligible",
        "rule_set",
        "payer",
        "criteria",
        "failed",
        "claim_deadline",
        "wage_base",
        "schedule",
        "total",
    }
    assert data["eligible"] is True
    assert data["rule_set"] == "PP6_2025"
    assert data["payer"] == "bpjs"
    assert data["failed"] == []
    assert data["claim_deadline"] == "2025-12-15"
    assert data["wage_base"] == "4500000"
    assert data["total"] == "16200000"
    assert [c["code"] for c in data["criteria"]] == list(CRITERIA_CODES)
    assert all(c["passed"] is True and c["detail"] for c in data["criteria"])
    assert data["criteria"][0] == {"code": "NOT_CITIZEN", "passed": True, "detail": "kewarganegaraan WNI"}
    assert [m["amount"] for m in data["schedule"]] == ["2700000"] * 6
    assert [m["rate"] for m in data["schedule"]] == ["0.60"] * 6
    assert [m["month"] for m in data["schedule"]] == [1, 2, 3, 4, 5, 6]
    assert data["schedule"][0] == {
        "month": 1,
        "due_date": "2025-07-03",
        "rate": "0.60",
        "amount": "2700000",
        "rule_set": "PP6_2025",
    }
    assert [m["due_date"] for m in data["schedule"]] == [f"2025-{m:02d}-03" for m in range(7, 13)]


def test_duplicate_months_count_once(post):
    """Sending every month twice changes nothing: duplicates are fine, not an error."""
    once = post(example()).json()
    twice = post(example(paid_months=example()["paid_months"] * 2))
    assert twice.status_code == 200
    assert twice.json() == once


def test_wage_as_string_and_decimal_are_accepted(post):
    """A wage sent as "4500000.00" or 4500000.0 is money, not an error, and gives the same verdict."""
    assert post(example(last_wage="4500000.00")).json()["total"] == "16200000"
    assert post(example(last_wage=4500000.0)).json()["total"] == "16200000"


def test_defaults_decision_today_filed_on_decision_citizenship_wni(post):
    """Without decision_date, filed_on and citizenship: decided today (Jakarta), filed today, WNI."""
    body = example(decision_date=None, filed_on=None, citizenship=None)
    # 20:30 UTC on 2 July is already 3 July in Jakarta: "today" is the Jakarta date.
    with time_machine.travel(dt.datetime(2025, 7, 2, 20, 30, tzinfo=dt.UTC), tick=False):
        data = post(body).json()
    assert data["eligible"] is True
    assert data["schedule"][0]["due_date"] == "2025-07-03"
    assert data["criteria"][0] == {"code": "NOT_CITIZEN", "passed": True, "detail": "kewarganegaraan WNI"}
    deadline = next(c for c in data["criteria"] if c["code"] == "CLAIM_DEADLINE_PASSED")
    assert deadline["detail"].startswith("diajukan 3 Jul 2025,")


def test_default_filed_on_is_the_decision_date_even_when_late(post):
    """filed_on defaults to decision_date: deciding after the deadline without a filing date fails the deadline."""
    body = example(filed_on=None, decision_date="2025-12-16")
    data = post(body).json()
    assert data["failed"] == ["CLAIM_DEADLINE_PASSED"]
    deadline = next(c for c in data["criteria"] if c["code"] == "CLAIM_DEADLINE_PASSED")
    assert deadline["detail"] == "diajukan 16 Des 2025, batas 15 Des 2025 (PHK + 6 bulan)"


def test_lists_default_to_empty(post):
    """Without programs, paid_months and previous claims the lists are empty: a first claim with nothing paid."""
    data = post(example(programs=None, paid_months=None, previous_claim_phk_dates=None)).json()
    assert data["eligible"] is False
    assert data["failed"] == ["PROGRAMS_INCOMPLETE", "INSUFFICIENT_CONTRIBUTIONS"]
    assert data["schedule"] == [] and data["total"] == "0"


def test_rule_set_transition_pp37_decided_2024_11_20(post):
    """A claim decided under PP37 on 2024-11-20: months due before 2025-02-07 at 45 %, later months at 60 %."""
    body = example(
        phk_date="2024-10-01",
        filed_on="2024-11-15",
        decision_date="2024-11-20",
        paid_months=month_range("2022-11", "2024-10"),
        last_wage=4000000,
    )
    data = post(body).json()
    assert data["eligible"] is True
    assert data["rule_set"] == "PP37_2021"
    assert data["claim_deadline"] == "2025-01-01"
    assert [(m["due_date"], m["rule_set"], m["rate"], m["amount"]) for m in data["schedule"]] == [
        ("2024-11-20", "PP37_2021", "0.45", "1800000"),
        ("2024-12-20", "PP37_2021", "0.45", "1800000"),
        ("2025-01-20", "PP37_2021", "0.45", "1800000"),
        ("2025-02-20", "PP6_2025", "0.60", "2400000"),
        ("2025-03-20", "PP6_2025", "0.60", "2400000"),
        ("2025-04-20", "PP6_2025", "0.60", "2400000"),
    ]
    assert data["total"] == "12600000"


def test_transition_applies_from_a_month_due_on_2025_02_07(post):
    """The 60 % rate applies to a month due exactly on 2025-02-07, not to the one due a month earlier."""
    body = example(
        phk_date="2024-11-20",
        filed_on="2024-12-01",
        decision_date="2024-12-07",
        paid_months=month_range("2022-12", "2024-11"),
        last_wage=6000000,
    )
    schedule = post(body).json()["schedule"]
    assert [(m["due_date"], m["rate"], m["amount"]) for m in schedule[:3]] == [
        ("2024-12-07", "0.45", "2250000"),
        ("2025-01-07", "0.45", "2250000"),
        ("2025-02-07", "0.60", "3000000"),
    ]


def test_pp37_needs_six_consecutive_months_and_ppu(post):
    """Decided under PP37, a worker with a break in the last months and JKN PBI fails both rules."""
    months = [m for m in month_range("2022-11", "2024-10") if m != "2024-09"]
    data = post(
        example(
            phk_date="2024-10-01",
            filed_on="2024-11-15",
            decision_date="2024-11-20",
            paid_months=months,
            jkn_segment="PBI",
        )
    ).json()
    assert data["failed"] == ["PROGRAMS_INCOMPLETE", "NOT_CONSECUTIVE"]


def test_pkwt_contract_ended_is_not_eligible(post):
    """A PKWT whose PHK falls on the contract end date gets nothing: failed PKWT_CONTRACT_ENDED, no schedule."""
    data = post(example(contract_end_date="2025-06-15")).json()
    assert data["eligible"] is False
    assert data["failed"] == ["PKWT_CONTRACT_ENDED"]
    assert data["schedule"] == []
    assert data["total"] == "0"
    assert data["claim_deadline"] == "2025-12-15"


def test_pkwt_reason_contract_ended_is_not_eligible(post):
    """The reason contract_ended fails the PKWT rule even with an end date still ahead."""
    data = post(example(phk_reason="contract_ended")).json()
    assert data["failed"] == ["PKWT_CONTRACT_ENDED"]


def test_pkwtt_ignores_contract_end_date(post):
    """A permanent contract (PKWTT) needs no end date and is judged without one."""
    data = post(example(contract_type="PKWTT", contract_end_date=None)).json()
    assert data["eligible"] is True
    assert next(c for c in data["criteria"] if c["code"] == "PKWT_CONTRACT_ENDED")["detail"] == "PKWTT: tidak berlaku"


@pytest.mark.parametrize(
    "arrears, bankrupt, payer",
    [
        (0, False, "bpjs"),
        (3, False, "bpjs"),
        (4, False, "employer"),
        (5, True, "bpjs"),
        (6, True, "bpjs"),
        (7, True, "employer"),
    ],
)
def test_payer_follows_arrears_under_pp6(post, arrears, bankrupt, payer):
    """≤ 3 months of arrears: BPJS pays; more: the employer; PP6 bankrupt/closed with ≤ 6 months: BPJS. Still eligible."""
    data = post(example(employer_arrears_months=arrears, employer_bankrupt_or_closed=bankrupt)).json()
    assert data["payer"] == payer
    assert data["eligible"] is True and data["total"] == "16200000"


def test_bankrupt_rule_does_not_exist_under_pp37(post):
    """Under PP37 a bankrupt employer with 5 months of arrears still pays first."""
    data = post(
        example(
            phk_date="2024-10-01",
            filed_on="2024-11-15",
            decision_date="2024-11-20",
            paid_months=month_range("2022-11", "2024-10"),
            employer_arrears_months=5,
            employer_bankrupt_or_closed=True,
        )
    ).json()
    assert data["rule_set"] == "PP37_2021"
    assert data["payer"] == "employer"


def second_claim(first_paid: str) -> dict:
    """A second claim in 2027 after a first claim whose PHK was on 2022-03-10."""
    return example(
        birth_date="1985-01-01",
        jkp_registered_on="2021-03-01",
        contract_type="PKWTT",
        contract_end_date=None,
        phk_date="2027-04-15",
        filed_on="2027-05-01",
        decision_date="2027-05-03",
        paid_months=month_range(first_paid, "2027-04"),
        previous_claim_phk_dates=["2022-03-10"],
    )


def test_second_claim_needs_60_months_after_the_previous_phk(post):
    """59 paid months after the previous claim's PHK month is not enough; 60 is."""
    short = post(second_claim("2022-06")).json()  # Jun 2022–Apr 2027 = 59 months
    enough = post(second_claim("2022-05")).json()  # Mei 2022–Apr 2027 = 60 months
    assert short["failed"] == ["INSUFFICIENT_CONTRIBUTIONS"]
    detail = next(c for c in short["criteria"] if c["code"] == "INSUFFICIENT_CONTRIBUTIONS")["detail"]
    assert detail.startswith("59 bulan iuran lunas setelah PHK klaim sebelumnya (Mar 2022)")
    assert enough["eligible"] is True
    assert enough["total"] == "16200000"


def test_fourth_claim_is_refused(post):
    """After three claims that received benefits the lifetime limit is reached."""
    body = second_claim("2022-05")
    body["previous_claim_phk_dates"] = ["2022-03-10", "2021-06-01", "2021-09-01"]
    data = post(body).json()
    assert "CLAIM_LIMIT_REACHED" in data["failed"]


BAD_INPUT = [
    ("bad-birth-date", {"birth_date": "1990-02-30"}, "birth_date"),
    ("birth-date-not-iso", {"birth_date": "01/05/1990"}, "birth_date"),
    ("bad-phk-date", {"phk_date": "2025-6-15x"}, "phk_date"),
    ("missing-birth-date", {"birth_date": None}, "birth_date"),
    ("missing-phk-reason", {"phk_reason": None}, "phk_reason"),
    ("missing-wage", {"last_wage": None}, "last_wage"),
    ("month-13", {"paid_months": ["2024-12", "2024-13"]}, "paid_months"),
    ("month-00", {"paid_months": ["2024-00"]}, "paid_months"),
    ("month-one-digit", {"paid_months": ["2024-7"]}, "paid_months"),
    ("month-not-text", {"paid_months": [202407]}, "paid_months"),
    ("months-not-a-list", {"paid_months": "2024-07"}, "paid_months"),
    ("too-many-months", {"paid_months": month_range("1970-01", "2020-01")}, "paid_months"),
    ("negative-wage", {"last_wage": -1}, "last_wage"),
    ("wage-not-a-number", {"last_wage": "empat juta"}, "last_wage"),
    ("negative-arrears", {"employer_arrears_months": -1}, "employer_arrears_months"),
    ("unknown-reason", {"phk_reason": "laid_off"}, "phk_reason"),
    ("unknown-size", {"employer_size": "huge"}, "employer_size"),
    ("unknown-segment", {"jkn_segment": "BPJS"}, "jkn_segment"),
    ("unknown-contract", {"contract_type": "OUTSOURCING"}, "contract_type"),
    ("unknown-citizenship", {"citizenship": "XX"}, "citizenship"),
    ("unknown-programme", {"programs": ["JKN", "BPJS"]}, "programs"),
    ("bad-previous-date", {"previous_claim_phk_dates": ["2023-02-29"]}, "previous_claim_phk_dates"),
    ("previous-after-phk", {"previous_claim_phk_dates": ["2025-06-20"]}, "previous_claim_phk_dates"),
    ("phk-after-filed", {"phk_date": "2025-07-02", "filed_on": "2025-07-01"}, "phk_date"),
    ("filed-after-decision", {"filed_on": "2025-07-05", "decision_date": "2025-07-03"}, "filed_on"),
    (
        "decision-before-jkp",
        {
            "jkp_registered_on": "2020-01-01",
            "phk_date": "2021-01-10",
            "filed_on": "2021-01-20",
            "decision_date": "2021-02-01",
        },
        "decision_date",
    ),
    ("pkwt-without-end-date", {"contract_end_date": None}, "contract_end_date"),
    ("born-after-registration", {"birth_date": "2022-02-01"}, "birth_date"),
    ("registered-after-phk", {"jkp_registered_on": "2025-06-16"}, "jkp_registered_on"),
    ("bad-boolean", {"kapk_signed": "mungkin"}, "kapk_signed"),
]


@pytest.mark.parametrize("changes, field", [pytest.param(c, f, id=i) for i, c, f in BAD_INPUT])
def test_malformed_input_answers_400_naming_the_field(post, changes, field):
    """Each malformed input answers 400 in the portal's error shape with an Indonesian message for that field."""
    body = example()
    for key, value in changes.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    response = post(body)
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["code"] == "invalid"
    assert data["detail"] == "Data yang dikirim tidak valid."
    assert field in data["errors"], data
    messages = data["errors"][field]
    assert isinstance(messages, list) and messages and all(isinstance(m, str) and m for m in messages)


def test_month_errors_say_which_item(post):
    """A bad month is named by its position and value, so a long list can be fixed."""
    data = post(example(paid_months=["2024-01", "2024-13"])).json()
    assert data["errors"]["paid_months"] == ["Isian ke-2: “2024-13”: bulan harus 01 sampai 12."]


def test_more_than_600_months_is_refused_600_is_fine(post):
    """600 distinct months is the limit of the list."""
    six_hundred = month_range("1975-07", "2025-06")
    assert len(six_hundred) == 600
    assert post(example(paid_months=six_hundred)).status_code == 200
    response = post(example(paid_months=month_range("1975-06", "2025-06")))
    assert response.status_code == 400
    assert response.json()["errors"]["paid_months"] == ["Paling banyak 600 bulan."]


def test_body_that_is_not_an_object_is_a_400(post, api):
    """A JSON list or broken JSON is a 400 in the error shape, never a 500."""
    assert post(["not", "an", "object"]).status_code == 400
    broken = api.post(URL, data="{not json", content_type="application/json")
    assert broken.status_code == 400
    assert set(broken.json()) >= {"detail", "code"}


_JSONISH = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["2025-06-15", "2025-13-01", "0000-01-01", "9999-12-31", "2024-02", "1.5e3", "NaN"]),
    st.lists(st.sampled_from(["2024-01", "2024-13", "x", "2025-06-15", "JKN"]), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@pytest.mark.usefixtures("no_throttle")
@hyp_settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(sorted(example())), _JSONISH, max_size=4))
def test_any_input_answers_200_or_400_never_500(post, changes):
    """Whatever values a client sends for any fields, the answer is a verdict or a field error, never a crash."""
    body = example()
    body.update(changes)
    response = post(body)
    assert response.status_code in (200, 400), (body, response.content)
    if response.status_code == 400:
        assert response.json()["errors"]


def test_no_login_needed_and_logged_in_users_may_use_it(post, api, make_user):
    """Anonymous clients get an answer (the API's default is login-only); a logged-in worker does too."""
    assert post(example()).status_code == 200
    api.force_authenticate(make_user("worker"))
    assert post(example()).status_code == 200


def _low_rate(settings, rate):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon_simulate": rate},
    }


def test_default_rate_is_60_per_minute(settings, post):
    """The configured rate is 60 a minute: the 61st request in a minute is refused."""
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon_simulate"] == "60/min"
    with time_machine.travel(dt.datetime(2025, 7, 3, 9, 0, tzinfo=JAKARTA), tick=False):
        codes = [post(example()).status_code for _ in range(61)]
    assert codes[:60] == [200] * 60
    assert codes[60] == 429


def test_throttled_after_the_limit_per_address(settings, post):
    """After the limit an address gets 429 with a Retry-After; other addresses and the next minute are served."""
    _low_rate(settings, "3/min")
    with time_machine.travel(dt.datetime(2025, 7, 3, 9, 0, tzinfo=JAKARTA), tick=False) as traveller:
        assert [post(example(), REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)] == [200, 200, 200]
        refused = post(example(), REMOTE_ADDR="10.0.0.1")
        assert refused.status_code == 429
        assert refused.json()["code"] == "throttled"
        assert refused.json()["detail"].startswith("Terlalu banyak permintaan simulasi.")
        assert int(refused["Retry-After"]) > 0
        # Malformed requests count as well: the limit protects the server, not the answer.
        assert post({"birth_date": "x"}, REMOTE_ADDR="10.0.0.1").status_code == 429
        assert post(example(), REMOTE_ADDR="10.0.0.2").status_code == 200
        traveller.shift(dt.timedelta(seconds=61))
        assert post(example(), REMOTE_ADDR="10.0.0.1").status_code == 200


def test_logged_in_users_are_throttled_per_account(settings, api, make_user):
    """Logged-in clients are limited by account: one account from two addresses shares one budget,
    two accounts behind one address each have their own."""
    _low_rate(settings, "2/min")
    alice, budi = make_user("worker"), make_user("worker")
    with time_machine.travel(dt.datetime(2025, 7, 3, 9, 0, tzinfo=JAKARTA), tick=False):
        api.force_authenticate(alice)
        assert api.post(URL, example(), format="json", REMOTE_ADDR="10.0.0.1").status_code == 200
        assert api.post(URL, example(), format="json", REMOTE_ADDR="10.0.0.2").status_code == 200
        assert api.post(URL, example(), format="json", REMOTE_ADDR="10.0.0.3").status_code == 429
        api.force_authenticate(budi)
        assert api.post(URL, example(), format="json", REMOTE_ADDR="10.0.0.1").status_code == 200
        # The address alice used is not spent for anonymous visitors either.
        api.force_authenticate(None)
        assert api.post(URL, example(), format="json", REMOTE_ADDR="10.0.0.1").status_code == 200


def test_openapi_schema_documents_the_endpoint():
    """The OpenAPI schema has the endpoint with its request and response bodies, open to anonymous clients."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"][URL]["post"]
    assert operation["operationId"] == "eligibility_simulate"
    request_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    response_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert "400" in operation["responses"] and "429" in operation["responses"]
    components = schema["components"]["schemas"]
    request_schema = components[request_ref.rsplit("/", 1)[1]]
    response_schema = components[response_ref.rsplit("/", 1)[1]]
    assert set(request_schema["properties"]) == set(example())
    assert set(request_schema["required"]) == {
        "birth_date",
        "jkp_registered_on",
        "employer_size",
        "jkn_segment",
        "contract_type",
        "phk_date",
        "phk_reason",
        "last_wage",
    }
    assert set(response_schema["properties"]) == {
        "eligible",
        "rule_set",
        "payer",
        "criteria",
        "failed",
        "claim_deadline",
        "wage_base",
        "schedule",
        "total",
    }
    # No security requirement: anonymous clients may call it (other endpoints list tokenAuth/cookieAuth).
    assert not operation.get("security") or operation["security"] == [{}]


@pytest.mark.django_db
def test_schema_endpoint_serves_it(client):
    """The public schema URL lists the simulation endpoint."""
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert URL in response.json()["paths"]
