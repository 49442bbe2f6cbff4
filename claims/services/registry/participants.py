"""The participants file: one row per participant (NIK), upserted by NIK; the
employer must already be in the registry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from claims.eligibility.rules import PROGRAMS
from claims.models import Employer, Participant, RegistryImport, StagedParticipant
from jkp_portal.common.phones import mobile_or_blank

from .base import _csv_line, _duplicates_sql, _Kind
from .checks import _CONTRACTS, _PROGRAMS, _SEGMENTS, _choice, _date, _nik, _RowError, _text


class _Participants(_Kind):
    kind = RegistryImport.Kind.PARTICIPANTS
    temp_columns = (
        "line int, nik varchar(16), kpj varchar(30), full_name varchar(200), birth_date date, sex varchar(1), "
        "citizenship varchar(3), employer_npp varchar(30), contract_type varchar(5), contract_start date, "
        "contract_end date, jkp_registered_on date, programs varchar(4)[], jkn_segment varchar(4), "
        "phone varchar(20), email varchar(254), domicile_regency varchar(5)"
    )
    copy_format = "csv"
    not_null = ("phone", "email")

    def row(self, v: list[str], line: int) -> str:
        (
            nik,
            kpj,
            full_name,
            birth_date,
            citizenship,
            employer_npp,
            contract_type,
            contract_start,
            contract_end,
            registered_on,
            programs,
            segment,
            phone,
            email,
            domicile,
        ) = v
        nik = _nik(nik)
        sex = "F" if int(nik[6:8]) > 40 else "M"
        kpj = _text(kpj, "kpj", 30)
        full_name = _text(full_name, "full_name", 200)
        birth = _date(birth_date, "birth_date")
        if birth > self.today:
            raise _RowError(_("birth_date %(v)s ada di masa depan") % {"v": birth_date})
        citizenship = _choice(citizenship.upper(), "citizenship", frozenset({"WNI", "WNA"}), default="WNI")
        employer_npp = _text(employer_npp, "employer_npp", 30)
        contract_type = _choice(contract_type.upper(), "contract_type", _CONTRACTS)
        start = _date(contract_start, "contract_start", required=False)
        end = _date(contract_end, "contract_end", required=False)
        if start and end and end < start:
            raise _RowError(
                _("contract_end %(end)s sebelum contract_start %(start)s")
                % {"end": contract_end, "start": contract_start}
            )
        registered = _date(registered_on, "jkp_registered_on")
        if registered < birth:
            raise _RowError(_("jkp_registered_on %(v)s sebelum tanggal lahir") % {"v": registered_on})
        if registered > self.today:
            raise _RowError(_("jkp_registered_on %(v)s ada di masa depan") % {"v": registered_on})
        items = []
        if len(programs) > 100:
            raise _RowError(_("kolom programs terlalu panjang"))
        for item in programs.upper().split(";"):
            item = item.strip()
            if not item:
                continue
            if item not in _PROGRAMS:
                raise _RowError(
                    _("program %(v)r tidak dikenal (pilihan: %(choices)s)")
                    % {"v": item[:10], "choices": ", ".join(PROGRAMS)}
                )
            if item not in items:
                items.append(item)
        segment = _choice(segment.upper(), "jkn_segment", _SEGMENTS, default="PPU")
        # Stored in E.164; a number no SMS can reach (a landline, a typo) is
        # stored blank: the worker then proves who they are at a branch.
        phone = mobile_or_blank(_text(phone, "phone", 40, required=False))
        email = _text(email, "email", 254, required=False)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise _RowError(_("email %(v)r tidak valid") % {"v": email[:60]})
        try:
            # Blank: NULL in the temporary table, filled with the recorded domicile (checks()).
            domicile = self.regions.clean(_text(domicile, "domicile_regency", 100, required=False)) or None
        except ValueError as exc:
            raise _RowError(_("domicile_regency: %(e)s") % {"e": exc}) from None
        return _csv_line(
            [
                line,
                nik,
                kpj,
                full_name,
                birth,
                sex,
                citizenship,
                employer_npp,
                contract_type,
                start,
                end,
                registered,
                "{" + ",".join(items) + "}",
                segment,
                phone,
                email,
                domicile,
            ]
        )

    def checks(self, tmp: str) -> list[tuple[str, list]]:
        employer = Employer._meta.db_table
        reason = _("employer_npp tidak terdaftar di registri pemberi kerja")
        participant = Participant._meta.db_table
        return [
            # A blank or missing domicile keeps the one the registry holds.
            (
                f"""UPDATE {tmp} t SET domicile_regency = coalesce(
                        (SELECT p.domicile_regency FROM {participant} p WHERE p.nik = t.nik), '')
                    WHERE t.domicile_regency IS NULL""",  # noqa: S608 - table names from model metadata
                [],
            ),
            (
                f"""
            WITH bad AS (
                DELETE FROM {tmp} t WHERE NOT EXISTS (SELECT 1 FROM {employer} e WHERE e.npp = t.employer_npp)
                RETURNING t.line, t.nik, t.employer_npp
            )
            INSERT INTO {{errors}} (line, key, reason) SELECT line, nik, %s || ': ' || employer_npp FROM bad
            """,  # noqa: S608 - table names from model metadata; values bound
                [reason],
            ),
            _duplicates_sql(tmp, "nik", "nik"),
        ]

    staged_model = StagedParticipant
    object_model = Participant
    columns = (
        "line",
        "nik",
        "kpj",
        "full_name",
        "birth_date",
        "sex",
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
        "domicile_regency",
    )
    key_sql = "t.nik"
    fields = (
        *((c, f"cur.{c}", f"t.{c}") for c in ("kpj", "full_name", "birth_date", "sex", "citizenship")),
        ("employer_npp", "cur.employer_id", "e.id"),
        *(
            (c, f"cur.{c}", f"t.{c}")
            for c in ("contract_type", "contract_start", "contract_end", "jkp_registered_on", "programs")
        ),
        *((c, f"cur.{c}", f"t.{c}") for c in ("jkn_segment", "phone", "email", "domicile_regency")),
    )
    current_join = "LEFT JOIN {participant} cur ON cur.nik = t.nik LEFT JOIN {employer} e ON e.npp = t.employer_npp"

    def shown(self, name: str, expr: str) -> str:
        if name == "employer_npp":
            return f"(SELECT npp FROM {Employer._meta.db_table} WHERE id = {expr})"  # noqa: S608
        if name == "programs":
            return f"array_to_string({expr}, ';')"
        return expr

    def scope_sql(self) -> str:
        t = self.tables()
        return f"""EXISTS (SELECT 1 FROM {t["employer"]} e WHERE e.npp = t.employer_npp
                AND (e.office_id IS NULL OR NOT e.office_id = ANY(%(scope)s)))
            OR EXISTS (SELECT 1 FROM {t["participant"]} p LEFT JOIN {t["employer"]} e ON e.id = p.employer_id
                WHERE p.nik = t.nik AND (e.office_id IS NULL OR NOT e.office_id = ANY(%(scope)s)))"""  # noqa: S608

    def affected_sql(self) -> str:
        return f"""SELECT p.id FROM {StagedParticipant._meta.db_table} s
            JOIN {Participant._meta.db_table} p ON p.nik = s.nik
            WHERE s.registry_import_id = %(imp)s AND s.change = 'changed'"""  # noqa: S608

    def object_join(self) -> str:
        return f"JOIN {Participant._meta.db_table} o ON o.nik = s.nik"

    def upsert(self, tmp: str) -> str:
        table = Participant._meta.db_table
        employer = Employer._meta.db_table
        cols = [
            "kpj",
            "full_name",
            "birth_date",
            "sex",
            "citizenship",
            "employer_id",
            "contract_type",
            "contract_start",
            "contract_end",
            "jkp_registered_on",
            "programs",
            "jkn_segment",
            "phone",
            "email",
            "domicile_regency",
        ]
        select = ", ".join("e.id" if c == "employer_id" else f"t.{c}" for c in cols)
        return f"""
            WITH up AS (
                INSERT INTO {table} (nik, {", ".join(cols)}, employment_status, created_at, updated_at)
                SELECT t.nik, {select}, 'active', now(), now()
                FROM {tmp} t JOIN {employer} e ON e.npp = t.employer_npp
                ON CONFLICT (nik) DO UPDATE SET
                    {", ".join(f"{c} = EXCLUDED.{c}" for c in cols)}, updated_at = now()
                WHERE ({", ".join(f"{table}.{c}" for c in cols)})
                      IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in cols)})
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
        """  # noqa: S608 - identifiers from model metadata, no values
