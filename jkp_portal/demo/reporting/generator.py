"""The history drawn in Python with a fixed seed: claims, benefit months,
employers (``Generator.run`` returns a ``Plan``)."""

from __future__ import annotations

import math
import random
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from claims.banks import bank_for
from claims.eligibility import add_months, rule_set_for
from claims.payouts.calendar import add_working_days
from jkp_portal.accounts.regions import regency_name
from jkp_portal.common.fields import encrypt_text
from jkp_portal.demo.industries import kbli_for
from jkp_portal.demo.reporting.figures import (
    AGES,
    BANKS,
    COMPANY_WORDS,
    EDUCATION,
    FAIL_REASONS,
    FEMALE,
    MALE,
    NPP_PREFIX,
    OCCUPATIONS,
    ON_TIME_DELAYS,
    PHK_REASONS,
    PROOFS,
    REGIONS,
    REJECTIONS_BY_RULE_SET,
    SEASON,
    SEED,
    START,
    SUFFIXES,
    SURNAMES,
    TRAINING,
    Branch,
    Region,
)

_CUMULATIVE: dict[int, tuple[tuple, list[float]]] = {}


def _weighted(rng: random.Random, items: tuple):
    """One of ``items`` (tuples whose last element is the weight). ``items``
    must be a module-level tuple: the cumulative weights are kept by its id."""
    key = id(items)
    if key not in _CUMULATIVE:
        total, cumulative = 0.0, []
        for item in items:
            total += item[-1]
            cumulative.append(total)
        _CUMULATIVE[key] = (items, cumulative)
    population, cumulative = _CUMULATIVE[key]
    return rng.choices(population, cum_weights=cumulative)[0]


def _level(region: Region, month: date) -> float:
    """Claims per month (deseasonalised, full scale), geometric between anchors."""
    points = region.levels
    if month <= points[0][0]:
        return points[0][1]
    for (m0, v0), (m1, v1) in zip(points, points[1:], strict=False):
        if m0 <= month <= m1:
            span = (m1.year - m0.year) * 12 + m1.month - m0.month
            step = (month.year - m0.year) * 12 + month.month - m0.month
            return v0 * (v1 / v0) ** (step / span)
    return points[-1][1]


def _months(today: date) -> list[date]:
    months, current = [], START
    while current <= today:
        months.append(current)
        current = add_months(current, 1)
    return months


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def _aware(day: date, hour: float) -> datetime:
    return datetime.combine(day, time(int(hour), int(hour % 1 * 60)), tzinfo=JAKARTA)


@dataclass
class Plan:
    claims: list[dict] = field(default_factory=list)
    months: list[dict] = field(default_factory=list)
    employers: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (branch, industry) -> NPPs
    employer_rows: list[dict] = field(default_factory=list)


class Generator:
    def __init__(self, today: date, existing_niks: set[str], scale: float):
        self.rng = random.Random(SEED)
        self.today = today
        self.yesterday = today - timedelta(days=1)
        self.scale = scale
        self.niks = set(existing_niks)
        self.serial = 0
        self.plan = Plan()
        self.accounts = []
        for _ in range(64):
            number = "".join(str(self.rng.randint(0, 9)) for _ in range(self.rng.choice((10, 12, 13, 15))))
            self.accounts.append((encrypt_text(number), number[-4:]))

    # -- identities ---------------------------------------------------------------------
    def nik(self, nik_regency: str, birth: date, female: bool) -> str:
        while True:
            self.serial += 1
            district = self.rng.randint(1, 30)
            day = birth.day + (40 if female else 0)
            value = f"{nik_regency}{district:02d}{day:02d}{birth.month:02d}{birth.year % 100:02d}{5000 + self.serial % 4999:04d}"
            if value not in self.niks:
                self.niks.add(value)
                return value

    def name(self, female: bool) -> str:
        first = self.rng.choice(FEMALE if female else MALE)
        if self.rng.random() < 0.12:
            return first
        return f"{first} {self.rng.choice(SURNAMES)}"

    def employer(self, region: Region, branch: Branch, industry: str) -> str:
        key = (branch.code, industry)
        npps = self.plan.employers.get(key)
        if npps is None:
            npps = []
            for _ in range(2):
                npp = f"{NPP_PREFIX}{len(self.plan.employer_rows) + 1:06d}"
                words = COMPANY_WORDS.get(industry, ("Usaha",))
                index = self.rng.randrange(len(branch.regencies))
                name = f"PT {self.rng.choice(words)} {self.rng.choice(SUFFIXES)} {regency_name(branch.regencies[index]).split()[-1]}"
                section, kbli_code = kbli_for(industry, name)
                self.plan.employer_rows.append(
                    {
                        "npp": npp,
                        "name": name,
                        "size": self.rng.choice(("large", "medium", "medium", "small")),
                        "sector": section,
                        "kbli_code": kbli_code,
                        "province_code": branch.province,
                        "regency": branch.regencies[index],
                        "office": branch.code,
                    }
                )
                npps.append(npp)
            self.plan.employers[key] = npps
        return self.rng.choice(npps)

    # -- claims ---------------------------------------------------------------------------
    def counts(self, region: Region, month: date) -> int:
        full = region.exact.get(month)
        if full is None:
            full = _level(region, month) * SEASON[month.month] * (1 + self.rng.uniform(-0.06, 0.06))
        n = full * self.scale
        if month.year == self.today.year and month.month == self.today.month:
            n *= (self.today.day - 1) / 30
        return int(round(n))

    def run(self) -> Plan:
        key = 0
        for month in _months(self.today):
            for region in REGIONS:
                for _ in range(self.counts(region, month)):
                    key += 1
                    claim = self.claim(key, region, month)
                    if claim is not None:
                        self.plan.claims.append(claim)
        return self.plan

    def claim(self, key: int, region: Region, month: date) -> dict | None:
        rng = self.rng
        branch = rng.choices(region.branches, weights=[b.weight for b in region.branches])[0]
        industry = _weighted(rng, region.industries)[0]
        female = rng.random() < {
            "consumer_goods": 0.64,
            "trade_services": 0.47,
            "hospitality": 0.5,
            "finance": 0.5,
        }.get(industry, 0.22)
        last_day = (add_months(month, 1) - timedelta(days=1)).day
        submitted_day = month + timedelta(days=rng.randrange(last_day))
        if submitted_day >= self.yesterday:
            return None
        low, high, _w = _weighted(rng, AGES)
        age = rng.randint(low, high)
        birth = submitted_day - timedelta(days=int(age * 365.25) + rng.randrange(300))
        regency_index = rng.randrange(len(branch.regencies))
        contract = "PKWT" if rng.random() < 0.38 else "PKWTT"
        phk = submitted_day - timedelta(days=rng.randint(2, 75))

        # How long the decision took: a log-normal that shortens as the offices learn.
        progress = (month.year - 2024) * 12 + month.month - 1
        median = max(6.5 - progress * 0.09, 3.2)
        rs_decision = rule_set_for(submitted_day)
        r = rng.random()
        if r < 0.03:
            status = "withdrawn"
        elif r < 0.03 + (0.15 if rs_decision.code == "PP37_2021" else 0.11):
            status = "rejected"
            median *= 1.3
        else:
            status = "approved"
        days = max(0, int(round(math.exp(rng.gauss(math.log(median), 0.7)))))
        if rng.random() < 0.03:
            days += rng.randint(20, 70)  # a correction round trip
        submitted_at = _aware(submitted_day, rng.uniform(7.5, 20))
        decided_day = submitted_day + timedelta(days=days)
        if status != "withdrawn" and decided_day >= self.today:
            return None  # still open today: not history yet
        decided_at = _aware(decided_day, rng.uniform(8, 16.5)) if status != "withdrawn" else None
        if decided_at is not None and decided_at <= submitted_at:
            decided_at = submitted_at + timedelta(hours=rng.uniform(1, 6))
        rule_set = rule_set_for(decided_day).code if status != "withdrawn" else ""

        reasons = []
        phk_reason = _weighted(rng, PHK_REASONS)[0]
        if status == "rejected":
            choices = REJECTIONS_BY_RULE_SET[rule_set]
            reasons.append(_weighted(rng, choices)[0])
            if rng.random() < 0.15:
                second = _weighted(rng, choices)[0]
                if second != reasons[0]:
                    reasons.append(second)
            if "EXCLUDED_REASON" in reasons:
                phk_reason = rng.choice(("resignation", "retirement"))
            if "PKWT_CONTRACT_ENDED" in reasons:
                contract, phk_reason = "PKWT", "contract_ended"

        wage = min(int(branch.umk * (1 + 0.7 * rng.random() ** 2) / 1000) * 1000, 15_000_000)
        wage_base = Decimal(min(wage, 5_000_000))
        bank_code = _weighted(rng, BANKS)[0]
        cipher, last4 = rng.choice(self.accounts)
        nik = self.nik(branch.nik_regency[regency_index], birth, female)
        full_name = self.name(female)
        start = phk - timedelta(days=rng.randint(420, 3000))
        claim = {
            "key": key,
            "region": region.short,
            "nik": nik,
            "kpj": f"9{branch.nik_regency[regency_index]}{key:08d}",
            "full_name": full_name,
            "birth_date": birth,
            "sex": "F" if female else "M",
            "contract_type": contract,
            "contract_start": start,
            "contract_end": phk + timedelta(days=rng.randint(30, 400)) if contract == "PKWT" else None,
            "registered_on": max(start, date(2021, 2, 2)),
            "employer_npp": self.employer(region, branch, industry),
            "office": branch.code,
            "province": branch.province,
            "regency": branch.regencies[regency_index],
            "status": status,
            "phk_date": phk,
            "phk_reason": phk_reason,
            "proof_type": _weighted(rng, PROOFS)[0],
            "bank_code": bank_code,
            "bank_name": bank_for(bank_code).name,
            "account": cipher,
            "last4": last4,
            "submitted_at": submitted_at,
            "filed_on": submitted_day,
            "verified_at": (submitted_at + (decided_at - submitted_at) * 0.6) if decided_at else None,
            "decided_at": decided_at,
            "decision_date": decided_day if decided_at else None,
            "reasons": "{" + ",".join(reasons) + "}",
            "rule_set": rule_set,
            "wage_base": wage_base,
            "claim_deadline": add_months(phk, 3 if rs_decision.code == "PP37_2021" else 6),
            "eligible": status == "approved",
        }
        if status == "approved":
            self.benefit(claim, region, industry)
        return claim

    # -- benefit, months, payments ---------------------------------------------------------
    def benefit(self, claim: dict, region: Region, industry: str) -> None:
        rng = self.rng
        decided: date = claim["decision_date"]
        r = rng.random()
        limits = (
            (region.back[0], 1, 30),
            (region.back[1], 31, 91),
            (region.back[2], 92, 182),
            (region.back[3], 183, 365),
        )
        back_on = None
        for share, low, high in limits:
            if r < share:
                back_on = decided + timedelta(days=rng.randint(low, high))
                break
            r -= share
        if back_on is not None and back_on > self.yesterday:
            back_on = None  # not known yet
        year = decided.year
        late_share = {2024: 0.11, 2025: 0.07}.get(year, 0.04)
        cutoff = self.today - timedelta(days=14)  # the last fortnight is the live system's business
        previous_due = None
        last_paid_or_settled = None
        months_due = 0
        for month_no in range(1, 7):
            due = add_months(decided, month_no - 1)
            rs = rule_set_for(due)
            rate = rs.rates[month_no - 1]
            row = {
                "claim_key": claim["key"],
                "month_no": month_no,
                "period_start": previous_due or due,
                "due_date": due,
                "rule_set": rs.code,
                "rate": rate,
                "amount": _money(rate * claim["wage_base"]),
                "status": "scheduled",
                "withheld_on": None,
                "settled_on": None,
                "pay": False,
            }
            previous_due = due
            if back_on is not None and due > back_on:
                row["status"] = "stopped"
                row["settled_on"] = back_on
            elif due <= cutoff:
                months_due += 1
                fate = rng.random() if month_no > 1 else 1.0
                if fate < 0.04 and due <= cutoff - timedelta(days=6):
                    row.update(status="forfeited", withheld_on=due, settled_on=due + timedelta(days=6))
                    last_paid_or_settled = row["settled_on"]
                else:
                    base = due
                    if fate < 0.10:
                        base = due + timedelta(days=rng.randint(1, 5))  # conditions met during the grace days
                        row.update(status="withheld", withheld_on=due)
                    self.payment(row, claim, base, late_share)
                    last_paid_or_settled = row["paid_on"]
            self.plan.months.append(row)
        if back_on is not None:
            last_no = max(1, sum(1 for m in range(1, 7) if add_months(decided, m - 1) <= back_on))
            claim.update(benefit_status="ended", end_reason="reemployed", ended_on=back_on, last_month_no=last_no)
        else:
            claim.update(benefit_status="active", end_reason="", ended_on=None, last_month_no=6)
        claim["last_due"] = add_months(decided, claim["last_month_no"] - 1)
        finished = back_on is not None or months_due == 6
        if finished and claim["benefit_status"] == "active":
            claim["benefit_status"] = "completed"
        claim["closed_on"] = (back_on or last_paid_or_settled) if finished else None
        claim["back_on"] = back_on
        self.counselling(claim, region, industry, finished)

    def payment(self, row: dict, claim: dict, base: date, late_share: float) -> None:
        rng = self.rng
        deadline = add_working_days(base, 3)
        failed = rng.random() < 0.025
        if failed:
            fail_day = add_working_days(base, 1)
            paid_on = add_working_days(base, rng.randint(6, 12))
            code, reason = rng.choice(FAIL_REASONS)
        else:
            fail_day, code, reason = None, "", ""
            delay = rng.randint(4, 9) if rng.random() < late_share else _weighted(rng, ON_TIME_DELAYS)[0]
            paid_on = add_working_days(base, delay)
        row.update(
            pay=True,
            base=base,
            sla_deadline=deadline,
            paid_on=paid_on,
            attempt=2 if failed else 1,
            was_withheld=row["status"] == "withheld",
            fail_day=fail_day,
            fail_code=code,
            fail_reason=reason,
            batch_office=claim["office"],
            batch_month=(fail_day or paid_on).replace(day=1),
            reissue_month=paid_on.replace(day=1) if failed else None,
        )

    # -- counselling and training -----------------------------------------------------------
    def counselling(self, claim: dict, region: Region, industry: str, finished: bool) -> None:
        rng = self.rng
        decided: date = claim["decision_date"]
        pp37 = claim["rule_set"] == "PP37_2021"
        opened = _aware(decided, rng.uniform(9, 17))
        assessed_on = decided + timedelta(days=rng.randint(2, 20))
        assessed = rng.random() < 0.91 and assessed_on <= self.yesterday
        session_on = decided + timedelta(days=rng.randint(7, 45))
        counselled = assessed and rng.random() < (0.46 if pp37 else 0.36) and session_on <= self.yesterday
        progress = (decided.year - 2024) * 12 + decided.month
        enrol_on = decided + timedelta(days=rng.randint(20, 60))
        trained = counselled and rng.random() < 0.05 + progress * 0.003 and enrol_on <= self.yesterday
        half = 0 if enrol_on.month <= 6 else 1
        back_on = claim["back_on"]
        if back_on is not None:
            status, closed_at = "reemployed", _aware(back_on, 10)
        elif finished:
            status, closed_at = "closed", _aware(claim["closed_on"] or decided, 15)
        else:
            status, closed_at = ("in_training" if trained else "active"), None
        claim.update(
            case_status=status,
            case_opened_at=opened,
            assigned_at=opened + timedelta(hours=rng.uniform(1, 30)),
            first_contact_at=_aware(session_on, 9) if counselled else None,
            case_closed_at=closed_at,
            close_reason="Bekerja kembali"
            if status == "reemployed"
            else ("Masa manfaat selesai" if status == "closed" else ""),
            assessed=assessed,
            assessed_at=_aware(assessed_on, rng.uniform(8, 21)) if assessed else None,
            education=_weighted(rng, EDUCATION)[0],
            occupation=rng.choice(OCCUPATIONS.get(industry, OCCUPATIONS["other"])),
            sessions=(2 if rng.random() < 0.4 else 1) if counselled else 0,
            session_at=_aware(session_on, rng.choice((9, 10, 13, 14))) if counselled else None,
            recommendation=("training" if trained else rng.choice(("job_search", "job_search", "entrepreneurship")))
            if counselled
            else "",
            trained=trained,
            enrol_at=_aware(enrol_on, 10) if trained else None,
            training_title=TRAINING[region.short][(enrol_on.year + half) % 3] if trained else "",
            programme_code=f"HIST-{region.short.upper()}-{enrol_on.year}-{half + 1}" if trained else "",
        )
