"""The aggregate statistics the public site publishes, computed once per data version.

One *release* holds everything anonymous visitors can read from the registry: the solution
library (``public.library``) and the open datasets (``public.datasets``). It is built from six
bounded queries whatever the registry's size (facilities, informed, assessed, counted options,
communes, industry names), suppressed as a whole by ``public.suppression`` — every filter
combination of the library and every dataset row in the same system, so that no two published
figures differ by a group of 1–2 facilities — and cached per content version (``REGISTRY_SOURCES`` are part of it) and day.

Counted options are the ones ``reports.indicators`` counts (``implemented_options``: implemented
on or before the day) — the indicators, the dashboards and the public site share that one rule.
Stages follow the indicators too: *informed* = a facility with SXSH potential that took part in
an activity, *assessed* = an assessment that is not merely planned, *applying* = at least one
counted option.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from assignments.models import Activity
from enterprises.choices import OptionCategory, SizeClass, VsicLevel
from enterprises.models import Enterprise, Locality, VsicCode
from public.caching import content_version, register_version_source
from public.suppression import Publication, min_group, suppress
from reports.indicators import assessments_until, implemented_options

ALL = "*"  # the "every value" member of a dimension (a total)
NONE = ""  # "not recorded" (no industry code, no size class, no commune)
CATEGORIES = [c.value for c in OptionCategory]
SIZES = [s.value for s in SizeClass]

#: sums over counted options: (dataset column, Option field)
SUMS = [
    ("investment_vnd", "investment_vnd"),
    ("annual_saving_vnd", "annual_saving_vnd"),
    ("co2_reduction_t", "co2_reduction_t"),
    ("wastewater_reduction_m3", "wastewater_reduction_m3"),
    ("solid_waste_reduction_t", "solid_waste_reduction_t"),
]
#: per-unit savings the library reports as typical values: (key, Option field)
PER_UNIT = [
    ("energy_kwh", "energy_saving_kwh"),
    ("water_m3", "water_saving_m3"),
    ("material_t", "material_saving_t"),
]
CACHE_SECONDS = 3600

#: the tables the release reads: a write to any of them changes every public page's version
#: (``public.caching.content_version``, one query per page), so the release and the pages built
#: from it are recomputed at once
REGISTRY_SOURCES = [
    "enterprises.Enterprise",
    "enterprises.Assessment",
    "enterprises.Option",
    "enterprises.Locality",
    "assignments.Activity",
    "assignments.Activity_enterprises",
]
for _label in REGISTRY_SOURCES:
    register_version_source(_label)


def division_of(vsic_code: str | None) -> str:
    return (vsic_code or "")[:2]


# --------------------------------------------------------------------------- facts (6 queries)


def load_facts(as_of: dt.date) -> dict:
    """Everything the release needs, in six queries (no per-row query whatever the size)."""
    facilities = {
        pk: {
            "division": division_of(code),
            "size": size or NONE,
            "locality": loc or NONE,
            "potential": pot,
        }
        for pk, code, size, loc, pot in Enterprise.objects.order_by().values_list(
            "pk", "vsic__code", "size_class", "locality_id", "has_sxsh_potential"
        )
    }
    through = Activity.enterprises.through.objects.filter(activity__held_on__lte=as_of)
    informed = dict(
        through.order_by()
        .values("enterprise_id")
        .annotate(first=Min("activity__held_on"))
        .values_list("enterprise_id", "first")
    )
    assessed = dict(
        assessments_until(as_of)
        .order_by()
        .values("enterprise_id")
        .annotate(first=Min("assessed_on"))
        .values_list("enterprise_id", "first")
    )
    fields = ["category", "implemented_on", *(f for _k, f in SUMS), *(f for _k, f in PER_UNIT)]
    options = list(
        implemented_options(as_of)
        .order_by()
        .values("assessment__enterprise_id", "assessment__product_unit", *fields)
    )
    localities = list(Locality.objects.order_by("name").values_list("pk", "code", "name", "kind"))
    divisions = dict(
        VsicCode.objects.filter(level=VsicLevel.DIVISION).order_by().values_list("code", "name")
    )
    return {
        "facilities": facilities,
        "informed": informed,
        "assessed": assessed,
        "options": options,
        "localities": localities,
        "divisions": divisions,
    }


# --------------------------------------------------------------------------- the systems


def _stage_system(
    facts: dict, members: dict, *, dims=("division", "size", "locality")
) -> Publication:
    """One measure (a set of facilities, each with its first date or None) over the 1-D
    breakdowns of the datasets, each a partition of the total."""
    pub = Publication()
    facilities = facts["facilities"]
    pub.cell(("total",), members)
    pub.publish_always(("total",))  # the public home shows the province totals
    for dim in dims:
        parts = defaultdict(set)
        for f in members:
            parts[facilities[f][dim]].add(f)
        values = _dimension_values(facts, dim)
        for v in values:
            pub.cell((dim, v), parts.get(v, ()))
        pub.relate(("total",), [(dim, v) for v in values])
    if any(isinstance(d, dt.date) for d in members.values()):
        by_year = defaultdict(set)
        for f, first in members.items():
            by_year[first.year].add(f)
        years = _years(facts)
        for y in years:
            pub.cell(("first_year", y), by_year.get(y, ()))
        pub.relate(("total",), [("first_year", y) for y in years])
    return pub


def _dimension_values(facts: dict, dim: str) -> list:
    if dim == "division":
        seen = {f["division"] for f in facts["facilities"].values()}
        return sorted(seen - {NONE}) + [NONE]
    if dim == "size":
        return [*SIZES, NONE]
    if dim == "locality":
        return [pk for pk, *_ in facts["localities"]] + [NONE]
    raise ValueError(dim)


def _years(facts: dict) -> list[int]:
    dates = [*facts["informed"].values(), *facts["assessed"].values()]
    dates += [o["implemented_on"] for o in facts["options"]]
    if not dates:
        return []
    return list(range(min(dates).year, max(dates).year + 1))


def _applying_system(facts: dict) -> tuple[Publication, dict]:
    """Facilities with counted options: the datasets' breakdowns, option categories, years
    (facilities with options that year, and newly applying that year) and the library cube
    (industry × category × size class, with "all" along industry and size)."""
    facilities = facts["facilities"]
    by_facility_cat = defaultdict(set)  # facility → categories applied
    first = {}
    years_of = defaultdict(set)
    for o in facts["options"]:
        f = o["assessment__enterprise_id"]
        by_facility_cat[f].add(o["category"])
        first[f] = min(first.get(f, o["implemented_on"]), o["implemented_on"])
        years_of[o["implemented_on"].year].add(f)
    pub = _stage_system(facts, first)
    for y in _years(facts):
        pub.cell(("option_year", y), years_of.get(y, ()))
    pub.relate(("total",), [("option_year", y) for y in _years(facts)])
    # the library cube
    divisions = _dimension_values(facts, "division")
    sizes = [*SIZES, NONE]
    cube = defaultdict(set)
    for f, cats in by_facility_cat.items():
        d, s = facilities[f]["division"], facilities[f]["size"]
        for c in cats:
            for dd in (d, ALL):
                for ss in (s, ALL):
                    cube[dd, c, ss].add(f)
    for c in CATEGORIES:
        for d in [*divisions, ALL]:
            for s in [*sizes, ALL]:
                pub.cell(("lib", d, c, s), cube.get((d, c, s), ()))
                if d == NONE or s == NONE:
                    pub.hide_always(("lib", d, c, s))  # the library has no such filter
            pub.relate(("lib", d, c, ALL), [("lib", d, c, s) for s in sizes])
        for s in [*sizes, ALL]:
            pub.relate(("lib", ALL, c, s), [("lib", d, c, s) for d in divisions])
    # the categories dataset: the library's "every industry, every size" cells; their sums add
    # up to the total (options partition), so they are related to it
    pub.relate(("total",), [("lib", ALL, c, ALL) for c in CATEGORIES])
    return pub, by_facility_cat


# --------------------------------------------------------------------------- figures


def _median(values: list, minimum: int):
    """The median of per-facility values, or None when fewer than ``minimum`` facilities."""
    return statistics.median(values) if len(values) >= minimum else None


def _library_cell(per_facility: dict, facilities: set, minimum: int) -> dict:
    """Median investment, saving, payback and typical per-unit savings over the facilities of
    one cell (each facility's options in the category summed first, so a facility counts once)."""
    rows = [per_facility[f] for f in facilities]
    invest = [r["investment_vnd"] for r in rows]
    saving = [r["annual_saving_vnd"] for r in rows]
    payback = [
        (r["investment_vnd"] / r["annual_saving_vnd"]).quantize(Decimal("0.1"))
        for r in rows
        if r["annual_saving_vnd"]
    ]
    out = {
        "facilities": len(rows),
        "investment_vnd": _median(invest, minimum),
        "annual_saving_vnd": _median(saving, minimum),
        "payback_years": _median(payback, minimum),
    }
    for key, _field in PER_UNIT:
        units = Counter(u for r in rows for u in r[key])
        if not units:
            out[key] = None
            continue
        unit, _n = units.most_common(1)[0]
        values = [r[key][unit] for r in rows if unit in r[key]]
        value = _median(values, minimum)
        out[key] = (
            None if value is None else {"value": value, "unit": unit, "facilities": len(values)}
        )
    return out


def _per_facility_category(options: list) -> dict:
    """(facility, category) → summed investment, saving and per-unit savings by product unit."""
    out: dict = {}
    for o in options:
        key = (o["assessment__enterprise_id"], o["category"])
        row = out.setdefault(
            key,
            {
                "investment_vnd": Decimal(0),
                "annual_saving_vnd": Decimal(0),
                **{k: {} for k, _ in PER_UNIT},
            },
        )
        row["investment_vnd"] += o["investment_vnd"] or 0
        row["annual_saving_vnd"] += o["annual_saving_vnd"] or 0
        unit = o["assessment__product_unit"]
        for k, field in PER_UNIT:
            if o[field] is not None:
                row[k][unit] = row[k].get(unit, Decimal(0)) + o[field]
    return out


def _sums_by_key(options: list, facilities: dict) -> dict:
    """One pass over the counted options: option count and sums for every dataset cell."""
    out: dict = {}
    for o in options:
        f = facilities[o["assessment__enterprise_id"]]
        keys = (
            ("total",),
            ("division", f["division"]),
            ("size", f["size"]),
            ("locality", f["locality"]),
            ("lib", ALL, o["category"], ALL),
            ("option_year", o["implemented_on"].year),
        )
        for key in keys:
            totals = out.get(key)
            if totals is None:
                totals = out[key] = {"options": 0, **{k: Decimal(0) for k, _f in SUMS}}
            totals["options"] += 1
            for k, field in SUMS:
                totals[k] += o[field] or 0
    return out


def build_release(as_of: dt.date, facts: dict | None = None) -> dict:
    """The whole publication for ``as_of``: library cells and dataset rows, suppressed."""
    facts = load_facts(as_of) if facts is None else facts
    minimum = min_group()
    facilities = facts["facilities"]
    potential = {f: None for f, a in facilities.items() if a["potential"]}
    informed = {f: d for f, d in facts["informed"].items() if f in potential}
    systems = {
        "potential": _stage_system(facts, potential),
        "informed": _stage_system(facts, informed),
        "assessed": _stage_system(facts, facts["assessed"]),
    }
    applying, _cats = _applying_system(facts)
    systems["applying"] = applying
    hidden = {name: suppress(pub, minimum) for name, pub in systems.items()}

    def count(system: str, key):
        pub = systems[system]
        if key not in pub.cells:
            return 0
        return None if key in hidden[system] else len(pub.cells[key])

    options = facts["options"]
    all_sums = _sums_by_key(options, facilities)
    zero = {"options": 0, **{k: Decimal(0) for k, _f in SUMS}}

    def sums(key) -> dict:
        """Option count and sums of a cell, or all None when its facilities are hidden."""
        values = all_sums.get(key, zero)
        if key in hidden["applying"]:
            return dict.fromkeys(values)
        return values

    def stage_row(dim, value) -> dict:
        key = (dim, value) if dim else ("total",)
        return {
            "potential": count("potential", key),
            "informed": count("informed", key),
            "assessed": count("assessed", key),
            "applying": count("applying", key),
            **sums(key),
        }

    datasets = {
        "division": [
            {
                "division": d,
                "name": facts["divisions"].get(d, ""),
                **stage_row("division", d),
            }
            for d in _dimension_values(facts, "division")
        ],
        "size": [
            {"size_class": s, **stage_row("size", s)} for s in _dimension_values(facts, "size")
        ],
        "locality": [
            {
                "locality_code": code,
                "locality_name": name,
                "locality_kind": kind,
                **stage_row("locality", pk),
            }
            for pk, code, name, kind in facts["localities"]
        ]
        + [
            {
                "locality_code": NONE,
                "locality_name": "",
                "locality_kind": "",
                **stage_row("locality", NONE),
            }
        ],
        "category": [
            {
                "category": c,
                "applying": count("applying", ("lib", ALL, c, ALL)),
                **sums(("lib", ALL, c, ALL)),
            }
            for c in CATEGORIES
        ],
        "year": [
            {
                "year": y,
                "newly_informed": count("informed", ("first_year", y)),
                "newly_assessed": count("assessed", ("first_year", y)),
                "newly_applying": count("applying", ("first_year", y)),
                "applying_that_year": count("applying", ("option_year", y)),
                **sums(("option_year", y)),
            }
            for y in _years(facts)
        ],
        "total": stage_row(None, None),
    }
    per_fc = _per_facility_category(options)
    library = {}
    for key, members in applying.cells.items():
        if key[0] != "lib" or key in applying.unpublished:
            continue
        _lib, d, c, s = key
        if key in hidden["applying"]:
            library[d, c, s] = None
        elif members:
            library[d, c, s] = _library_cell({f: per_fc[f, c] for f in members}, members, minimum)
    return {
        "as_of": as_of,
        "min_group": minimum,
        "divisions": {
            d: facts["divisions"].get(d, "") for d in _dimension_values(facts, "division") if d
        },
        "library": library,
        "datasets": datasets,
    }


def release(as_of: dt.date | None = None) -> dict:
    """The cached release for today (or ``as_of``), keyed by the public content version.

    A cold build takes a few seconds at 20,000 facilities; when several workers miss at once
    (the first visitors after a registry write), one builds it and the others wait for it
    instead of each building their own (``cache.add`` as a lock, 60 s at most).
    """
    as_of = as_of or timezone.localdate()
    key = f"public:release:{as_of.isoformat()}:{content_version()}"
    found = cache.get(key)
    if found is not None:
        return found
    lock = key + ":building"
    if not cache.add(lock, 1, 60):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            time.sleep(0.1)
            found = cache.get(key)
            if found is not None:
                return found
    try:
        found = build_release(as_of)
        cache.set(key, found, CACHE_SECONDS)
    finally:
        cache.delete(lock)
    return found
