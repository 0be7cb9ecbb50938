"""Dashboards (DOIT / leadership, agency), indicator drill-downs, XLSX export, officer roster and
hand-entered indicator values.

Access: the provincial dashboard, its drill-downs and exports are for DOIT and leadership
(``sees_everything``); an agency user asking for it is redirected to their own agency dashboard,
and gets 403 on the drill-down and export URLs. Leadership reads only: every write (roster,
manual values) is DOIT's. The roster is readable by every signed-in user.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.fence import enterprise_allowed
from accounts.models import Agency
from accounts.pagecache import cached_page
from accounts.roles import is_doit, is_enterprise_user, sees_everything
from accounts.scoping import get_visible_or_404
from assignments.models import AssigneeGroup
from dashboards import exports as dashboard_export
from dashboards import selectors as dash
from plans.selectors import plan_execution_in_force
from programs.choices import IndicatorComputation as C
from programs.models import Indicator, LegalDocument
from programs.periods import period_from_query
from reports import charts, indicators


def _require_overview(user) -> None:
    if not sees_everything(user):
        raise PermissionDenied


def _today() -> dt.date:
    return timezone.localdate()


def _pick_period(request, periods, today):
    return period_from_query(request.GET.get("period"), periods, today)


def _pick_document(request):
    raw = request.GET.get("document")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_visible_or_404(LegalDocument, request.user, pk=int(raw))


def _as_of(period, today: dt.date) -> dt.date:
    """What was true at the period's end — or today while the period is still running."""
    if period is None:
        return today
    return min(period.ends_on, today)


#: the computed dashboard is kept this long at most (writes change the key well before)
DASHBOARD_CACHE_SECONDS = 300


def _cached(name: str, filters: str, today: dt.date, compute) -> tuple[dict, str]:
    """``compute()``'s result, cached per (page, filters, today, language, data version).

    Cache hit: one query (the data version). The key holds the data version, so any write
    through the portal shows at once; the time limit covers writes that bypass it.
    """
    version = dash.data_version()  # q: data version
    key = (
        f"dashboards:{name}:"
        + hashlib.sha256(f"{filters}|{today}|{get_language()}|{version}".encode()).hexdigest()
    )
    data = cache.get(key)
    if data is None:
        data = compute()
        cache.set(key, data, DASHBOARD_CACHE_SECONDS)
    return data, key


def dashboard_data(request) -> dict:
    """Everything the provincial dashboard shows, cached per (filters, today, data version).

    Miss: one query per block (see tests/test_dashboard_queries.py).
    """
    today = _today()
    filters = f"{request.GET.get('period', '')}|{request.GET.get('document', '')}"
    data, key = _cached("dashboard", filters, today, lambda: _compute_dashboard(request, today))
    return {**data, "cache_key": key}


def _compute_dashboard(request, today) -> dict:
    periods = dash.all_periods()  # q: periods (filter list, current and previous)
    period = _pick_period(request, periods, today)
    previous = dash.previous_period(periods, period)
    document = _pick_document(request)
    documents = list(  # q: directives for the filter
        LegalDocument.objects.visible_to(request.user)
        .order_by("-signed_on", "number")
        .values("pk", "number", "kind", "title")
    )
    as_of = _as_of(period, today)
    breakdown = dash.enterprise_breakdown(as_of=as_of)  # q: register scan
    option_stats = indicators.option_aggregates(as_of)  # q: options (averages and totals)
    all_indicators = list(Indicator.objects.all())  # q: indicators
    # q: targets, officers, activities, manual values (one each)
    rows = indicators.indicator_rows(
        as_of=as_of,
        period=period,
        document=document,
        enterprise_totals=breakdown["totals"],
        option_stats=option_stats,
        indicators=all_indicators,
    )
    task_agencies = dash.task_status_by_agency(period=period, today=today, document=document)
    overdue = dash.overdue_tasks(period=period, today=today, document=document, limit=20)
    matrix = dash.report_matrix(periods=[period, previous], today=today)  # q: agencies × reports
    # q: plan items, budget lines, deliverables, linked activities (always 4, plan or none)
    plan = plan_execution_in_force(period.year if period else today.year, until=as_of, today=as_of)
    task_totals = {b: sum(a[b] for a in task_agencies) for b in dash.BUCKET_LABELS}
    task_totals["total"] = sum(a["total"] for a in task_agencies)
    labels = list(dash.BUCKET_LABELS.values())
    return {
        "today": today,
        "periods": periods,
        "period": period,
        "previous": previous,
        "documents": documents,
        "document": document,
        "as_of": as_of,
        "indicator_rows": rows,
        "indicator_codes": {i.computation: i.code for i in all_indicators},
        "breakdown": breakdown,
        "task_agencies": task_agencies,
        "task_totals": task_totals,
        "overdue": overdue,
        "matrix": matrix,
        "savings": option_stats["totals"],
        "annual": option_stats["annual"],
        "saving_pct": {
            "energy": option_stats["avg"][C.AVG_ENERGY_SAVING][0],
            "material": option_stats["avg"][C.AVG_MATERIAL_SAVING][0],
        },
        "bucket_labels": dash.BUCKET_LABELS,
        "indicator_chart": charts.data_uri(charts.indicator_chart_svg(rows)),
        "indicator_chart_alt": charts.indicator_chart_alt(rows),
        "task_chart": charts.data_uri(charts.task_chart_svg(task_agencies, labels)),
        "task_chart_alt": charts.task_chart_alt(task_agencies, labels),
        "plan": _plan_block(plan),
        "plan_year": period.year if period else today.year,
        "plan_chart": charts.data_uri(charts.plan_chart_svg(plan)),
        "plan_chart_alt": charts.plan_chart_alt(plan),
    }


def _plan_block(plan) -> dict | None:
    """What the dashboard's plan block shows — not the item rows (300 in a large province), which
    stay on the plan page: the cached dashboard is unpickled on every visit."""
    if plan is None:
        return None
    return {
        "version": plan.version,
        "total": plan.total,
        "by_source": plan.by_source,
        "behind": len(plan.behind),
    }


def _filter_query(ctx) -> str:
    parts = []
    if ctx.get("period") is not None:
        parts.append(f"period={ctx['period'].pk}")
    if ctx.get("document") is not None:
        parts.append(f"document={ctx['document'].pk}")
    return "&".join(parts)


def _url_prefix(name: str, arg) -> str:
    """A URL with its last argument cut off, to append ids in long tables without reversing
    once per row."""
    url = reverse(name, args=[arg])
    return url[: -len(f"{arg}/")]


@enterprise_allowed
@cached_page
def home(request):
    """The landing page: the overview the user may see, rendered at "/" — no redirect, so the
    page after login and every "Tổng quan" click costs one round trip, not two (an enterprise
    user, fenced to /co-so/, is sent to its company's page)."""
    if is_enterprise_user(request.user):
        return redirect("firms:overview")
    if sees_everything(request.user):
        return dashboard(request)
    if request.user.agency_id is not None:
        return agency_dashboard(request)
    return render(request, "accounts/home.html")


@cached_page
def dashboard(request):
    if not sees_everything(request.user):
        return redirect("dashboards:agency_dashboard")
    ctx = dashboard_data(request)
    ctx["filter_query"] = _filter_query(ctx)
    ctx["can_edit"] = is_doit(request.user)
    ctx["urls"] = {
        "tasks": reverse("dashboards:task_drilldown"),
        "agency": reverse("dashboards:agency_dashboard"),
        "task": _url_prefix("assignments:task_detail", 0),
        "indicator": _url_prefix("dashboards:indicator_detail", "x"),
    }
    return render(request, "reports/dashboard.html", ctx)


@cached_page
def agency_dashboard(request):
    """An agency's own page: tasks overdue and due soon, its report, its activities this period."""
    user = request.user
    raw = request.GET.get("agency")
    if raw:
        if not raw.isdigit():
            raise Http404
        if not sees_everything(user) and int(raw) != user.agency_id:
            raise Http404
        agency = get_object_or_404(Agency, pk=int(raw))
    else:
        agency = user.agency
        if agency is None:
            raise Http404
    today = _today()

    def compute():
        periods = dash.all_periods()
        period = _pick_period(request, periods, today)
        return {
            "period": period,
            "periods": periods,
            "tasks": dash.agency_tasks(agency=agency, period=period, today=today),
            "report": dash.agency_report(agency=agency, period=period),
            "activities": dash.agency_activities(agency=agency, period=period),
        }

    # cached like the provincial page: a busy agency's staff open it many times between writes
    data, _key = _cached(
        "agency_dashboard", f"{agency.pk}|{request.GET.get('period', '')}", today, compute
    )
    period = data["period"]
    ctx = {
        **data,
        "agency": agency,
        "today": today,
        "bucket_labels": dash.BUCKET_LABELS,
        "filter_query": f"agency={agency.pk}" + (f"&period={period.pk}" if period else ""),
    }
    return render(request, "reports/agency_dashboard.html", ctx)


# ---- drill-downs ---------------------------------------------------------------------------------


def _drill_context(request, indicator):
    today = _today()
    periods = dash.all_periods()
    period = _pick_period(request, periods, today)
    as_of = parse_date(request.GET.get("as_of") or "") or _as_of(period, today)
    division = request.GET.get("division") or ""
    filters = {
        "locality": request.GET.get("locality")
        if (request.GET.get("locality") or "").isdigit()
        else None,
        "section": (request.GET.get("section") or "")[:1] or None,
        "division": division if len(division) == 2 and division.isdigit() else None,
    }
    rows = indicators.drilldown_rows(indicator, as_of=as_of, period=period, filters=filters)
    return today, periods, period, as_of, filters, rows


def indicator_detail(request, code):
    """The rows behind one indicator's figure, on the period's "as of" date."""
    _require_overview(request.user)
    indicator = get_visible_or_404(Indicator, request.user, code=code)
    today, periods, period, as_of, filters, rows = _drill_context(request, indicator)
    figure = indicators.compute_figures([indicator], as_of=as_of, period=period)[indicator.pk]
    targets = [
        indicators.TargetView(
            t, indicators.target_status(t, figure.value, as_of), indicators.expected_on(t, as_of)
        )
        for t in indicators.targets_in_force(as_of).filter(indicator=indicator)
    ]
    key = indicator.computation
    ctx = {
        "indicator": indicator,
        "figure": figure,
        "targets": targets,
        "period": period,
        "periods": periods,
        "as_of": as_of,
        "filters": filters,
        "kind": _drill_kind(key),
        "key": key,
    }
    if key in indicators.SAVING_FIELDS:
        ctx["groups"] = indicators.per_enterprise_savings(key, rows)
    else:
        page = Paginator(rows, 100).get_page(request.GET.get("page"))
        ctx["page_obj"], ctx["rows"] = page, page.object_list
    q = [f"as_of={as_of.isoformat()}"]
    if period:
        q.append(f"period={period.pk}")
    for k, v in filters.items():
        if v:
            q.append(f"{k}={v}")
    ctx["filter_query"] = "&".join(q)
    return render(request, "reports/indicator_detail.html", ctx)


def _drill_kind(key) -> str:
    if key in (C.SHARE_INFORMED, C.SHARE_APPLYING, C.ENTERPRISES_ASSESSED):
        return "enterprises"
    if key in indicators.SAVING_FIELDS:
        return "savings"
    if key == C.SHARE_STAFF_TRAINED:
        return "officers"
    if key in (C.DEMONSTRATION_MODELS, C.FUNDS_MOBILISED):
        return "activities"
    return "manual"


def task_drilldown(request):
    """The tasks behind a cell of "task status by agency"."""
    _require_overview(request.user)
    bucket = request.GET.get("bucket", "overdue")
    if bucket not in dash.BUCKET_LABELS:
        raise Http404
    today = _today()
    periods = dash.all_periods()
    period = _pick_period(request, periods, today)
    document = _pick_document(request)
    raw_agency = request.GET.get("agency") or ""
    agency = get_object_or_404(Agency, pk=int(raw_agency)) if raw_agency.isdigit() else None
    raw_group = request.GET.get("group") or ""
    group = (
        get_object_or_404(AssigneeGroup, pk=int(raw_group))
        if raw_group.isdigit() and agency is None
        else None
    )
    qs = dash.tasks_in_bucket(
        period=period,
        today=today,
        bucket=bucket,
        document=document,
        agency_id=agency.pk if agency else None,
        group_id=group.pk if group else None,
    )
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/indicator_tasks.html",
        {
            "bucket": bucket,
            "bucket_label": dash.BUCKET_LABELS[bucket],
            "agency": agency,
            "group": group,
            "period": period,
            "document": document,
            "page_obj": page,
            "rows": page.object_list,
        },
    )


# ---- XLSX ----------------------------------------------------------------------------------------


def _num(value):
    return value if value is not None else ""


def _table(name: str, ctx: dict):
    """(title, headers, rows) of one dashboard table."""
    if name == "chi-tieu":
        rows = []
        for r in ctx["indicator_rows"]:
            for t in r.targets or [None]:
                rows.append(
                    [
                        r.indicator.name,
                        r.indicator.unit,
                        _num(r.figure.value),
                        str(t.target.document) if t else "",
                        t.target.milestone_year if t else "",
                        t.value_text if t else "",
                        str(t.status_label) if t else "",
                    ]
                )
        return (
            _("Chỉ tiêu so với mục tiêu"),
            [
                _("Chỉ tiêu"),
                _("Đơn vị"),
                _("Thực hiện"),
                _("Văn bản"),
                _("Năm mốc"),
                _("Mục tiêu"),
                _("Đánh giá"),
            ],
            rows,
        )
    if name == "nhiem-vu":
        return (
            _("Tình trạng nhiệm vụ theo cơ quan"),
            [_("Cơ quan chủ trì"), *[str(v) for v in dash.BUCKET_LABELS.values()], _("Tổng")],
            [
                [a["name"], a["done"], a["in_progress"], a["overdue"], a["not_started"], a["total"]]
                for a in ctx["task_agencies"]
            ],
        )
    if name == "qua-han":
        tasks = dash.overdue_tasks(
            period=ctx["period"], today=ctx["today"], document=ctx["document"], limit=None
        )
        return (
            _("Nhiệm vụ quá hạn"),
            [_("Số hiệu"), _("Nội dung"), _("Cơ quan chủ trì"), _("Văn bản"), _("Hạn")],
            [
                [t.ref, t.text, t.assignee_name, str(t.document), t.due_on or t.due_text]
                for t in tasks
            ],
        )
    if name == "bao-cao":
        m = ctx["matrix"]
        headers = [_("Cơ quan")]
        for p in m["periods"]:
            headers += [
                f"{p.label}: {_('trạng thái')}",
                f"{p.label}: {_('gửi lần đầu')}",
                f"{p.label}: {_('đúng hạn')}",
            ]
        rows = []
        for r in m["rows"]:
            row = [r["agency"]["name"]]
            for c in r["cells"]:
                row += [
                    str(c.label),
                    c.first_submitted_at or "",
                    "" if not c.submitted else (_("Trễ hạn") if c.late else _("Đúng hạn")),
                ]
            rows.append(row)
        return (_("Tình hình gửi báo cáo"), headers, rows)
    if name in ("dia-ban", "nganh"):
        key = "localities" if name == "dia-ban" else "divisions"
        label = _("Xã, phường") if name == "dia-ban" else _("Ngành (VSIC cấp 2)")
        title = (
            _("Cơ sở sản xuất theo xã, phường")
            if name == "dia-ban"
            else _("Cơ sở sản xuất theo ngành (VSIC cấp 2)")
        )
        rows = [
            [
                (f"{r['id']} — {r['name']}" if name == "nganh" and r["id"] else r["name"])
                or _("Chưa xác định"),
                r["total"],
                r["potential"],
                r["informed"],
                r["assessed"],
                r["applying"],
            ]
            for r in ctx["breakdown"][key]
        ]
        return (
            title,
            [
                label,
                _("Tổng số cơ sở"),
                _("Có tiềm năng SXSH"),
                _("Được phổ biến"),
                _("Đã đánh giá"),
                _("Áp dụng SXSH"),
            ],
            rows,
        )
    if name == "tiet-kiem":
        s, y, pct = ctx["savings"], ctx["annual"], ctx["saving_pct"]
        return (
            _("Tổng hợp lợi ích từ các giải pháp đã thực hiện"),
            [_("Chỉ số"), _("Giá trị")],
            [
                [_("Số giải pháp đã thực hiện"), s["options"]],
                [_("Số cơ sở"), s["enterprises"]],
                [_("Tiết kiệm điện năng (kWh/năm)"), y["energy_kwh_year"]],
                [_("Tiết kiệm nước (m³/năm)"), y["water_m3_year"]],
                [_("Tiết kiệm nguyên liệu (tấn/năm)"), y["material_t_year"]],
                [_("Giảm phát thải (tấn CO₂e/năm)"), y["co2e_t_year"]],
                [
                    _("trong đó ước tính từ điện năng × hệ số phát thải lưới điện (tấn CO₂e/năm)"),
                    y["co2e_estimated_t_year"],
                ],
                [_("Lợi ích hằng năm (đồng/năm)"), s["saving_vnd"]],
                [_("Chi phí đầu tư (đồng)"), s["investment_vnd"]],
                [
                    _("Mức tiết kiệm năng lượng bình quân trên đơn vị SP so với mức nền (%)"),
                    pct["energy"],
                ],
                [
                    _("Mức tiết kiệm nguyên liệu bình quân trên đơn vị SP so với mức nền (%)"),
                    pct["material"],
                ],
                [
                    _("Số giải pháp chưa có sản lượng hằng năm (chưa tính vào số liệu năm)"),
                    y["options_without_output"],
                ],
            ],
        )
    raise Http404


def _drill_table(request, code):
    indicator = get_visible_or_404(Indicator, request.user, code=code)
    today, periods, period, as_of, filters, rows = _drill_context(request, indicator)
    kind = _drill_kind(indicator.computation)
    title = f"{indicator.name} — {_('đến ngày')} {as_of:%d/%m/%Y}"
    if kind == "enterprises":
        return (
            title,
            [_("Mã số thuế"), _("Tên cơ sở"), _("Xã, phường"), _("Ngành")],
            [
                [
                    e.tax_code,
                    e.name,
                    e.locality.name if e.locality else "",
                    e.vsic.code if e.vsic else "",
                ]
                for e in rows
            ],
        )
    if kind == "savings":
        return (
            title,
            [_("Cơ sở"), _("Giải pháp"), _("Ngày thực hiện"), _("Mức tiết kiệm (%)")],
            [
                [
                    o.assessment.enterprise.name,
                    o.description,
                    o.implemented_on,
                    round(o.saving_pct, 2),
                ]
                for o in rows
            ],
        )
    if kind == "officers":
        return (
            title,
            [_("Họ và tên"), _("Chức vụ"), _("Cơ quan"), _("Địa bàn")],
            [[o.full_name, o.position, o.agency.name, o.locality] for o in rows],
        )
    if kind == "activities":
        return (
            title,
            [_("Ngày"), _("Hoạt động"), _("Cơ quan"), _("Nguồn kinh phí"), _("Kinh phí (đồng)")],
            [
                [a.held_on, a.title, a.agency.name, a.get_funding_source_display(), a.cost_vnd]
                for a in rows
            ],
        )
    return (
        title,
        [_("Kỳ"), _("Giá trị"), _("Người nhập"), _("Nhập lúc"), _("Ghi chú")],
        [
            [
                v.period.label,
                v.value,
                v.entered_by.get_full_name() or v.entered_by.username,
                v.entered_at,
                v.note,
            ]
            for v in rows
        ],
    )


def export_xlsx(request, table):
    _require_overview(request.user)
    if table.startswith("chi-tieu-"):
        title, headers, rows = _drill_table(request, table.removeprefix("chi-tieu-"))
        subtitle = ""
    else:
        ctx = dashboard_data(request)
        title, headers, rows = _table(table, ctx)
        subtitle = _("Số liệu đến ngày %(d)s") % {"d": f"{ctx['as_of']:%d/%m/%Y}"}
        if ctx["period"] is not None:
            subtitle += f" · {ctx['period'].label}"
    content = dashboard_export.workbook_bytes(
        title=title, headers=headers, rows=rows, subtitle=subtitle
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="sxsh-{table}.xlsx"'
    return response
