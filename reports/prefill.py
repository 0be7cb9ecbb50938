"""An agency report's figures: computed from the agency's tasks, progress and activities
(``figures_compute``), shown as rows with any adjustment beside them (``figure_rows``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy

from accounts.models import Agency
from assignments.choices import ActivityKind, FundingSource, ProgressStatus
from assignments.models import Activity, ProgressUpdate, Task
from enterprises.models import Assessment
from programs.models import ReportingPeriod
from reports.models import AgencyReport


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    unit: str
    group: str


_G_TASKS = gettext_lazy("Thực hiện nhiệm vụ")
_G_ACTIVITIES = gettext_lazy("Hoạt động tuyên truyền, đào tạo")
_G_ENTERPRISES = gettext_lazy("Doanh nghiệp")
_G_MONEY = gettext_lazy("Kinh phí thực hiện")

FIGURE_ROWS: list[FigureRow] = [
    FigureRow("tasks_total", gettext_lazy("Số nhiệm vụ được giao chủ trì"), "nhiệm vụ", _G_TASKS),
    FigureRow("tasks_done", gettext_lazy("Nhiệm vụ đã hoàn thành"), "nhiệm vụ", _G_TASKS),
    FigureRow("tasks_in_progress", gettext_lazy("Nhiệm vụ đang thực hiện"), "nhiệm vụ", _G_TASKS),
    FigureRow("tasks_not_started", gettext_lazy("Nhiệm vụ chưa triển khai"), "nhiệm vụ", _G_TASKS),
    FigureRow(
        "tasks_overdue", gettext_lazy("Nhiệm vụ quá hạn chưa hoàn thành"), "nhiệm vụ", _G_TASKS
    ),
    FigureRow("trainings", gettext_lazy("Lớp tập huấn, đào tạo"), "lớp", _G_ACTIVITIES),
    FigureRow(
        "training_participants", gettext_lazy("Lượt người được tập huấn"), "lượt", _G_ACTIVITIES
    ),
    FigureRow("workshops", gettext_lazy("Hội thảo, hội nghị"), "cuộc", _G_ACTIVITIES),
    FigureRow(
        "workshop_participants", gettext_lazy("Lượt người dự hội thảo"), "lượt", _G_ACTIVITIES
    ),
    FigureRow("media_pieces", gettext_lazy("Tin, bài, phóng sự"), "tin bài", _G_ACTIVITIES),
    FigureRow("leaflets", gettext_lazy("Tờ rơi, áp phích, ấn phẩm"), "bản", _G_ACTIVITIES),
    FigureRow("demonstrations", gettext_lazy("Mô hình trình diễn"), "mô hình", _G_ACTIVITIES),
    FigureRow(
        "enterprises_reached",
        gettext_lazy("Doanh nghiệp được tiếp cận, phổ biến"),
        "doanh nghiệp",
        _G_ENTERPRISES,
    ),
    FigureRow(
        "enterprises_supported",
        gettext_lazy("Doanh nghiệp được hỗ trợ đánh giá SXSH"),
        "doanh nghiệp",
        _G_ENTERPRISES,
    ),
    *[
        FigureRow(f"cost_{value}", label, "đồng", _G_MONEY)
        for value, label in FundingSource.choices
    ],
    FigureRow("cost_total", gettext_lazy("Tổng kinh phí"), "đồng", _G_MONEY),
]
FIGURE_KEYS = {row.key for row in FIGURE_ROWS}


def figures_compute(*, agency: Agency, period: ReportingPeriod) -> dict[str, int]:
    """The agency's figures for the period's window, from its progress updates and activities.

    Task status is each task's latest update by the agency in a period ending by this period's
    end (a task finished last year stays finished); the tasks are those it leads and those given
    to a group it is a member of (its own part); overdue = not done and due before the window's
    end.
    Activities count by ``quantity`` (classes, pieces, copies) within ``starts_on``–``ends_on``.
    Five queries whatever the data size.
    """
    start, end = period.starts_on, period.ends_on
    tasks = list(Task.objects.assigned_to(agency).values("pk", "due_on"))
    latest: dict[int, str] = {}
    updates = (
        ProgressUpdate.objects.filter(
            agency=agency,
            task__in=Task.objects.assigned_to(agency).values("pk"),
            period__ends_on__lte=end,
        )
        .order_by("task_id", "period__ends_on", "created_at", "pk")
        .values_list("task_id", "status")
    )
    for task_id, status in updates:
        latest[task_id] = status  # ordered ascending: the last one wins
    figures = dict.fromkeys(sorted(FIGURE_KEYS), 0)
    figures["tasks_total"] = len(tasks)
    for task in tasks:
        status = latest.get(task["pk"], ProgressStatus.NOT_STARTED)
        if status == ProgressStatus.DONE:
            figures["tasks_done"] += 1
        elif status == ProgressStatus.NOT_STARTED:
            figures["tasks_not_started"] += 1
        else:
            figures["tasks_in_progress"] += 1
        if status != ProgressStatus.DONE and task["due_on"] and task["due_on"] < end:
            figures["tasks_overdue"] += 1

    activities = Activity.objects.filter(agency=agency, held_on__gte=start, held_on__lte=end)

    def qty(kind):
        return Sum("quantity", filter=Q(kind=kind), default=0)

    def people(kind):
        return Sum("participants", filter=Q(kind=kind), default=0)

    sums = activities.aggregate(
        trainings=qty(ActivityKind.TRAINING),
        training_participants=people(ActivityKind.TRAINING),
        workshops=qty(ActivityKind.WORKSHOP),
        workshop_participants=people(ActivityKind.WORKSHOP),
        media_pieces=qty(ActivityKind.MEDIA),
        leaflets=qty(ActivityKind.LEAFLET),
        demonstrations=qty(ActivityKind.DEMONSTRATION),
        **{
            f"cost_{value}": Sum("cost_vnd", filter=Q(funding_source=value), default=0)
            for value in FundingSource.values
        },
    )
    figures.update({key: int(value or 0) for key, value in sums.items()})
    # counted apart: joining the M2M in the aggregate above would repeat rows in the sums
    figures["enterprises_reached"] = (
        activities.filter(enterprises__isnull=False).values("enterprises").distinct().count()
    )
    figures["cost_total"] = sum(figures[f"cost_{value}"] for value in FundingSource.values)
    figures["enterprises_supported"] = (
        Assessment.objects.filter(
            supporting_agency=agency, assessed_on__gte=start, assessed_on__lte=end
        )
        .values("enterprise_id")
        .distinct()
        .count()
    )
    return figures


def figure_rows(report: AgencyReport) -> list[dict]:
    """Rows for display: computed value, adjusted value (if any) with reason/who/when, effective."""
    rows = []
    for row in FIGURE_ROWS:
        computed = report.figures.get(row.key, 0)
        adj = report.adjustments.get(row.key)
        rows.append(
            {
                "key": row.key,
                "label": row.label,
                "unit": row.unit,
                "group": row.group,
                "computed": computed,
                "adjustment": adj,
                "value": adj["value"] if adj else computed,
            }
        )
    return rows


def effective_figures(report: AgencyReport) -> dict[str, int]:
    return {row["key"]: row["value"] for row in figure_rows(report)}
