"""Benchmark: eligibility evaluations per second on one core.

    python bench/bench_eligibility.py --n 200000

Generates N realistic in-memory ``Facts`` with a seeded RNG (not timed), then
times ``evaluate()`` over all of them in this single process. Target: at least
20,000 evaluations per second.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.eligibility import PHK_REASONS, Facts, add_months, evaluate  # noqa: E402

TARGET_PER_SECOND = 20_000
ALL_PROGRAMS = frozenset({"JKN", "JKK", "JKM", "JHT", "JP"})
GOOD_REASONS = list(PHK_REASONS[:8])
# Efficiency and closures dominate real PHK; excluded reasons are rare among claims.
GOOD_WEIGHTS = [40, 15, 8, 6, 3, 15, 5, 8]
FIRST_PHK = date(2022, 2, 1)
LAST_PHK = date(2026, 10, 31)


def _month_key(idx: int) -> tuple[int, int]:
    return idx // 12, idx % 12 + 1


def make_facts(rng: random.Random) -> Facts:
    """One claim-like set of facts; about three in four are eligible."""
    span = (LAST_PHK - FIRST_PHK).days
    phk = FIRST_PHK + timedelta(days=rng.randrange(span))
    # Claims peak every February: move a share of PHKs into January/February.
    if rng.random() < 0.15:
        phk = phk.replace(month=rng.choice((1, 2)), day=min(phk.day, 28))
    filed = phk + timedelta(days=int(rng.expovariate(1 / 25)))
    decision = filed + timedelta(days=rng.randrange(1, 15))
    phk_idx = phk.year * 12 + phk.month - 1

    history = rng.choice((rng.randrange(6, 36), rng.randrange(24, 180), rng.randrange(24, 180)))
    gap_rate = rng.choice((0.0, 0.0, 0.0, 0.0, 0.05, 0.3))
    paid = frozenset(
        _month_key(i) for i in range(phk_idx - history + 1, phk_idx + 1) if gap_rate == 0.0 or rng.random() >= gap_rate
    )
    previous: tuple[date, ...] = ()
    r = rng.random()
    if r < 0.03:
        previous = (add_months(phk, -rng.randrange(40, 100)),)
    elif r < 0.035:
        previous = tuple(sorted(add_months(phk, -rng.randrange(20, 200)) for _ in range(3)))

    size = rng.choices(("micro", "small", "medium", "large"), weights=(10, 25, 30, 35))[0]
    programs = ALL_PROGRAMS
    if rng.random() < 0.05:
        programs = programs - {rng.choice(("JP", "JP", "JHT", "JKN"))}
    contract = "PKWT" if rng.random() < 0.45 else "PKWTT"
    end = None
    if contract == "PKWT":
        end = phk + timedelta(days=rng.randrange(-90, 720)) if rng.random() < 0.95 else None
    reason = (
        rng.choices(GOOD_REASONS, weights=GOOD_WEIGHTS)[0]
        if rng.random() < 0.94
        else rng.choice(("resignation", "retirement", "permanent_total_disability", "death", "contract_ended"))
    )
    # Monthly wages cluster around provincial minimum wages (Rp 2–5.4 million).
    wage = Decimal(int(rng.lognormvariate(15.2, 0.35)) // 1000 * 1000)
    birth = date(rng.randrange(1968, 2004), rng.randrange(1, 13), rng.randrange(1, 29))
    registered = date(2021, 2, 2) + timedelta(days=rng.randrange(max(1, (phk - date(2021, 2, 2)).days)))
    return Facts(
        citizenship="WNI" if rng.random() < 0.995 else "WNA",
        birth_date=birth,
        jkp_registered_on=registered,
        employer_size=size,
        programs=programs,
        jkn_segment=rng.choices(("PPU", "PBI", "PBPU"), weights=(92, 3, 5))[0],
        contract_type=contract,
        contract_end_date=end,
        phk_date=phk,
        phk_reason=reason,
        filed_on=filed,
        decision_date=decision,
        paid_months=paid,
        last_wage=wage,
        employer_arrears_months=rng.choices((0, 1, 2, 3, 4, 5, 6, 8, 12), weights=(80, 5, 3, 2, 3, 2, 2, 2, 1))[0],
        employer_bankrupt_or_closed=reason in ("bankruptcy", "business_closure"),
        previous_claim_phk_dates=previous,
        reemployed=rng.random() < 0.02,
        kapk_signed=rng.random() < 0.98,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="number of facts (default 200000)")
    parser.add_argument("--seed", type=int, default=20250207)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; best is reported")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    facts = [make_facts(rng) for _ in range(args.n)]
    print(f"generated {args.n:,} facts in {time.perf_counter() - t0:.1f}s (seed {args.seed})")

    # Verdicts are dropped as they are made, as in a worker handling one claim at a
    # time: keeping 200,000 of them alive would make the timing mostly GC traversal.
    gc.collect()
    best = float("inf")
    eligible = 0
    by_rule_set: Counter[str] = Counter()
    by_payer: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    for attempt in range(args.repeat):
        t0 = time.perf_counter()
        for f in facts:
            evaluate(f)
        best = min(best, time.perf_counter() - t0)
        print(f"pass {attempt + 1}: {args.n / (time.perf_counter() - t0):,.0f} evaluations/second")
    for f in facts:
        v = evaluate(f)
        eligible += v.eligible
        by_rule_set[v.rule_set] += 1
        if v.eligible:
            by_payer[v.payer] += 1
        failures.update(v.failed)

    rate = args.n / best
    print(f"eligible {eligible:,} ({eligible / args.n:.0%}); rule sets {dict(by_rule_set)}; payers {dict(by_payer)}")
    print("most common failures: " + ", ".join(f"{c} {n:,}" for c, n in failures.most_common(5)))
    print(
        f"best of {args.repeat}: {best:.2f}s for {args.n:,} evaluations "
        f"= {rate:,.0f} evaluations/second on one core "
        f"({1e6 / rate:.1f} µs each; target {TARGET_PER_SECOND:,}/s)"
    )
    return 0 if rate >= TARGET_PER_SECOND else 1


if __name__ == "__main__":
    raise SystemExit(main())
