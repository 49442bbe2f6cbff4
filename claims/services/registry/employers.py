"""The employers file: one row per employer (NPP), upserted by NPP."""

from __future__ import annotations

from django.utils.translation import gettext as _

from claims.models import Employer, RegistryImport, StagedEmployer
from jkp_portal.accounts.models import Office

from .base import _csv_line, _duplicates_sql, _Kind
from .checks import _FALSE, _PROVINCE_RE, _SIZES, _TRUE, _choice, _RowError, _sector, _text


class _Employers(_Kind):
    kind = RegistryImport.Kind.EMPLOYERS
    temp_columns = (
        "line int, npp varchar(30), name varchar(200), size varchar(10), sector varchar(30), kbli_code varchar(5), "
        "province_code varchar(2), regency varchar(100), office_id bigint, bankrupt_or_closed boolean"
    )
    copy_format = "csv"
    not_null = ("regency", "sector", "kbli_code")

    def __init__(self) -> None:
        super().__init__()
        self.offices = dict(Office.objects.values_list("code", "pk"))

    def row(self, v: list[str], line: int) -> str:
        npp, name, size, sector, province, regency, office_code, bankrupt = v
        npp = _text(npp, "npp", 30)
        name = _text(name, "name", 200)
        size = _choice(size.lower(), "size", _SIZES)
        sector, kbli_code = _sector(sector)
        if not _PROVINCE_RE.fullmatch(province) or province not in self.regions.provinces:
            raise _RowError(_("province_code %(v)r bukan kode provinsi") % {"v": province[:20]})
        try:
            regency = self.regions.clean(_text(regency, "regency", 100, required=False), province_code=province)
        except ValueError as exc:
            raise _RowError(_("regency: %(e)s") % {"e": exc}) from None
        office_id = None
        if office_code:
            office_id = self.offices.get(office_code)
            if office_id is None:
                raise _RowError(_("office_code %(v)r tidak dikenal") % {"v": office_code[:30]})
        flag = bankrupt.lower()
        if flag in _TRUE:
            is_bankrupt = "t"
        elif flag in _FALSE:
            is_bankrupt = "f"
        else:
            raise _RowError(_("bankrupt_or_closed %(v)r harus true/false") % {"v": bankrupt[:20]})
        return _csv_line([line, npp, name, size, sector, kbli_code, province, regency, office_id, is_bankrupt])

    def checks(self, tmp: str) -> list[tuple[str, list]]:
        return [_duplicates_sql(tmp, "npp", "npp")]

    staged_model = StagedEmployer
    object_model = Employer
    columns = (
        "line",
        "npp",
        "name",
        "size",
        "sector",
        "kbli_code",
        "province_code",
        "regency",
        "office_id",
        "bankrupt_or_closed",
    )
    key_sql = "t.npp"
    fields = tuple(
        (c, f"cur.{c}", f"t.{c}")
        for c in ("name", "size", "sector", "kbli_code", "province_code", "regency", "office_id", "bankrupt_or_closed")
    )
    current_join = "LEFT JOIN {employer} cur ON cur.npp = t.npp"

    def shown(self, name: str, expr: str) -> str:
        if name == "office_id":
            return f"(SELECT code FROM {Office._meta.db_table} WHERE id = {expr})"  # noqa: S608
        return expr

    def scope_sql(self) -> str:
        employer = Employer._meta.db_table
        return f"""t.office_id IS NULL OR NOT t.office_id = ANY(%(scope)s) OR EXISTS (
            SELECT 1 FROM {employer} e WHERE e.npp = t.npp
            AND (e.office_id IS NULL OR NOT e.office_id = ANY(%(scope)s)))"""  # noqa: S608

    def affected_sql(self) -> str:
        t = self.tables()
        return f"""SELECT p.id FROM {StagedEmployer._meta.db_table} s
            JOIN {t["employer"]} e ON e.npp = s.npp JOIN {t["participant"]} p ON p.employer_id = e.id
            WHERE s.registry_import_id = %(imp)s AND s.change = 'changed'"""  # noqa: S608

    def object_join(self) -> str:
        return f"JOIN {Employer._meta.db_table} o ON o.npp = s.npp"

    def upsert(self, tmp: str) -> str:
        table = Employer._meta.db_table
        names = ["name", "size", "sector", "kbli_code", "province_code", "regency", "office_id", "bankrupt_or_closed"]
        cols = ", ".join(names)
        return f"""
            WITH up AS (
                INSERT INTO {table} (npp, {cols}, created_at, updated_at)
                SELECT npp, {cols}, now(), now() FROM {tmp}
                ON CONFLICT (npp) DO UPDATE SET
                    {", ".join(f"{c} = EXCLUDED.{c}" for c in names)}, updated_at = now()
                WHERE ({", ".join(f"{table}.{c}" for c in names)})
                      IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in names)})
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
        """  # noqa: S608 - identifiers from model metadata, no values
