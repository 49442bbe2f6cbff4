"""Set-based inserts into other apps' tables for the historic demo data and the
benchmark: ``INSERT … SELECT`` where every column the caller does not give
gets the model field's own default, so a column added later with a default
does not break the generators."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.db import connection, models


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _default_expression(field: models.Field, key: str, params: dict) -> str:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "now()"
    if field.has_default():
        params[key] = field.get_db_prep_save(field.get_default(), connection)
        return f"%({key})s"
    if field.blank and isinstance(field, (models.CharField, models.TextField, models.FileField)):
        return "''"
    raise ValueError(f"{field.model.__name__}.{field.name} needs a value")


def insert_select(
    cursor, model, values: dict[str, str], source: str, params: dict | None = None, *, returning: str = ""
) -> int:
    """``INSERT INTO model (...) SELECT <values…, defaults…> <source>``.

    ``values`` maps field names (or column names) to SQL expressions over
    ``source`` (a ``FROM …`` clause). Nullable fields without a value stay NULL.
    Returns the number of rows inserted."""
    params = dict(params or {})
    columns, expressions = [], []
    given = dict(values)
    for field in model._meta.concrete_fields:
        key = field.name if field.name in given else field.column if field.column in given else None
        if key is not None:
            columns.append(field.column)
            expressions.append(given.pop(key))
        elif field.primary_key or field.null or getattr(field, "generated", False):
            continue
        else:
            columns.append(field.column)
            expressions.append(_default_expression(field, f"default_{field.column}", params))
    if given:
        raise ValueError(f"{model.__name__} has no field(s) {', '.join(given)}")
    sql = f"INSERT INTO {table(model)} ({', '.join(columns)}) SELECT {', '.join(expressions)} {source}"
    if returning:
        sql += f" RETURNING {returning}"
    cursor.execute(sql, params)
    return cursor.rowcount


def copy_rows(cursor, name: str, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence]) -> int:
    """Load rows into a new temporary table ``name`` with COPY (dropped at commit)."""
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE TEMP TABLE {name} ({', '.join(f'{col} {kind}' for col, kind in columns)}) ON COMMIT DROP")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    count = 0
    for row in rows:
        writer.writerow(["\\N" if value is None else value for value in row])
        count += 1
    buffer.seek(0)
    cursor.copy_expert(
        f"COPY {name} ({', '.join(col for col, _kind in columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
    )
    cursor.execute(f"ANALYZE {name}")
    return count
