"""Generate registry CSVs (employers, participants, contributions) in the import_registry format.

Deterministic for a given seed and size, so benchmarks can reuse the files:

    .venv/bin/python bench/gen_registry.py --participants 42000 --months 24 --out var/bench
    # -> var/bench/employers-42000.csv, participants-42000.csv, contributions-42000x24.csv

Used by bench/bench_import.py and bench/bench_recheck.py (``generate()`` and ``iter_*()``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

EMPLOYER_HEADER = ["npp", "name", "size", "sector", "province_code", "regency", "office_code", "bankrupt_or_closed"]
PARTICIPANT_HEADER = [
    "nik",
    "kpj",
    "full_name",
    "birth_date",
    "citizenship",
    "employer_npp",
    "contract_type",
    "contract_start",
    "contract_end",
    "jkp_registered_on",
    "programs",
    "jkn_segment",
    "phone",
    "email",
]
CONTRIBUTION_HEADER = ["nik", "period", "wage", "status"]

# (province code, regency, NIK region prefix) — the demo offices' areas.
AREAS = [
    ("33", "33.72", "3372"),
    ("33", "33.11", "3311"),
    ("33", "33.74", "3374"),
    ("34", "34.04", "3404"),
    ("64", "64.71", "6471"),
    ("64", "64.72", "6472"),
    ("31", "31.75", "3175"),
    ("36", "36.03", "3603"),
    ("32", "32.04", "3204"),
    ("35", "35.78", "3578"),
]
# The sector column: a KBLI 2020 section letter (either case) or a 5-digit KBLI 2020 code.
SECTORS = ["14111", "14111", "12011", "13121", "20231", "c", "G", "47111", "g", "C", "49431"]
SIZES = ["large", "medium", "medium", "small", "micro"]
FIRST = ["Agus", "Budi", "Dewi", "Eko", "Fitri", "Hendra", "Indah", "Joko", "Lestari", "Rina", "Sri", "Wahyu"]
LAST = ["Santoso", "Wijaya", "Lestari", "Pratama", "Hidayat", "Saputra", "Kusuma", "Nugroho", "Rahayu"]


def nik(region4: str, district: int, birth: dt.date, female: bool, serial: int) -> str:
    day = birth.day + (40 if female else 0)
    return f"{region4}{district:02d}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def participant_nik(i: int, seed: int) -> tuple[str, dt.date, bool]:
    """A unique, valid NIK for participant number ``i`` (district and serial encode ``i``);
    a pure function of (i, seed) so the participants and ledger files agree."""
    region = AREAS[i % len(AREAS)][2]
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=(i * 7919 + seed * 104729) % (365 * 38))
    female = (i * 31 + seed) % 100 < 45
    block, serial = divmod(i // len(AREAS), 9999)
    return nik(region, block % 100, birth, female, serial + 1), birth, female


def iter_employers(n: int, seed: int = 2025) -> Iterator[list]:
    rng = random.Random(seed)
    for i in range(n):
        province, regency, _ = AREAS[i % len(AREAS)]
        yield [
            f"BNP{i:07d}",
            f"PT Bench Sejahtera {i}",
            rng.choice(SIZES),
            rng.choice(SECTORS),
            province,
            regency,
            "",
            "true" if rng.random() < 0.03 else "false",
        ]


def iter_participants(n: int, employers: int, seed: int = 2025) -> Iterator[list]:
    rng = random.Random(seed + 1)
    for i in range(n):
        number, birth, _female = participant_nik(i, seed)
        pkwt = rng.random() < 0.35
        start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 7))
        yield [
            number,
            f"BKPJ{i:09d}",
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            birth.isoformat(),
            "WNI",
            f"BNP{i % employers:07d}",
            "PKWT" if pkwt else "PKWTT",
            start.isoformat(),
            (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 900))).isoformat() if pkwt else "",
            max(start, dt.date(2021, 2, 2)).isoformat(),
            "JKN;JKK;JKM;JHT;JP" if rng.random() < 0.9 else "JKN;JKK;JKM;JHT",
            "PPU",
            f"08{rng.randrange(10**9, 10**10)}",
            "",
        ]


def month_periods(end: str, months: int) -> list[str]:
    year, month = (int(x) for x in end.split("-"))
    idx = year * 12 + month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(idx - months + 1, idx + 1)]


def iter_contributions(n: int, months: int, end: str = "2025-06", seed: int = 2025) -> Iterator[list]:
    """``months`` ledger rows per participant ending with ``end``; about 5 % arrears."""
    rng_c = random.Random(seed + 2)
    periods = month_periods(end, months)
    for i in range(n):
        number, _birth, _female = participant_nik(i, seed)
        wage = 2_000_000 + rng_c.randrange(0, 60) * 100_000
        for period in periods:
            yield [number, period, wage, "arrears" if rng_c.random() < 0.05 else "paid"]


def _write(path: Path, header: list[str], rows: Iterator[list]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def generate(
    out: Path,
    *,
    participants: int,
    months: int = 24,
    employers: int | None = None,
    seed: int = 2025,
    end: str = "2025-06",
    reuse: bool = True,
) -> dict[str, Path]:
    """Write the three files (skipped when they exist and ``reuse``); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    employers = employers or max(1, participants // 50)
    paths = {
        "employers": out / f"employers-{employers}-s{seed}.csv",
        "participants": out / f"participants-{participants}-s{seed}.csv",
        "contributions": out / f"contributions-{participants}x{months}-{end}-s{seed}.csv",
    }
    if not (reuse and paths["employers"].exists()):
        _write(paths["employers"], EMPLOYER_HEADER, iter_employers(employers, seed))
    if not (reuse and paths["participants"].exists()):
        _write(paths["participants"], PARTICIPANT_HEADER, iter_participants(participants, employers, seed))
    if not (reuse and paths["contributions"].exists()):
        _write(paths["contributions"], CONTRIBUTION_HEADER, iter_contributions(participants, months, end, seed))
    return paths


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=42_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--employers", type=int, default=None, help="default: participants / 50")
    parser.add_argument("--end", default="2025-06", help="last contribution month (YYYY-MM)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=Path, default=Path("var/bench"))
    parser.add_argument("--force", action="store_true", help="regenerate even if the files exist")
    args = parser.parse_args(argv)
    paths = generate(
        args.out,
        participants=args.participants,
        months=args.months,
        employers=args.employers,
        seed=args.seed,
        end=args.end,
        reuse=not args.force,
    )
    for kind, path in paths.items():
        print(f"{kind}: {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stdout)


if __name__ == "__main__":
    main()
