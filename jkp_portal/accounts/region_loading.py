"""Load or update the province and regency tables from the idn-area-data files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from jkp_portal.audit.services import audit_record

from . import regions
from .models import Province, Regency


@dataclass
class RegionLoad:
    provinces_added: int = 0
    provinces_renamed: int = 0
    regencies_added: int = 0
    regencies_renamed: int = 0
    # Codes in the database that the new files no longer list: kept (data may
    # point at them) and reported for the operator to look at.
    missing: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.provinces_added or self.provinces_renamed or self.regencies_added or self.regencies_renamed)


@transaction.atomic
def load_regions(*, source: Path = regions.DATA_DIR, actor) -> RegionLoad:
    """Insert new codes and rename changed ones; never delete a code. Raises
    ``ValueError`` (nothing changed) when a file has a bad row."""
    data = regions.read_region_files(source)
    result = RegionLoad()
    provinces = {p.code: p for p in Province.objects.select_for_update()}
    for code, name in data.provinces:
        current = provinces.get(code)
        if current is None:
            Province.objects.create(code=code, name=name)
            result.provinces_added += 1
        elif current.name != name:
            current.name = name
            current.save(update_fields=["name"])
            result.provinces_renamed += 1
    regencies = {r.code: r for r in Regency.objects.select_for_update()}
    for code, province, name in data.regencies:
        current = regencies.get(code)
        if current is None:
            Regency.objects.create(code=code, province_id=province, name=name)
            result.regencies_added += 1
        elif current.name != name or current.province_id != province:
            current.name, current.province_id = name, province
            current.save(update_fields=["name", "province"])
            result.regencies_renamed += 1
    listed = {code for code, _ in data.provinces} | {code for code, _, _ in data.regencies}
    result.missing = sorted((set(provinces) | set(regencies)) - listed)
    if result.changed or result.missing:
        audit_record(
            actor=actor,
            obj=Province.objects.order_by("code").first(),
            action="regions_loaded",
            data={
                "source": str(source),
                "provinces_added": result.provinces_added,
                "provinces_renamed": result.provinces_renamed,
                "regencies_added": result.regencies_added,
                "regencies_renamed": result.regencies_renamed,
                "missing": result.missing,
            },
        )
    transaction.on_commit(regions.clear_cache)
    return result
