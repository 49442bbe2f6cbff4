"""Turn stored regency names into Kemendagri codes, for the data migrations of
every app that stores an area (and back, for their reverse).

A name is converted only when it names exactly one regency
(``regions.resolve_regency``); any other value stops the migration with a
list of what was found where, for the operator to correct first. Nothing is
guessed."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from .regions import resolve_regency


class AreaField(NamedTuple):
    app_label: str
    model: str
    field: str
    many: bool = False  # an ArrayField of regencies


class UnknownRegencies(RuntimeError):
    pass


def _values(model, field: AreaField) -> Counter:
    counts: Counter = Counter()
    for value in model.objects.exclude(**{field.field: [] if field.many else ""}).values_list(field.field, flat=True):
        for item in value if field.many else [value]:
            if item:
                counts[item] += 1
    return counts


def regency_names_to_codes(apps, fields: list[AreaField]) -> None:
    table = dict(apps.get_model("accounts", "Regency").objects.values_list("code", "name"))
    plans, unknown = [], []
    for field in fields:
        model = apps.get_model(field.app_label, field.model)
        mapping = {}
        for value, count in sorted(_values(model, field).items()):
            code = resolve_regency(value, table)
            if code is None:
                unknown.append(f"{field.app_label}.{field.model}.{field.field}: {value!r} ({count}×)")
            else:
                mapping[value] = code
        plans.append((model, field, mapping))
    if unknown:
        raise UnknownRegencies(
            "Nama kabupaten/kota berikut tidak menunjuk tepat satu kode Kemendagri; perbaiki datanya "
            "(nama resmi atau kodenya, mis. 'Kota Surakarta' atau '33.72') lalu jalankan migrasi lagi:\n  "
            + "\n  ".join(unknown)
        )
    _apply(plans)


def regency_codes_to_names(apps, fields: list[AreaField]) -> None:
    table = dict(apps.get_model("accounts", "Regency").objects.values_list("code", "name"))
    plans = []
    for field in fields:
        model = apps.get_model(field.app_label, field.model)
        plans.append((model, field, {code: table.get(code, code) for code in _values(model, field)}))
    _apply(plans)


def _apply(plans) -> None:
    for model, field, mapping in plans:
        mapping = {old: new for old, new in mapping.items() if old != new}
        if not mapping:
            continue
        if field.many:
            rows = model.objects.exclude(**{field.field: []}).only("pk", field.field)
            for row in rows.iterator():
                values = getattr(row, field.field)
                converted = [mapping.get(item, item) for item in values]
                if converted != values:
                    model.objects.filter(pk=row.pk).update(**{field.field: converted})
        else:
            for old, new in mapping.items():
                model.objects.filter(**{field.field: old}).update(**{field.field: new})
