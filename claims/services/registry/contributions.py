"""The contributions file: one row per participant and month (NIK + period),
upserted by both; audited on the participant."""

from __future__ import annotations

from django.utils.translation import gettext as _

from claims.models import Contribution, Participant, RegistryImport, StagedContribution

from .base import _duplicates_sql, _Kind
from .checks import _STATUSES, _choice, _nik, _period, _wage


class _Contributions(_Kind):
    kind = RegistryImport.Kind.CONTRIBUTIONS
    temp_columns = "line int, nik varchar(16), period date, wage numeric(14, 2), status varchar(8)"
    copy_format = "text"  # every value is checked to be digits, '-', '.' or a status word

    def row(self, v: list[str], line: int) -> str:
        nik, period, wage, status = v
        validate = _nik  # local names: this runs a million times
        validate(nik)
        period = _period(period, self.today)
        wage = _wage(wage)
        if status not in _STATUSES:
            status = _choice(status.lower(), "status", _STATUSES)
        return f"{line}\t{nik}\t{period}\t{wage}\t{status}\n"

    def key(self, values: list[str]) -> str:
        return f"{values[0][:20]} {values[1][:10]}".strip()

    def checks(self, tmp: str) -> list[tuple[str, list]]:
        participant = Participant._meta.db_table
        reason = _("NIK tidak terdaftar di registri peserta")
        return [
            (
                f"""
            WITH bad AS (
                DELETE FROM {tmp} t WHERE NOT EXISTS (SELECT 1 FROM {participant} p WHERE p.nik = t.nik)
                RETURNING t.line, t.nik, t.period
            )
            INSERT INTO {{errors}} (line, key, reason)
            SELECT line, nik || ' ' || to_char(period, 'YYYY-MM'), %s FROM bad
            """,  # noqa: S608 - table names from model metadata; values bound
                [reason],
            ),
            _duplicates_sql(tmp, "nik, period", "nik || ' ' || to_char(t.period, 'YYYY-MM')"),
        ]

    staged_model = StagedContribution
    # A ledger month is audited on its participant: one event per participant
    # per import lists every month's old and new wage/status (a monthly file of
    # a million rows gives ~40,000 events, and the participant's audit trail
    # shows the ledger changes where staff look for them).
    object_model = Participant
    columns = ("line", "nik", "period", "wage", "status")
    key_sql = "t.nik || ' ' || to_char(t.period, 'YYYY-MM')"
    fields = (("wage", "cur.wage", "t.wage"), ("status", "cur.status", "t.status"))
    current_join = (
        "JOIN {participant} p ON p.nik = t.nik "
        "LEFT JOIN {contribution} cur ON cur.participant_id = p.id AND cur.period = t.period"
    )

    def scope_sql(self) -> str:
        t = self.tables()
        return f"""EXISTS (SELECT 1 FROM {t["participant"]} p LEFT JOIN {t["employer"]} e ON e.id = p.employer_id
                WHERE p.nik = t.nik AND (e.office_id IS NULL OR NOT e.office_id = ANY(%(scope)s)))"""  # noqa: S608

    def affected_sql(self) -> str:
        return f"""SELECT DISTINCT p.id FROM {StagedContribution._meta.db_table} s
            JOIN {Participant._meta.db_table} p ON p.nik = s.nik WHERE s.registry_import_id = %(imp)s"""  # noqa: S608

    def object_join(self) -> str:
        return f"JOIN {Participant._meta.db_table} o ON o.nik = s.nik"

    def after_ledger(self, tmp: str, cursor, ids: list[int]) -> str | None:
        # The registry's months of these participants that the file does not
        # touch, plus the file's months: what the upsert would leave.
        t = self.tables()
        ledger = f"{tmp}_after"
        cursor.execute(
            f"""CREATE TEMP TABLE {ledger} ON COMMIT DROP AS
                SELECT c.participant_id, c.period, c.wage, c.status FROM {t["contribution"]} c
                WHERE c.participant_id = ANY(%(ids)s) AND NOT EXISTS (
                    SELECT 1 FROM {tmp} x JOIN {t["participant"]} p ON p.nik = x.nik
                    WHERE p.id = c.participant_id AND x.period = c.period)
                UNION ALL
                SELECT p.id, x.period, x.wage, x.status FROM {tmp} x JOIN {t["participant"]} p ON p.nik = x.nik""",  # noqa: S608
            {"ids": ids},
        )
        cursor.execute(f"CREATE INDEX ON {ledger} (participant_id, period)")
        cursor.execute(f"ANALYZE {ledger}")
        return ledger

    def audit_select(self, staged: str) -> str:
        return f"""SELECT o.id, jsonb_build_object('import', min(s.registry_import_id), 'contributions',
                       jsonb_object_agg(to_char(s.period, 'YYYY-MM'),
                                        jsonb_build_object('line', s.line, 'change', s.change, 'fields', s.diff)))
                   FROM {staged} s {self.object_join()}
                   WHERE s.registry_import_id = %(imp)s GROUP BY o.id ORDER BY o.id"""  # noqa: S608

    def upsert(self, tmp: str) -> str:
        table = Contribution._meta.db_table
        participant = Participant._meta.db_table
        return f"""
            WITH up AS (
                INSERT INTO {table} (participant_id, period, wage, status)
                SELECT p.id, t.period, t.wage, t.status FROM {tmp} t JOIN {participant} p ON p.nik = t.nik
                ON CONFLICT (participant_id, period) DO UPDATE SET wage = EXCLUDED.wage, status = EXCLUDED.status
                WHERE ({table}.wage, {table}.status) IS DISTINCT FROM (EXCLUDED.wage, EXCLUDED.status)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
        """  # noqa: S608 - identifiers from model metadata, no values
