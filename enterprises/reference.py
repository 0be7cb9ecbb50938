"""Reference data shipped in ``fixtures/``: VSIC 2018, localities (after the 2025 reform), zones.

Loaded by natural key (code / name) rather than ``loaddata`` so it never overwrites rows that
happen to share a primary key, and running it twice changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from enterprises.models import IndustrialZone, Locality, VsicCode

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _records(name: str) -> list[dict]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    """Upsert VSIC codes, localities and zones; returns how many of each exist afterwards."""
    vsic_records = _records("enterprises_vsic.json")
    code_by_pk = {r["pk"]: r["fields"]["code"] for r in vsic_records}
    existing = {v.code: v for v in VsicCode.objects.all()}
    for record in vsic_records:  # parents come before children in the file
        f = record["fields"]
        parent = existing.get(code_by_pk.get(f["parent"])) if f["parent"] else None
        current = existing.get(f["code"])
        values = {"name": f["name"], "level": f["level"], "section": f["section"], "parent": parent}
        if current is None:
            existing[f["code"]] = VsicCode.objects.create(code=f["code"], **values)
        elif any(getattr(current, k) != v for k, v in values.items()):
            VsicCode.objects.filter(pk=current.pk).update(**values)

    loc_records = _records("enterprises_localities.json")
    localities = {loc.code: loc for loc in Locality.objects.all()}
    code_by_loc_pk = {}
    for record in loc_records:
        f = record["fields"]
        code_by_loc_pk[record["pk"]] = f["code"]
        current = localities.get(f["code"])
        values = {"name": f["name"], "kind": f["kind"], "former_district": f["former_district"]}
        if current is None:
            localities[f["code"]] = Locality.objects.create(code=f["code"], **values)
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save()

    zones = {z.name: z for z in IndustrialZone.objects.all()}
    for record in _records("enterprises_zones.json"):
        f = record["fields"]
        locality = localities.get(code_by_loc_pk.get(f["locality"]))
        current = zones.get(f["name"])
        if current is None:
            zones[f["name"]] = IndustrialZone.objects.create(
                name=f["name"], kind=f["kind"], locality=locality
            )
        elif current.kind != f["kind"] or current.locality_id != getattr(locality, "pk", None):
            current.kind, current.locality = f["kind"], locality
            current.save()
    return {
        "vsic": VsicCode.objects.count(),
        "localities": Locality.objects.count(),
        "zones": IndustrialZone.objects.count(),
    }
