"""Supply and demand of skills by region: what open vacancies ask for against
what active job seekers have, and which programmes would close the gap."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from jkp_portal.accounts.regions import PROVINCES
from training.models import JobSeekerProfile, Programme, Vacancy
from training.selectors.training import programmes_open_for_participants

VACANCY_TABLE = Vacancy._meta.db_table
SEEKER_TABLE = JobSeekerProfile._meta.db_table


@dataclass
class SkillRow:
    skill: str
    openings: int = 0  # positions still open that ask for the skill
    vacancies: int = 0
    seekers: int = 0  # active job seekers who have it
    programmes: list[Programme] = field(default_factory=list)

    @property
    def gap(self) -> int:
        """Positive: employers ask for more than job seekers offer."""
        return self.openings - self.seekers

    @property
    def ratio(self) -> float | None:
        return None if self.seekers == 0 else round(self.openings / self.seekers, 1)


def _area_sql(alias: str, province_code: str, regency: str) -> tuple[str, list]:
    sql, params = f"{alias}.province_code = %s", [province_code]
    if regency:
        sql += f" AND {alias}.regency = %s"
        params.append(regency)
    return sql, params


def supply_demand(*, province_code: str, regency: str = "", today: dt.date | None = None, limit: int = 30) -> dict:
    today = today or timezone.localdate()
    rows: dict[str, SkillRow] = {}
    v_area, v_params = _area_sql("v", province_code, regency)
    p_area, p_params = _area_sql("p", province_code, regency)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT s.skill, SUM(v.openings - v.hired_count), COUNT(*)
            FROM {VACANCY_TABLE} v CROSS JOIN LATERAL unnest(v.skills) AS s(skill)
            WHERE v.status = 'open' AND v.closing_date >= %s AND v.hired_count < v.openings AND {v_area}
            GROUP BY s.skill
            """,  # noqa: S608 - table name from the model; values bound
            [today, *v_params],
        )
        for skill, openings, vacancies in cursor.fetchall():
            rows[skill] = SkillRow(skill=skill, openings=int(openings), vacancies=int(vacancies))
        cursor.execute(
            f"""
            SELECT s.skill, COUNT(*)
            FROM {SEEKER_TABLE} p CROSS JOIN LATERAL unnest(p.skills) AS s(skill)
            WHERE p.seeking AND {p_area} GROUP BY s.skill
            """,  # noqa: S608 - table name from the model; values bound
            p_params,
        )
        for skill, seekers in cursor.fetchall():
            rows.setdefault(skill, SkillRow(skill=skill)).seekers = int(seekers)
        cursor.execute(
            f"""
            SELECT count(*), coalesce(sum(v.openings - v.hired_count), 0) FROM {VACANCY_TABLE} v
            WHERE v.status = 'open' AND v.closing_date >= %s AND v.hired_count < v.openings AND {v_area}
            """,  # noqa: S608 - table name from the model; values bound
            [today, *v_params],
        )
        vacancy_count, opening_count = cursor.fetchone()
        cursor.execute(
            f"SELECT count(*) FROM {SEEKER_TABLE} p WHERE p.seeking AND {p_area}",  # noqa: S608 - values bound
            p_params,
        )
        (seeker_count,) = cursor.fetchone()

    demanded = sorted((r for r in rows.values() if r.openings), key=lambda r: (-r.gap, -r.openings, r.skill))[:limit]
    gaps = [r for r in demanded if r.gap > 0]
    gap_skills = [r.skill for r in gaps]
    programmes = (
        list(
            programmes_open_for_participants(today=today, province_code=province_code).filter(
                skills__overlap=gap_skills
            )
        )
        if gap_skills
        else []
    )
    for programme in programmes:
        programme.gap_skills = [s for s in programme.skills if s in set(gap_skills)]
        for skill in programme.gap_skills:
            rows[skill].programmes.append(programme)
    surplus = sorted((r for r in rows.values() if r.seekers > r.openings), key=lambda r: (r.gap, r.skill))[:10]
    return {
        "province_code": province_code,
        "regency": regency,
        "skills": demanded,
        "gaps": gaps,
        "uncovered": [r for r in gaps if not r.programmes],
        "surplus": surplus,
        "programmes": sorted(programmes, key=lambda p: (-len(p.gap_skills), p.start_date)),
        "vacancy_count": vacancy_count,
        "opening_count": int(opening_count),
        "seeker_count": seeker_count,
    }


def regions_overview(*, today: dt.date | None = None) -> list[dict]:
    """Open positions and active job seekers per province (the entry table)."""
    today = today or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT province_code, count(*), sum(openings - hired_count) FROM {VACANCY_TABLE}
            WHERE status = 'open' AND closing_date >= %s AND hired_count < openings GROUP BY province_code
            """,  # noqa: S608 - table name from the model; values bound
            [today],
        )
        demand = {code: (int(n), int(openings)) for code, n, openings in cursor.fetchall()}
        cursor.execute(
            f"SELECT province_code, count(*) FROM {SEEKER_TABLE} WHERE seeking GROUP BY province_code"  # noqa: S608
        )
        supply = {code: int(n) for code, n in cursor.fetchall()}
    codes = sorted(set(demand) | set(supply), key=lambda c: PROVINCES.get(c, c))
    return [
        {
            "province_code": code,
            "province": PROVINCES.get(code, code),
            "vacancies": demand.get(code, (0, 0))[0],
            "openings": demand.get(code, (0, 0))[1],
            "seekers": supply.get(code, 0),
        }
        for code in codes
    ]
