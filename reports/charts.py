"""Server-side SVG charts (matplotlib), the same in the browser and in the consolidated PDF.

Readable without colour: every series has a hatch pattern and direct value labels; every chart
has a text alternative (``*_alt``) and the page shows the same numbers in a table. Pages embed
the SVG as ``<img src="data:image/svg+xml;base64,…">`` (CSP allows data: images, not inline
styles). Text is drawn as paths (``svg.fonttype = "path"``) so Vietnamese glyphs render without
any font on the viewer's side. Rendering is cached by a hash of the plotted numbers, so a chart is
drawn once per distinct data; matplotlib is imported lazily (it is slow to import).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import gettext as _

CACHE_SECONDS = 6 * 3600
FONT = ["DejaVu Sans", "Liberation Sans"]
# line hatches only: dot hatches ("...") make the SVG ten times larger
HATCHES = {"done": "///", "in_progress": "\\\\\\", "overdue": "xx", "not_started": ""}
FILLS = {
    "done": "#1e7b34",
    "in_progress": "#1b4f8a",
    "overdue": "#a3161a",
    "not_started": "#d8dee2",
}


def _pyplot():
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": FONT,
            "svg.fonttype": "path",
            "svg.hashsalt": "sxsh",  # deterministic ids: same data → same bytes
            "font.size": 9,
            "hatch.linewidth": 0.8,
        }
    )
    return plt


def _cached(kind: str, data, draw) -> str:
    digest = hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()
    key = f"chart:{kind}:{digest[:32]}"
    svg = cache.get(key)
    if svg is None:
        svg = draw(data)
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def _to_svg(plt, fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()


def _to_png(plt, fig) -> bytes:
    """For Word files (which cannot embed SVG portably), 200 dpi."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def data_uri(svg: str) -> str:
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _fmt(value) -> str:
    """1234.5 → "1.234,5": the same rounding and separators as the tables' ``num`` filter."""
    from accounts.templatetags.portal import num

    if value is None:
        return "—"
    value = Decimal(str(value))
    return num(value, 0 if value == value.to_integral_value() else 1)


# ---- indicators vs targets ------------------------------------------------------------------------


def _indicator_data(rows) -> list[dict]:
    """Percentage indicators only (one axis); each with actual and its headline targets, the
    documents sharing the same goal merged into one mark."""
    data = []
    for row in rows:
        if row.indicator.unit.strip() != "%":
            continue
        goals: dict[float, list[str]] = {}
        for t in row.headline:
            goal = float(
                t.target.value_min if t.target.value_min is not None else t.target.value_max
            )
            label = (
                f"{t.target.document.number or t.target.document} {t.target.milestone_year or ''}"
            )
            goals.setdefault(goal, []).append(label.strip())
        data.append(
            {
                "name": row.indicator.name,
                "actual": _fmt(row.figure.value) if row.figure.value is not None else None,
                "value": float(row.figure.value) if row.figure.value is not None else None,
                "targets": [{"label": ", ".join(v), "goal": g} for g, v in sorted(goals.items())],
            }
        )
    return data


def _wrap(text: str, width: int = 38) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)[:3])


def _draw_indicators(data, png: bool = False):
    plt = _pyplot()
    n = len(data)
    fig, ax = plt.subplots(figsize=(7.2, 1.05 * n + 1.1))
    ys = list(range(n))[::-1]
    for y, item in zip(ys, data, strict=True):
        actual = item["value"] or 0
        ax.barh(y, actual, height=0.42, color="#0b5d6b", edgecolor="#08454f", hatch="///")
        label = f"{item['actual']} %" if item["actual"] is not None else _("chưa có số liệu")
        ax.text(
            actual + 1,
            y,
            label,
            va="center",
            fontsize=8.5,
            fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3},
        )
        for k, target in enumerate(item["targets"][:2]):
            above = k == 0
            ax.plot(
                [target["goal"]] * 2,
                [y - 0.26, y + 0.26],
                color="#1d2327",
                lw=1.6,
                ls="-" if above else "--",
            )
            ax.text(
                target["goal"],
                y + (0.36 if above else -0.36),
                f"{target['label']}: {_fmt(target['goal'])} %",
                ha="center",
                va="center",
                fontsize=6.8,
                color="#1d2327",
            )
    ax.set_yticks(ys)
    ax.set_yticklabels([_wrap(d["name"]) for d in data], fontsize=8)
    ax.set_ylim(-0.8, n - 0.2)
    ax.set_xlim(0, 115)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel(_("Thực hiện (%) — vạch đứng: mục tiêu theo văn bản, năm mốc"))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e6eaec", lw=0.6)
    ax.set_axisbelow(True)
    return _to_png(plt, fig) if png else _to_svg(plt, fig)


def indicator_chart_svg(rows) -> str:
    data = _indicator_data(rows)
    if not data:
        return ""
    return _cached("indicators", data, _draw_indicators)


def indicator_chart_png(rows) -> bytes:
    """The indicator chart as PNG (the .docx of the consolidated report); not cached."""
    data = _indicator_data(rows)
    return _draw_indicators(data, png=True) if data else b""


def indicator_chart_alt(rows) -> str:
    parts = []
    for item in _indicator_data(rows):
        targets = "; ".join(f"{t['label']}: {_fmt(t['goal'])} %" for t in item["targets"])
        actual = f"{item['actual']} %" if item["actual"] is not None else _("chưa có số liệu")
        parts.append(
            f"{item['name']}: {actual}" + (f" ({_('mục tiêu')} {targets})" if targets else "")
        )
    return _("Biểu đồ chỉ tiêu so với mục tiêu. ") + ". ".join(parts)


# ---- task status by agency -----------------------------------------------------------------------

BUCKETS = ("done", "in_progress", "overdue", "not_started")


def _draw_tasks(data) -> str:
    plt = _pyplot()
    n = len(data["agencies"])
    fig, ax = plt.subplots(figsize=(6.2, 0.42 * n + 1.3))
    ys = list(range(n))[::-1]
    lefts = [0] * n
    for bucket, label in zip(BUCKETS, data["labels"], strict=True):
        values = [a[bucket] for a in data["agencies"]]
        bars = ax.barh(
            ys,
            values,
            left=lefts,
            height=0.6,
            color=FILLS[bucket],
            edgecolor="#1d2327",
            linewidth=0.5,
            hatch=HATCHES[bucket],
            label=label,
        )
        for bar, value in zip(bars, values, strict=True):
            if value:
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
                )
        lefts = [left + v for left, v in zip(lefts, values, strict=True)]
    ax.set_yticks(ys)
    ax.set_yticklabels([_wrap(a["name"], 30) for a in data["agencies"]], fontsize=8)
    ax.set_xlabel(_("Số nhiệm vụ"))
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 - 0.6 / (n + 2)),
        ncol=4,
        fontsize=8,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return _to_svg(plt, fig)


def task_chart_svg(agency_rows, labels, limit: int = 12) -> str:
    """Stacked bars per agency (the ``limit`` agencies with most overdue, then most open tasks)."""
    top = sorted(agency_rows, key=lambda r: (-r["overdue"], -(r["total"] - r["done"]), r["name"]))
    top = top[:limit]
    if not top:
        return ""
    data = {
        "labels": [str(x) for x in labels],
        "agencies": [{"name": r["name"], **{b: r[b] for b in BUCKETS}} for r in top],
    }
    return _cached("tasks", data, _draw_tasks)


def task_chart_alt(agency_rows, labels, limit: int = 12) -> str:
    top = sorted(agency_rows, key=lambda r: (-r["overdue"], -(r["total"] - r["done"]), r["name"]))
    parts = [
        f"{r['name']}: "
        + ", ".join(f"{label} {r[b]}" for b, label in zip(BUCKETS, labels, strict=True))
        for r in top[:limit]
    ]
    return _("Biểu đồ tình trạng nhiệm vụ theo cơ quan. ") + "; ".join(parts)


# ---- the annual plan: approved vs spent by funding source ----------------------------------------


def _million(value: int) -> str:
    """Whole đồng → "12,3 tr" (millions, one decimal) for bar labels."""
    return _fmt(round(Decimal(value) / Decimal(1_000_000), 1)) + " tr"


def _draw_plan(data) -> str:
    plt = _pyplot()
    rows = data["rows"]
    n = len(rows)
    fig, ax = plt.subplots(figsize=(6.2, 0.62 * n + 1.3))
    ys = list(range(n))[::-1]
    height = 0.36
    series = (
        ("base", data["labels"][0], "#1b4f8a", "\\\\\\", 0.5 * height),
        ("actual", data["labels"][1], "#1e7b34", "///", -0.5 * height),
    )
    for key, label, color, hatch, offset in series:
        values = [r[key] / 1_000_000 for r in rows]
        bars = ax.barh(
            [y + offset for y in ys],
            values,
            height=height,
            color=color,
            edgecolor="#1d2327",
            linewidth=0.5,
            hatch=hatch,
            label=label,
        )
        for bar, row in zip(bars, rows, strict=True):
            ax.text(
                bar.get_width(),
                bar.get_y() + bar.get_height() / 2,
                " " + _million(row[key]) + (f" ({row['rate']})" if key == "actual" else ""),
                va="center",
                fontsize=7.5,
            )
    ax.set_yticks(ys)
    ax.set_yticklabels([_wrap(r["label"], 26) for r in rows], fontsize=8)
    ax.set_xlabel(_("Triệu đồng"))
    ax.margins(x=0.3)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14 - 0.6 / (n + 2)),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return _to_svg(plt, fig)


def _rate_text(actual: int, base: int) -> str:
    if not base:
        return "—"
    return _fmt(round(Decimal(actual * 100) / Decimal(base), 1)) + "%"


def plan_chart_svg(figures) -> str:
    """Bars per funding source: the approved (or planned) amount and what was spent, with the
    execution rate — ``figures`` is ``plans.selectors.plan_execution``'s result."""
    if figures is None or not figures.by_source:
        return ""
    data = {
        "labels": [_("Kế hoạch được duyệt"), _("Đã thực hiện")],
        "rows": [
            {
                "label": r.label,
                "base": r.money.base,
                "actual": r.money.actual,
                "rate": _rate_text(r.money.actual, r.money.base),
            }
            for r in figures.by_source
        ],
    }
    return _cached("plan", data, _draw_plan)


def plan_chart_alt(figures) -> str:
    if figures is None:
        return ""
    parts = [
        f"{r.label}: {_('kế hoạch')} {_fmt(r.money.base)} {_('đồng')}, "
        f"{_('thực hiện')} {_fmt(r.money.actual)} {_('đồng')} ({_rate_text(r.money.actual, r.money.base)})"
        for r in figures.by_source
    ]
    return _("Biểu đồ kinh phí kế hoạch và thực hiện theo nguồn. ") + "; ".join(parts)
