"""Planned versus actual: the one read of a plan version's execution.

``plan_execution(version)`` is what the plan page, the DOIT dashboard block, the consolidated
report's section "Tình hình thực hiện kế hoạch và kinh phí" and every export show, so their
figures agree to the đồng. A fixed number of queries whatever the size (items; coordinating
agencies; budget lines; deliverables; linked activities grouped), money as ``int`` đồng.

Actual spending is the cost of the activities linked to an item — to the same item in any
version of the year's plan (``PlanItem.lineage``), so what was logged before a revision still
counts after it. Actual outputs are counted from the same activities by deliverable kind
(``MEASURES``). The "base" an execution rate divides by is the approved amount once the version
is approved, the appraised one while it is appraised, else the planned one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import ExtractQuarter
from django.utils import timezone

from assignments.choices import ActivityKind, FundingSource
from plans.choices import IN_FORCE_STATUSES, LOCKED_STATUSES, DeliverableKind, Quarter
from plans.models import ActivityPlanLink, PlanBudgetLine, PlanDeliverable, PlanItem, PlanVersion

#: deliverable kind → (activity kinds counted, what is summed: "quantity" or "participants")
MEASURES: dict[str, tuple[frozenset[str] | None, str]] = {
    DeliverableKind.TRAINING_COURSES: (frozenset({ActivityKind.TRAINING}), "quantity"),
    DeliverableKind.PARTICIPANTS: (None, "participants"),
    DeliverableKind.WORKSHOPS: (frozenset({ActivityKind.WORKSHOP}), "quantity"),
    DeliverableKind.DEMONSTRATION_MODELS: (frozenset({ActivityKind.DEMONSTRATION}), "quantity"),
    DeliverableKind.ASSESSMENTS: (frozenset({ActivityKind.CONSULTING}), "quantity"),
    DeliverableKind.MEDIA: (frozenset({ActivityKind.MEDIA}), "quantity"),
    DeliverableKind.PUBLICATIONS: (frozenset({ActivityKind.LEAFLET}), "quantity"),
    DeliverableKind.INSPECTIONS: (frozenset({ActivityKind.INSPECTION}), "quantity"),
}


def rate(actual: int, base: int) -> float | None:
    """Execution rate in percent (one decimal), None when nothing was planned."""
    if not base:
        return None
    return round(actual * 100 / base, 1)


@dataclass
class Money:
    planned: int = 0
    appraised: int | None = None
    approved: int | None = None
    actual: int = 0

    def add(self, other: Money) -> None:
        self.planned += other.planned
        if other.appraised is not None:
            self.appraised = (self.appraised or 0) + other.appraised
        if other.approved is not None:
            self.approved = (self.approved or 0) + other.approved
        self.actual += other.actual

    @property
    def base(self) -> int:
        for value in (self.approved, self.appraised):
            if value is not None:
                return value
        return self.planned

    @property
    def rate(self) -> float | None:
        return rate(self.actual, self.base)


@dataclass
class Output:
    kind: str
    label: str
    planned: int
    actual: int | None  # None: not counted from activities ("other")

    @property
    def rate(self) -> float | None:
        return None if self.actual is None else rate(self.actual, self.planned)

    @property
    def short(self) -> bool:
        return self.actual is not None and self.actual < self.planned


@dataclass
class ItemRow:
    item: PlanItem
    total_vnd: int
    money: Money
    by_source: dict[str, Money]
    outputs: list[Output]
    activity_count: int
    ends_on: dt.date
    behind: bool
    coordinators: list[str]

    #: ``(label, money)`` per funding source, in the choices' order
    sources: list[tuple[str, Money]] = field(default_factory=list)

    @property
    def unallocated(self) -> int:
        return self.total_vnd - self.money.planned


@dataclass
class Row:
    key: str
    label: str
    money: Money = field(default_factory=Money)
    items: int = 0


@dataclass
class PlanExecution:
    version: PlanVersion
    today: dt.date
    items: list[ItemRow]
    total: Money
    by_source: list[Row]
    by_agency: list[Row]
    by_quarter: list[Row]
    outputs: list[Output]

    @property
    def behind(self) -> list[ItemRow]:
        return [row for row in self.items if row.behind]

    @property
    def in_force(self) -> bool:
        return self.version.status in IN_FORCE_STATUSES

    @property
    def total_vnd(self) -> int:
        return sum(row.total_vnd for row in self.items)


def item_ends_on(year: int, quarter: int, month: int | None) -> dt.date:
    """The last day of the item's month, or of its quarter."""
    last_month = month or quarter * 3
    return dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def _actuals(year: int, until: dt.date | None):
    """One grouped query over the links of every version of the year's plan."""
    rows = ActivityPlanLink.objects.filter(item__version__plan__year=year)
    if until is not None:
        rows = rows.filter(activity__held_on__lte=until)
    rows = (
        rows.annotate(q=ExtractQuarter("activity__held_on"))
        .values("item__lineage", "activity__funding_source", "activity__kind", "q")
        .annotate(
            cost=Sum("activity__cost_vnd"),
            quantity=Sum("activity__quantity"),
            participants=Sum("activity__participants"),
            n=Count("pk"),
        )
        .order_by()
    )
    return list(rows)


def plan_execution(
    version: PlanVersion,
    *,
    today: dt.date | None = None,
    until: dt.date | None = None,
    with_coordinators: bool = True,
) -> PlanExecution:
    """Planned vs actual for ``version`` (5 queries; 4 without the coordinating agencies).

    ``until``: count only the activities held up to that day (a half-year report's end);
    ``today``: the day "behind schedule" is judged on (default: today, or ``until``).
    """
    return _execution(
        {"version": version},
        {"item__version": version},
        version=version,
        year=version.plan.year,
        today=today or until or timezone.localdate(),
        until=until,
        with_coordinators=with_coordinators,
    )


def plan_execution_in_force(
    year: int, *, today: dt.date | None = None, until: dt.date | None = None
) -> PlanExecution | None:
    """``plan_execution`` of the year's approved version, None if none is approved — always
    the same 4 queries (the version comes with its items), for the dashboard and the report."""
    statuses = sorted(IN_FORCE_STATUSES)
    figures = _execution(
        {"version__plan__year": year, "version__status__in": statuses},
        {"item__version__plan__year": year, "item__version__status__in": statuses},
        version=None,
        year=year,
        today=today or until or timezone.localdate(),
        until=until,
        with_coordinators=False,
    )
    return figures if figures.version is not None else None


def _execution(item_filter, part_filter, *, version, year, today, until, with_coordinators):
    related = ["lead_agency", "task__document"]
    if version is None:
        related.append("version__plan")  # the year's version comes with its items
    fields = [
        *(f.name for f in PlanItem._meta.concrete_fields),
        "lead_agency__name",
        "lead_agency__short_name",
        "task__ref",
        "task__document__number",
    ]
    if version is None:
        fields += [f"version__{f.name}" for f in PlanVersion._meta.concrete_fields] + [
            "version__plan__year",
            "version__plan__title",
        ]
    items = list(
        PlanItem.objects.filter(**item_filter)
        .select_related(*related)
        .only(*fields)
        .order_by("order", "pk")
    )
    if version is None and items:
        version = items[0].version
    for item in items:
        item.version = version  # one instance for all (no query, and its plan is loaded)
    coordinators: dict[int, list[str]] = defaultdict(list)
    if with_coordinators:
        through = PlanItem.coordinating_agencies.through
        part = {f"planitem__{k.removeprefix('item__')}": v for k, v in part_filter.items()}
        for item_id, name in (
            through.objects.filter(**part)
            .order_by("agency__name")
            .values_list("planitem_id", "agency__name")
        ):
            coordinators[item_id].append(name)
    lines: dict[int, dict[str, Money]] = defaultdict(dict)
    for item_id, source, planned, appraised, approved in PlanBudgetLine.objects.filter(
        **part_filter
    ).values_list("item_id", "funding_source", "planned_vnd", "appraised_vnd", "approved_vnd"):
        lines[item_id][source] = Money(planned, appraised, approved, 0)
    deliverables: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for item_id, kind, quantity, label in (
        PlanDeliverable.objects.filter(**part_filter)
        .order_by("pk")
        .values_list("item_id", "kind", "planned_quantity", "label")
    ):
        deliverables[item_id].append((kind, quantity, label))
    in_force = version is not None and version.status in IN_FORCE_STATUSES

    # lineage → source → actual; lineage → (kind → (quantity, participants)); quarter → actual
    spent: dict = defaultdict(lambda: defaultdict(int))
    done: dict = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    counts: dict = defaultdict(int)
    spent_by_quarter: dict[int, int] = defaultdict(int)
    lineages = {item.lineage for item in items}
    for row in _actuals(year, until):
        lineage = row["item__lineage"]
        if lineage not in lineages:
            continue  # an item dropped by this version
        cost = int(row["cost"] or 0)
        spent[lineage][row["activity__funding_source"]] += cost
        pair = done[lineage][row["activity__kind"]]
        pair[0] += row["quantity"] or 0
        pair[1] += row["participants"] or 0
        counts[lineage] += row["n"]
        spent_by_quarter[row["q"]] += cost

    # labels translated once, not once per row (lazy strings are slow to resolve)
    kind_labels = {k: str(label) for k, label in DeliverableKind.choices}
    source_labels = {k: str(label) for k, label in FundingSource.choices}
    source_order = list(FundingSource.values)
    item_rows = []
    for item in items:
        by_source = {
            s: Money(m.planned, m.appraised, m.approved, 0) for s, m in lines[item.pk].items()
        }
        for source, cost in spent[item.lineage].items():
            by_source.setdefault(source, Money()).actual += cost
        money = Money()
        for m in by_source.values():
            money.add(m)
        outputs = []
        for kind, quantity, label in deliverables[item.pk]:
            measure = MEASURES.get(kind)
            actual = None
            if measure is not None:
                kinds, what = measure
                index = 0 if what == "quantity" else 1
                actual = sum(
                    pair[index]
                    for activity_kind, pair in done[item.lineage].items()
                    if kinds is None or activity_kind in kinds
                )
            outputs.append(
                Output(kind, label or str(kind_labels.get(kind, kind)), quantity, actual)
            )
        ends_on = item_ends_on(year, item.quarter, item.month)
        if outputs:
            short = any(o.short for o in outputs)
        else:
            short = counts[item.lineage] == 0
        item_rows.append(
            ItemRow(
                item=item,
                total_vnd=item.total_vnd,
                money=money,
                by_source=by_source,
                outputs=outputs,
                activity_count=counts[item.lineage],
                ends_on=ends_on,
                behind=in_force and ends_on < today and short,
                coordinators=coordinators[item.pk],
                sources=[(source_labels[k], by_source[k]) for k in source_order if k in by_source],
            )
        )

    total = Money()
    sources: dict[str, Row] = {}
    agencies: dict[int, Row] = {}
    quarters = {q: Row(str(q), str(Quarter(q).label)) for q in Quarter.values}
    for row in item_rows:
        total.add(row.money)
        for source, m in row.by_source.items():
            sources.setdefault(source, Row(source, source_labels[source])).money.add(m)
        agency = agencies.setdefault(
            row.item.lead_agency_id, Row(str(row.item.lead_agency_id), row.item.lead_agency.name)
        )
        agency.money.add(row.money)
        agency.items += 1
        quarter = quarters[row.item.quarter]
        quarter.items += 1
        quarter.money.add(Money(row.money.planned, row.money.appraised, row.money.approved, 0))
    for q, cost in spent_by_quarter.items():
        if q in quarters:
            quarters[q].money.actual += cost
    for row in sources.values():
        row.items = sum(1 for r in item_rows if row.key in r.by_source)
    source_rank = {s: i for i, s in enumerate(source_order)}
    outputs: dict[str, Output] = {}
    for row in item_rows:
        for o in row.outputs:
            if o.kind == DeliverableKind.OTHER:
                continue
            agg = outputs.setdefault(o.kind, Output(o.kind, kind_labels[o.kind], 0, 0))
            agg.planned += o.planned
            agg.actual += o.actual or 0
    return PlanExecution(
        version=version,
        today=today,
        items=item_rows,
        total=total,
        by_source=sorted(sources.values(), key=lambda r: source_rank.get(r.key, 99)),
        by_agency=sorted(agencies.values(), key=lambda r: (-r.money.base, r.label)),
        by_quarter=[quarters[q] for q in Quarter.values],
        outputs=list(outputs.values()),
    )


def version_in_force(year: int) -> PlanVersion | None:
    """The approved version of the year's plan (None if none is approved yet)."""
    return PlanVersion.objects.in_force().filter(plan__year=year).select_related("plan").first()


def current_version(year: int) -> PlanVersion | None:
    """What the year's page opens on: the version in force, else the latest version."""
    return version_in_force(year) or (
        PlanVersion.objects.filter(plan__year=year)
        .select_related("plan")
        .order_by("-number")
        .first()
    )


# --- revisions: what changed between two versions -----------------------------------------


@dataclass
class Change:
    kind: str  # "added" | "removed" | "changed"
    title: str
    fields: list[tuple[str, str, str]]  # (label, before, after)


def _snapshot(version: PlanVersion) -> dict:
    from config.money import format_vnd

    items = {
        i.lineage: i
        for i in PlanItem.objects.filter(version=version).select_related("lead_agency", "task")
    }
    money = defaultdict(dict)
    for item_id, source, planned, approved in PlanBudgetLine.objects.filter(
        item__version=version
    ).values_list("item_id", "funding_source", "planned_vnd", "approved_vnd"):
        money[item_id][source] = approved if approved is not None else planned
    outputs = defaultdict(list)
    for item_id, kind, quantity, label in PlanDeliverable.objects.filter(
        item__version=version
    ).values_list("item_id", "kind", "planned_quantity", "label"):
        outputs[item_id].append(f"{quantity} {label or DeliverableKind(kind).label}")
    result = {}
    for lineage, item in items.items():
        fields = {
            "title": item.title,
            "lead": item.lead_agency.name,
            "when": item.when_label,
            "total": format_vnd(
                sum(money[item.pk].values())
                if version.status in LOCKED_STATUSES
                else item.total_vnd
            ),
            "outputs": "; ".join(sorted(outputs[item.pk])),
        }
        for source in FundingSource.values:
            if source in money[item.pk]:
                fields[f"src:{source}"] = format_vnd(money[item.pk][source])
        result[lineage] = (item, fields)
    return result


def version_changes(old: PlanVersion, new: PlanVersion) -> list[Change]:
    """Items added, removed and changed from ``old`` to ``new`` (matched by lineage)."""
    from django.utils.translation import gettext as _

    labels = {
        "title": _("Nội dung"),
        "lead": _("Cơ quan chủ trì"),
        "when": _("Thời gian"),
        "total": _("Tổng kinh phí"),
        "outputs": _("Sản phẩm"),
        **{f"src:{s}": str(label) for s, label in FundingSource.choices},
    }
    before, after = _snapshot(old), _snapshot(new)
    changes = []
    for lineage, (item, fields) in after.items():
        if lineage not in before:
            changes.append(Change("added", item.title, []))
            continue
        old_fields = before[lineage][1]
        diff = [
            (labels[key], old_fields.get(key, "—"), fields.get(key, "—"))
            for key in labels
            if old_fields.get(key, "—") != fields.get(key, "—")
        ]
        if diff:
            changes.append(Change("changed", item.title, diff))
    for lineage, (item, _fields) in before.items():
        if lineage not in after:
            changes.append(Change("removed", item.title, []))
    return changes
