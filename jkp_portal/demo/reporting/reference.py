"""What the history refers to, created with the ORM before the fan-out: its
employers, a pool of historic konselors per region, a historic LPK per
region with its closed programmes."""

from __future__ import annotations

import math
import random
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from claims.models import Employer
from counseling.models import Konselor
from jkp_portal.accounts.models import Office, User
from jkp_portal.accounts.regions import regency_name
from jkp_portal.demo.reporting.figures import FEMALE, LEVELS, MALE, REGIONS, SKILLS, START, SURNAMES, TRAINING
from jkp_portal.demo.reporting.generator import Plan
from training.models import Lpk, Programme


def create_employers(plan: Plan) -> None:
    offices = dict(Office.objects.values_list("code", "pk"))
    Employer.objects.bulk_create(
        [
            Employer(
                npp=row["npp"],
                name=row["name"],
                size=row["size"],
                sector=row["sector"],
                kbli_code=row["kbli_code"],
                province_code=row["province_code"],
                regency=row["regency"],
                office_id=offices.get(row["office"]),
            )
            for row in plan.employer_rows
        ],
        batch_size=1000,
    )


def create_konselors(plan: Plan, regions: dict[str, Office], rng: random.Random) -> dict[str, list[str]]:
    """A pool of historic konselors per region, attached to the regional office
    with no regency or province (automatic assignment never picks them), sized
    so each holds 60–97 % of their capacity in open cases."""
    open_by_region: dict[str, int] = {}
    for claim in plan.claims:
        if claim.get("case_status") in ("active", "in_training"):
            open_by_region[claim["region"]] = open_by_region.get(claim["region"], 0) + 1
    pool: dict[str, list[str]] = {}
    users, konselors = [], []
    password = make_password(None)  # unusable: nobody logs in as a historic konselor
    for region in REGIONS:
        office = regions.get(region.code)
        if office is None:
            continue
        count = max(2, math.ceil(open_by_region.get(region.short, 0) / 110))
        pool[region.short] = []
        for i in range(1, count + 1):
            female = rng.random() < 0.55
            first, last = rng.choice(FEMALE if female else MALE), rng.choice(SURNAMES)
            born = date(rng.randint(1972, 1995), rng.randint(1, 12), rng.randint(1, 28))
            nip = f"{born:%Y%m%d}{rng.randint(2008, 2022)}{rng.randint(1, 12):02d}{2 if female else 1}{900 + len(konselors):03d}"
            username = f"pk.{region.short}{i:02d}"
            users.append(
                User(
                    username=username,
                    password=password,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@kemnaker-demo.id",
                    roles=["konselor"],
                    office=office,
                )
            )
            konselors.append((username, nip, f"{first} {last}", office))
            pool[region.short].append(nip)
    User.objects.bulk_create(users)
    by_username = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    Konselor.objects.bulk_create(
        [
            Konselor(
                user=by_username[username],
                nip=nip,
                name=name,
                level=rng.choice(LEVELS),
                office=office,
                regencies=[],
                province_codes=[],
                capacity=150,
                languages=["id"],
                skills=list(SKILLS),
            )
            for username, nip, name, office in konselors
        ]
    )
    # Spread each region's cases over its pool; the capacity follows the open load.
    loads: dict[str, int] = {}
    for claim in plan.claims:
        if claim["status"] != "approved":
            continue
        if claim["region"] not in pool:
            if claim["case_status"] in ("active", "in_training"):
                claim["case_status"] = "closed"  # nobody to hold it: keep the case out of every queue
            continue
        nip = rng.choice(pool[claim["region"]])
        claim["konselor_nip"] = nip
        if claim["case_status"] in ("active", "in_training"):
            loads[nip] = loads.get(nip, 0) + 1
    for region_pool in pool.values():
        for nip in region_pool:
            load = loads.get(nip, 0)
            Konselor.objects.filter(nip=nip).update(capacity=max(60, math.ceil(load / rng.uniform(0.6, 0.97))))
    return pool


def create_programmes(regions: dict[str, Office], today: date) -> None:
    for region in REGIONS:
        if region.code not in regions:
            continue
        branch = region.branches[0]
        lpk = Lpk.objects.create(
            name=f"BLK {regency_name(branch.regencies[0]).replace('Kota ', '').replace('Kabupaten ', '')} (angkatan lalu)",
            ownership="government",
            competency_standard="national",
            siapkerja_id=f"HIST-{region.short.upper()}",
            siapkerja_verified=True,
            verified_on=date(2023, 6, 1),
            accreditation_number=f"AKR/{region.short.upper()}/2023",
            accreditation_grade="A",
            accredited_until=date(2028, 6, 30),
            province_code=branch.province,
            regency=branch.regencies[0],
            address=regency_name(branch.regencies[0]),
        )
        programmes = []
        for year in range(START.year, today.year + 1):
            for half, (start, end) in enumerate(
                ((date(year, 1, 15), date(year, 6, 30)), (date(year, 7, 1), date(year, 12, 20)))
            ):
                title = TRAINING[region.short][(year + half) % 3]
                programmes.append(
                    Programme(
                        code=f"HIST-{region.short.upper()}-{year}-{half + 1}",
                        lpk=lpk,
                        title=title,
                        competency=title,
                        hours=120,
                        cost=Decimal(1_000_000 if year < 2025 else 2_400_000),
                        mode="offline",
                        location=f"{lpk.name}, {regency_name(branch.regencies[0])}",
                        province_code=branch.province,
                        regency=branch.regencies[0],
                        start_date=start,
                        end_date=end,
                        seats=10_000,
                        status="closed",
                    )
                )
        Programme.objects.bulk_create(programmes)
