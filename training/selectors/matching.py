"""Matching job seekers and vacancies on PostgreSQL.

Candidate generation, then one exact ranking. Within the area (same
province, or anywhere for a job seeker willing to move), a few bounded
queries propose rows, each through an index:

* occupation: nearest by pg_trgm word similarity (GiST ``gist_trgm_ops``
  k-nearest-neighbour order, ``<->>``), so typos and word order still match;
* distinctive skills (carried by < 3 % of rows, from PostgreSQL's statistics):
  overlap through the GIN index, most shared skills first;
* the same regency sharing any skill, most shared first; and any row sharing a
  skill (no order, so it stops early);
* full text: Indonesian-stemmed search on occupation, skills and description
  (GIN on a generated ``tsvector``);
* the same KBJI occupation code.

Only that union (a few hundred rows) is scored, so a search costs about the
same with 10,000 or 1,000,000 rows; the score is

    0.35 occupation similarity   (word_similarity, 0..1)
  + 0.35 share of skills matched (of the seeker's skills, or of the vacancy's)
  + 0.15 location                (same regency 1, same province 0.6, elsewhere 0)
  + 0.10 full-text rank          (ts_rank, capped at 1)
  + 0.05 same KBJI code

A row counts as a match when its occupation is similar enough, it shares a
skill or a searched word, or it has the same KBJI code. Each result carries
the reasons it matched, in words the user reads.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jkp_portal.accounts.regions import province_name, regency_name
from training import rules
from training.models import JobSeekerProfile, Vacancy, VacancyStatus

# Occupation similarity (word_similarity) that makes a row a match on its own,
# and that is worth telling the user about.
WORD_SIMILARITY_THRESHOLD = 0.4
OCCUPATION_REASON_MIN = 0.4
# Rows each signal proposes before the exact ranking.
CANDIDATES_PER_SIGNAL = 200
# A skill carried by at least this share of rows is too common to propose candidates on its own
# (it still counts in the score).
COMMON_SKILL_SHARE = 0.03
FREQUENCY_CACHE_SECONDS = 600

WEIGHTS = {"occupation": 0.35, "skills": 0.35, "location": 0.15, "text": 0.10, "kbji": 0.05}
_SCORE = (
    f"{WEIGHTS['occupation']} * m.occ_sim"
    f" + {WEIGHTS['skills']} * LEAST(m.skill_hits::numeric / %(nskills)s, 1)"
    f" + {WEIGHTS['location']} * m.loc + {WEIGHTS['text']} * LEAST(m.text_rank * 2, 1)"
    f" + {WEIGHTS['kbji']} * (CASE WHEN m.kbji_hit THEN 1 ELSE 0 END)"
)
_LOCATION = (
    "CASE WHEN t.province_code = %(province)s AND %(regency)s <> '' AND t.regency = %(regency)s THEN 1.0 "
    "WHEN t.province_code = %(province)s THEN 0.6 ELSE 0.0 END"
)


@dataclass
class Match:
    obj: object
    score: Decimal
    reasons: list[dict] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return int((self.score * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @property
    def reason_texts(self) -> list[str]:
        return [reason["text"] for reason in self.reasons]


@dataclass(frozen=True)
class _Probe:
    occupation: str
    kbji: str
    skills: list[str]
    province: str
    regency: str
    terms: list[str]


def _probe_for_profile(profile: JobSeekerProfile) -> _Probe:
    return _Probe(
        occupation=(profile.desired_occupation or "").strip().lower(),
        kbji=profile.kbji_code or "",
        skills=list(profile.skills or []),
        province=profile.province_code or "",
        regency=profile.regency or "",
        terms=rules.search_terms(profile.desired_occupation, *(profile.skills or [])),
    )


def _probe_for_vacancy(vacancy: Vacancy) -> _Probe:
    return _Probe(
        occupation=(vacancy.occupation or "").strip().lower(),
        kbji=vacancy.kbji_code or "",
        skills=list(vacancy.skills or []),
        province=vacancy.province_code,
        regency=vacancy.regency or "",
        terms=rules.search_terms(vacancy.occupation, *(vacancy.skills or [])),
    )


_frequency_cache: dict[str, tuple[float, dict[str, float]]] = {}


def skill_frequencies(table: str) -> dict[str, float]:
    """Share of rows carrying each common skill, from PostgreSQL's own
    statistics (``most_common_elems`` of the skills column, kept by ANALYZE /
    autovacuum); cached for a few minutes per process."""
    now = time.monotonic()
    cached = _frequency_cache.get(table)
    if cached and now - cached[0] < FREQUENCY_CACHE_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'skills'",
            [table],
        )
        row = cursor.fetchone()
    frequencies = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _frequency_cache[table] = (now, frequencies)
    return frequencies


def _proposals(table: str, occupation_col: str, probe: _Probe, scope_sql: str, params: dict, *, hits: str) -> list[str]:
    """Bounded candidate queries. Each is driven by an index and stops at
    CANDIDATES_PER_SIGNAL rows; a proposal only sorts a set an index keeps
    small (nearest occupations, rows with a distinctive skill, the local
    area), so none reads the whole table whatever its size."""
    source = f"FROM {table} t WHERE {scope_sql}"
    local = "t.province_code = %(province)s AND t.regency = %(regency)s"
    out = []
    if probe.occupation:
        # Nearest occupations first, straight from the GiST index; the similarity floor (<%) lets the
        # index skip whole subtrees when nothing is close.
        out.append(
            f"(SELECT t.id {source} AND %(occ)s <%% t.{occupation_col} "
            f"ORDER BY t.{occupation_col} <->> %(occ)s LIMIT %(k)s)"
        )
    if probe.skills:
        frequencies = skill_frequencies(table)
        distinctive = [s for s in probe.skills if frequencies.get(s, 0.0) < COMMON_SKILL_SHARE]
        if distinctive:
            # Skills few rows carry: their GIN posting lists are short, so rank them all by shared skills.
            params["distinctive"] = distinctive
            out.append(
                f"(SELECT t.id {source} AND t.skills && %(distinctive)s::varchar[] "
                f"ORDER BY {hits} DESC, {_LOCATION} DESC LIMIT %(k)s)"
            )
        if probe.regency:
            # The same regency, most shared skills first (a regency is a small slice).
            out.append(
                f"(SELECT t.id {source} AND {local} AND t.skills && %(skills)s::varchar[] ORDER BY {hits} DESC LIMIT %(k)s)"
            )
        # Any row sharing a skill, so nothing is missed when every skill is common (no order: stops early).
        out.append(f"(SELECT t.id {source} AND t.skills && %(skills)s::varchar[] LIMIT %(k)s)")
    if probe.terms:
        out.append(f"(SELECT t.id {source} AND t.search @@ to_tsquery('indonesian', %(tsq)s) LIMIT %(k)s)")
    if probe.kbji:
        if probe.regency:
            out.append(f"(SELECT t.id {source} AND {local} AND t.kbji_code = %(kbji)s LIMIT %(k)s)")
        out.append(f"(SELECT t.id {source} AND t.kbji_code = %(kbji)s LIMIT %(k)s)")
    return out


def _ranked(
    *,
    table: str,
    occupation_col: str,
    probe: _Probe,
    scope_sql: str,
    scope_params: dict,
    limit: int,
    only_ids: list[int] | None = None,
) -> list[dict]:
    """One SQL statement: candidates from each signal's index, then the exact score.

    ``scope_sql`` (status, dates, area) uses named parameters from ``scope_params``;
    every value is a parameter, only fixed fragments and the model's table are
    formatted into the text."""
    params = {
        **scope_params,
        "occ": probe.occupation,
        "kbji": probe.kbji,
        "province": probe.province,
        "regency": probe.regency,
        "nskills": max(len(probe.skills), 1),
        "tsq": " | ".join(probe.terms),
        "skills": list(probe.skills),
        "k": CANDIDATES_PER_SIGNAL,
        "limit": limit,
    }
    # Shared skills: one array containment per searched skill (cheap, no subquery per row).
    hit_terms = []
    for i, skill in enumerate(probe.skills):
        params[f"s{i}"] = skill
        hit_terms.append(f"(t.skills @> ARRAY[%(s{i})s]::varchar[])::int")
    hits = " + ".join(hit_terms) or "0"
    occ_sim = f"word_similarity(%(occ)s, t.{occupation_col})" if probe.occupation else "0::real"
    tsquery = "to_tsquery('indonesian', %(tsq)s)"
    text_rank = f"ts_rank(t.search, {tsquery})" if probe.terms else "0::real"
    text_hit = f"t.search @@ {tsquery}" if probe.terms else "false"
    kbji_hit = "(t.kbji_code = %(kbji)s)" if probe.kbji else "false"

    if only_ids is None:
        proposals = _proposals(table, occupation_col, probe, scope_sql, params, hits=hits)
        if not proposals:
            return []
        where = "t.id IN (" + " UNION ".join(proposals) + ")"
        matched = f" WHERE m.occ_sim >= {WORD_SIMILARITY_THRESHOLD} OR m.skill_hits > 0 OR m.text_hit OR m.kbji_hit"
    else:
        params["ids"] = only_ids
        where = "t.id = ANY(%(ids)s)"
        matched = ""
    columns = (
        f"t.id AS id, {occ_sim} AS occ_sim, ({hits}) AS skill_hits, {text_rank} AS text_rank, "
        f"{text_hit} AS text_hit, {kbji_hit} AS kbji_hit, {_LOCATION} AS loc"
    )
    sql = "".join(
        [
            "SELECT m.*, (",
            _SCORE,
            ") AS score FROM (SELECT ",
            columns,
            " FROM ",
            table,
            " t WHERE ",
            where,
            ") m",
            matched,
            " ORDER BY score DESC, m.id LIMIT %(limit)s",
        ]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Bounded index-driven proposals: parallel workers only add start-up cost.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(WORD_SIMILARITY_THRESHOLD)]
        )
        cursor.execute(sql, params)
        names = [col[0] for col in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _score(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _common_reasons(
    row: dict, *, probe: _Probe, other_skills: list[str], occupation_text: str, kbji: str
) -> list[dict]:
    reasons = []
    if row["occ_sim"] >= OCCUPATION_REASON_MIN:
        reasons.append(
            {
                "code": "occupation",
                "text": _("Jabatan mirip: “%(a)s” ↔ “%(b)s” (%(pct)s%%)")
                % {"a": probe.occupation, "b": occupation_text, "pct": round(row["occ_sim"] * 100)},
            }
        )
    if row["kbji_hit"]:
        reasons.append({"code": "kbji", "text": _("Kode KBJI sama (%(code)s)") % {"code": kbji}})
    common = [skill for skill in other_skills if skill in set(probe.skills)]
    if common:
        reasons.append(
            {
                "code": "skills",
                "text": _("Keterampilan cocok (%(n)s dari %(total)s): %(skills)s")
                % {"n": len(common), "total": len(probe.skills), "skills": ", ".join(common)},
            }
        )
    if row["text_rank"] > 0 and not common and row["occ_sim"] < OCCUPATION_REASON_MIN:
        reasons.append({"code": "text", "text": _("Kata kunci cocok dengan uraian")})
    return reasons


def _vacancy_matches(profile: JobSeekerProfile, rows: list[dict]) -> list[Match]:
    probe = _probe_for_profile(profile)
    vacancies = Vacancy.objects.select_related("employer").in_bulk([row["id"] for row in rows])
    matches = []
    for row in rows:
        vacancy = vacancies[row["id"]]
        reasons = _common_reasons(
            row, probe=probe, other_skills=vacancy.skills, occupation_text=vacancy.occupation, kbji=vacancy.kbji_code
        )
        if row["loc"] >= 1:
            reasons.append(
                {
                    "code": "location",
                    "text": _("Lokasi di %(r)s (kabupaten/kota yang sama)") % {"r": regency_name(vacancy.regency)},
                }
            )
        elif row["loc"] > 0:
            reasons.append(
                {
                    "code": "location",
                    "text": _("Lokasi di provinsi yang sama (%(p)s)") % {"p": province_name(vacancy.province_code)},
                }
            )
        else:
            reasons.append(
                {
                    "code": "relocation",
                    "text": _("Di luar provinsi (%(p)s) — bersedia pindah domisili")
                    % {"p": province_name(vacancy.province_code)},
                }
            )
        matches.append(Match(obj=vacancy, score=_score(row["score"]), reasons=reasons))
    return matches


def vacancies_for_profile(profile: JobSeekerProfile, *, limit: int = 20, today=None) -> list[Match]:
    """Open vacancies for a job seeker, best first, each with why it matched."""
    today = today or timezone.localdate()
    probe = _probe_for_profile(profile)
    scope = "t.status = %(status)s AND t.closing_date >= %(today)s AND t.hired_count < t.openings"
    if probe.province and not profile.willing_to_relocate:
        scope += " AND t.province_code = %(province)s"
    rows = _ranked(
        table=Vacancy._meta.db_table,
        occupation_col="occupation",
        probe=probe,
        scope_sql=scope,
        scope_params={"status": VacancyStatus.OPEN, "today": today},
        limit=limit,
    )
    return _vacancy_matches(profile, rows)


def explain_match(profile: JobSeekerProfile, vacancy: Vacancy) -> tuple[Decimal, list[dict]]:
    """Score and reasons of one pair (frozen on an application)."""
    rows = _ranked(
        table=Vacancy._meta.db_table,
        occupation_col="occupation",
        probe=_probe_for_profile(profile),
        scope_sql="true",
        scope_params={},
        limit=1,
        only_ids=[vacancy.pk],
    )
    if not rows:
        return Decimal("0.00"), []
    match = _vacancy_matches(profile, rows)[0]
    return match.score, match.reasons


def seekers_for_vacancy(vacancy: Vacancy, *, limit: int = 20) -> list[Match]:
    """Active job seekers suited to a vacancy: in its province, or willing to move."""
    probe = _probe_for_vacancy(vacancy)
    rows = _ranked(
        table=JobSeekerProfile._meta.db_table,
        occupation_col="desired_occupation",
        probe=probe,
        scope_sql="t.seeking AND (t.province_code = %(province)s OR t.willing_to_relocate)",
        scope_params={},
        limit=limit,
    )
    profiles = JobSeekerProfile.objects.select_related("participant").in_bulk([row["id"] for row in rows])
    matches = []
    for row in rows:
        profile = profiles[row["id"]]
        reasons = _common_reasons(
            row,
            probe=probe,
            other_skills=profile.skills,
            occupation_text=profile.desired_occupation,
            kbji=profile.kbji_code,
        )
        if row["loc"] >= 1:
            reasons.append(
                {"code": "location", "text": _("Berdomisili di %(r)s") % {"r": regency_name(profile.regency)}}
            )
        elif row["loc"] > 0:
            reasons.append(
                {
                    "code": "location",
                    "text": _("Di provinsi yang sama (%(p)s)") % {"p": province_name(profile.province_code)},
                }
            )
        else:
            reasons.append({"code": "relocation", "text": _("Bersedia pindah domisili")})
        matches.append(Match(obj=profile, score=_score(row["score"]), reasons=reasons))
    return matches
