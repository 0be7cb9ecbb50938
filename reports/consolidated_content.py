"""The consolidated report's content as one structure, rendered both as PDF and as .docx.

``consolidated_document(report=…)`` returns a :class:`Document`: the particulars of the
administrative document (issuing body, number, place and date, title, recipients, signer) and
its body as a list of blocks — :class:`Heading`, :class:`Para`, :class:`Table`, :class:`Chart`.
``reports.pdf.consolidated_pdf`` renders the blocks with ``templates/reports/pdf/consolidated.html``
(WeasyPrint); ``consolidated_docx`` writes them with ``config.nd30_docx.OfficialDocument``, so the
two files always say the same thing and an officer can edit the Word file before it is signed.
Numbers are formatted here, once (``1.234.567``), so both files print the same digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from accounts.templatetags.portal import num
from config.nd30_docx import BLANK, OfficialDocument, is_numeric, vn_date


@dataclass
class Heading:
    text: str
    level: int = 1
    kind: str = "heading"


@dataclass
class Para:
    text: str
    lead: str = ""  # bold italic words before the text ("Sở Tài chính:")
    muted: bool = False  # italic ("(Chưa có nội dung.)")
    small: bool = False  # a note in 11–12 pt
    kind: str = "para"


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths_mm: list[float]
    total_row: list[str] | None = None
    css: str = ""
    size: int = 12  # points in the Word file (the PDF's stylesheet sizes its own tables)
    kind: str = "table"

    def body_rows(self):
        """Rows as ``[(text, is_number), …]`` for the PDF template (numbers right-aligned)."""
        rows = [(row, False) for row in self.rows]
        if self.total_row is not None:
            rows.append((self.total_row, True))
        return [
            {"total": total, "cells": [(text, is_numeric(text)) for text in row]}
            for row, total in rows
        ]


@dataclass
class Chart:
    data_uri: str
    alt: str
    caption: str
    rows: list = field(default_factory=list)  # the indicator rows, drawn as PNG for Word
    kind: str = "chart"


@dataclass
class Document:
    issuer_parent: str
    issuer: str
    number: str
    place: str
    date: object
    kind: str
    title: str
    blocks: list = field(default_factory=list)
    closing_sentence: str = ""
    recipients: list[str] = field(default_factory=list)
    signer_lines: list[str] = field(default_factory=list)
    signer_name: str = ""

    @property
    def date_line(self) -> str:
        return vn_date(self.date)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _narrative(blocks: list, text: str) -> None:
    lines = _lines(text)
    if not lines:
        blocks.append(Para("(Chưa có nội dung.)", muted=True))
    blocks.extend(Para(line) for line in lines)


def _indicator_blocks(context) -> list:
    rows = context.get("indicator_rows") or []
    if not rows:
        return [Para("Chưa có số liệu chỉ tiêu.")]
    table_rows = []
    for row in rows:
        targets = []
        for t in row.headline:
            document = t.target.document
            ref = document.number or str(document)
            if t.target.milestone_year:
                ref = f"{ref}, {t.target.milestone_year}"
            targets.append(f"{t.value_text} ({ref})")
        figure = row.figure
        value = "—" if figure.value is None else num(figure.value, 1)
        if figure.denominator:
            value = f"{value}\n({num(figure.numerator)}/{num(figure.denominator)})"
        table_rows.append(
            [
                row.indicator.name,
                row.indicator.unit,
                "\n".join(targets) or "—",
                value,
                "\n".join(str(t.status_label) for t in row.headline) or "—",
            ]
        )
    as_of = context["indicator_as_of"]
    blocks = [
        Table(
            ["Chỉ tiêu", "Đơn vị", "Mục tiêu (văn bản, năm)", "Thực hiện", "Đánh giá"],
            table_rows,
            [55, 18, 40, 22, 30],
            css="indicators",
        ),
        Para(
            f"Số liệu tính đến ngày {as_of:%d/%m/%Y}; các chỉ tiêu tính tự động từ dữ liệu của "
            "Cổng thông tin SXSH, chỉ tiêu nhập tay do Sở Công Thương cập nhật.",
            small=True,
        ),
    ]
    if context.get("indicator_chart_data_uri"):
        blocks.append(
            Chart(
                context["indicator_chart_data_uri"],
                context.get("indicator_chart_alt", ""),
                "Biểu đồ: chỉ tiêu tính theo % so với mục tiêu (cột gạch chéo: thực hiện; "
                "vạch đứng: mục tiêu).",
                rows=rows,
            )
        )
    return blocks


def _agency_blocks(context, view) -> list:
    agency_rows = context["agency_rows"]
    if not agency_rows:
        return [Para("Chưa có báo cáo của cơ quan, đơn vị nào được tiếp nhận trong kỳ.")]

    def cells(figures):
        return [
            f"{num(figures['tasks_done'])}/{num(figures['tasks_total'])}",
            f"{num(figures['trainings'])} ({num(figures['training_participants'])})",
            num(figures["media_pieces"]),
            num(figures["enterprises_reached"]),
            num(figures["cost_total"]),
        ]

    totals = context["agency_totals"]
    blocks = [
        Para(
            f"Có {len(agency_rows)} cơ quan, đơn vị có báo cáo được Sở Công Thương tiếp nhận. "
            "Số liệu tổng hợp:"
        ),
        Table(
            [
                "TT",
                "Cơ quan, đơn vị",
                "Nhiệm vụ hoàn thành / được giao",
                "Lớp tập huấn (lượt người)",
                "Tin, bài",
                "Doanh nghiệp được tiếp cận",
                "Kinh phí (đồng)",
            ],
            [
                [str(i), row["agency"].name, *cells(row["figures"])]
                for i, row in enumerate(agency_rows, start=1)
            ],
            [9, 48, 22, 24, 14, 20, 28],
            total_row=["", "Tổng cộng", *cells(totals)],
            css="agencies",
            size=11,
        ),
    ]
    narratives = view["agency_narratives"]
    if narratives:
        which = " có nội dung thuyết minh" if len(narratives) < len(agency_rows) else ""
        blocks.append(
            Para(
                f"Kết quả nổi bật theo báo cáo của các cơ quan, đơn vị{which} (trích; toàn văn "
                "tại báo cáo của từng cơ quan, đơn vị):"
            )
        )
        blocks.extend(
            Para(f" {item['text']}", lead=f"- {item['agency'].name}:") for item in narratives
        )
    return blocks


def period_options(period):
    """Options implemented inside the period's window (what the report counts)."""
    from enterprises.choices import OptionStatus
    from enterprises.models import Option

    return Option.objects.filter(
        status=OptionStatus.IMPLEMENTED,
        implemented_on__gte=period.starts_on,
        implemented_on__lte=period.ends_on,
    )


def enterprise_savings(period) -> dict:
    """The period's yearly savings (totals and per enterprise, by tax code), the facilities'
    mean per-unit savings in % of their own baseline, and the grid factors used (3 queries)."""
    from enterprises import savings

    options = period_options(period)
    per = savings.by_enterprise(options, key="assessment__enterprise__tax_code")
    annual = savings.clean_annual(
        {name: sum(row[name] for row in per.values()) for name in savings.ANNUAL_KEYS}
    )
    return {
        "annual": annual,
        "per": per,
        "pct": {key: savings.mean_percent(per, key) for key in savings.PER_UNIT},
        "factors": savings.factors_used(options),
    }


def _pct_text(value) -> str:
    return "—" if value is None else f"{num(value, 1)} %"


def factor_note(factors) -> str:
    if not factors:
        return ""
    parts = [f"năm {f.year}: {num(f.tco2_per_mwh, 4)} tCO₂/MWh ({f.source})" for f in factors]
    return "Hệ số phát thải lưới điện Việt Nam đã dùng — " + "; ".join(parts) + "."


def savings_sentence(annual: dict, pct: dict) -> str:
    """The yearly figures, then the per-unit percentages (what the indicator asks)."""
    text = (
        "Tính theo sản lượng hằng năm của từng cơ sở, các giải pháp tiết kiệm mỗi năm "
        f"{num(annual['energy_kwh_year'])} kWh điện, {num(annual['water_m3_year'])} m³ nước, "
        f"{num(annual['material_t_year'], 1)} tấn nguyên liệu và giảm phát thải "
        f"{num(annual['co2e_t_year'], 1)} tấn CO₂e/năm"
    )
    if annual["co2e_estimated_t_year"]:
        text += (
            f" (trong đó {num(annual['co2e_estimated_t_year'], 1)} tấn ước tính từ điện năng "
            "tiết kiệm × hệ số phát thải lưới điện)"
        )
    text += "."
    shown = [
        f"{label} {num(pct[key][0], 1)} % ({pct[key][1]} cơ sở)"
        for key, label in (("energy_kwh", "năng lượng"), ("water_m3", "nước"),
                           ("material_t", "nguyên liệu"))
        if pct[key][0] is not None
    ]  # fmt: skip
    if shown:
        text += (
            " Mức tiết kiệm trên đơn vị sản phẩm so với mức nền của từng cơ sở, bình quân: "
            + "; ".join(shown)
            + "."
        )
    if annual["options_without_output"]:
        text += (
            f" Có {annual['options_without_output']} giải pháp của cơ sở chưa báo cáo sản lượng "
            "hằng năm nên chưa được tính vào số liệu năm."
        )
    return text


def _enterprise_blocks(context, view, saved) -> list:
    totals = context["enterprise"]["totals"]
    blocks = [
        Para(
            f"Trong kỳ có {num(totals['enterprises_assessed'])} cơ sở được đánh giá sản xuất "
            f"sạch hơn; {num(totals['enterprises_applying'])} cơ sở đã thực hiện "
            f"{num(totals['options'])} giải pháp, tổng vốn đầu tư {num(totals['investment_vnd'])} "
            f"đồng, lợi ích hằng năm {num(totals['saving_vnd'])} đồng. "
            + savings_sentence(saved["annual"], saved["pct"])
        )
    ]
    note = factor_note(saved["factors"])
    if note:
        blocks.append(Para(note, small=True))
    top = view["enterprise_top"]
    if not top:
        return blocks
    if view["enterprise_capped"]:
        blocks.append(
            Para(
                f"Bảng dưới đây nêu {view['enterprise_limit']} cơ sở có lợi ích hằng năm lớn "
                f"nhất. Danh sách đầy đủ {num(view['enterprise_count'])} cơ sở tại Phụ lục (tệp "
                "XLSX kèm theo)."
            )
        )
    else:
        blocks.append(Para("Kết quả của từng cơ sở (theo lợi ích hằng năm, từ lớn đến nhỏ):"))
    empty = {"pct_energy_kwh": None, "energy_kwh_year": None, "water_m3_year": None,
             "co2e_t_year": None}  # fmt: skip
    rows = []
    for i, r in enumerate(top, start=1):
        y = saved["per"].get(r["assessment__enterprise__tax_code"], empty)
        mwh = None if y["energy_kwh_year"] is None else y["energy_kwh_year"] / 1000
        rows.append(
            [
                str(i),
                r["assessment__enterprise__name"],
                num(r["n_options"]),
                num(r["investment"]),
                num(r["saving"]),
                _pct_text(y["pct_energy_kwh"]),
                num(mwh, 1),
                num(y["water_m3_year"]),
                num(y["co2e_t_year"], 1),
            ]
        )
    blocks.append(
        Table(
            [
                "TT",
                "Cơ sở",
                "Số giải pháp",
                "Đầu tư (đồng)",
                "Lợi ích (đồng/năm)",
                "Tiết kiệm năng lượng (% mức nền)",
                "Điện tiết kiệm (MWh/năm)",
                "Nước tiết kiệm (m³/năm)",
                "Giảm phát thải (t CO₂e/năm)",
            ],
            rows,
            [8, 33, 9, 27, 27, 14, 15, 16, 16],
            css="enterprises",
            size=11,
        )
    )
    return blocks


def industry_rows(period) -> list[dict]:
    """Per VSIC division (2 digits): the register at the period's end (facilities, assessed,
    applying — cumulative) and the options implemented in the period with their yearly figures.
    Two queries. Sorted by number of facilities; facilities without a division last."""
    from django.db.models import Count

    from enterprises import savings, vsic
    from reports import indicators

    register = indicators.enterprise_stage_counts(
        period.ends_on, group_exprs={"division": vsic.division_expr()}
    )
    options = (
        period_options(period)
        .order_by()
        .values(division=vsic.division_expr("assessment__enterprise__vsic__code"))
        .annotate(
            n_options=Count("pk"),
            n_enterprises=Count("assessment__enterprise", distinct=True),
            **savings.annual_aggregates(),
        )
    )
    by_option = {row["division"]: row for row in options}
    names = vsic.names()
    rows = []
    for r in register:
        division = r["division"]
        o = by_option.pop(division, {})
        rows.append(
            {
                "division": division,
                "label": vsic.division_label(division, names) or "Chưa xác định ngành cấp 2",
                "section": names["division_section"].get(division, ""),
                "total": r["total"],
                "assessed": r["assessed"],
                "applying": r["applying_all"],
                "options": o.get("n_options", 0),
                "enterprises_period": o.get("n_enterprises", 0),
                **savings.clean_annual(o),
            }
        )
    rows.sort(key=lambda r: (r["division"] is None, -r["total"], r["division"] or ""))
    return rows


def industry_totals(rows: list[dict]) -> dict:
    keys = ("total", "assessed", "applying", "options", "enterprises_period")
    keys += ("saving_vnd_year", "energy_kwh_year", "water_m3_year", "co2e_t_year")
    return {key: sum(r[key] for r in rows) for key in keys}


def _industry_blocks(period) -> list:
    rows = industry_rows(period)
    if not rows:
        return []
    totals = industry_totals(rows)

    def cells(r):
        return [
            num(r["total"]),
            num(r["assessed"]),
            num(r["applying"]),
            num(r["options"]),
            num(r["saving_vnd_year"]),
            num(r["energy_kwh_year"] / 1000, 1),
            num(r["co2e_t_year"], 1),
        ]

    return [
        Para(
            "Kết quả theo ngành kinh tế (VSIC 2018, ngành cấp 2; số cơ sở, đã đánh giá và áp "
            "dụng tính lũy kế đến cuối kỳ, giải pháp và số liệu năm tính trong kỳ):"
        ),
        Table(
            [
                "TT",
                "Ngành (VSIC cấp 2)",
                "Số cơ sở",
                "Đã đánh giá",
                "Áp dụng SXSH",
                "Giải pháp thực hiện trong kỳ",
                "Lợi ích (đồng/năm)",
                "Điện tiết kiệm (MWh/năm)",
                "Giảm phát thải (t CO₂e/năm)",
            ],
            [[str(i), r["label"], *cells(r)] for i, r in enumerate(rows, start=1)],
            [8, 40, 12, 12, 12, 13, 28, 20, 20],
            total_row=["", "Tổng cộng", *cells(totals)],
            css="industries",
            size=11,
        ),
    ]


def consolidated_document(*, report) -> Document:
    """The consolidated report of ``report.period``: figures computed now, text from ``report``."""
    from reports.consolidated import consolidated_context
    from reports.pdf import _pdf_view, period_phrase
    from reports.plan_section import plan_blocks

    period = report.period
    context = consolidated_context(period=period)
    view = _pdf_view(context)
    phrase = period_phrase(period)
    blocks: list = [
        Para(
            "Thực hiện chế độ báo cáo định kỳ về Chương trình sản xuất sạch hơn trong công "
            f"nghiệp, Sở Công Thương báo cáo kết quả thực hiện {phrase} (số liệu từ ngày "
            f"{period.starts_on:%d/%m/%Y} đến ngày {period.ends_on:%d/%m/%Y}) như sau:"
        ),
        Heading("I. KẾT QUẢ THỰC HIỆN", 1),
        Heading("1. Tình hình chung", 2),
    ]
    _narrative(blocks, report.summary)
    blocks.append(Heading("2. Kết quả thực hiện các chỉ tiêu", 2))
    blocks.extend(_indicator_blocks(context))
    blocks.append(Heading("3. Kết quả thực hiện của các cơ quan, đơn vị", 2))
    blocks.extend(_agency_blocks(context, view))
    blocks.append(
        Heading("4. Kết quả áp dụng sản xuất sạch hơn tại các cơ sở sản xuất công nghiệp", 2)
    )
    blocks.extend(_enterprise_blocks(context, view, enterprise_savings(period)))
    blocks.extend(_industry_blocks(period))
    blocks.extend(plan_blocks(period, heading="5. Tình hình thực hiện kế hoạch và kinh phí"))
    blocks.append(Heading("6. Tình hình báo cáo của các cơ quan, đơn vị", 2))
    missing = context["missing_agencies"]
    if missing:
        names = "; ".join(a.name for a in missing)
        blocks.append(
            Para(
                f"Đến ngày lập báo cáo, còn {len(missing)} cơ quan, đơn vị chưa gửi báo cáo: "
                f"{names}."
            )
        )
    else:
        blocks.append(Para("Các cơ quan, đơn vị được giao nhiệm vụ đã gửi báo cáo đầy đủ."))
    blocks.append(Heading("II. KHÓ KHĂN, VƯỚNG MẮC", 1))
    _narrative(blocks, report.difficulties)
    blocks.append(Heading("III. ĐỀ XUẤT, KIẾN NGHỊ", 1))
    _narrative(blocks, report.proposals)

    return Document(
        issuer_parent=f"UBND tỉnh {settings.PORTAL_PROVINCE}",
        issuer="Sở Công Thương",
        number=report.number or f"{BLANK}/BC-SCT",
        place=settings.PORTAL_PLACE,
        date=report.issued_on or timezone.localdate(),
        kind="BÁO CÁO",
        title=(f"Kết quả thực hiện Chương trình sản xuất sạch hơn trong công nghiệp {phrase}"),
        blocks=blocks,
        closing_sentence="Sở Công Thương báo cáo UBND tỉnh và Bộ Công Thương xem xét, chỉ đạo./.",
        recipients=_lines(report.recipients),
        signer_lines=_lines(report.signer_title),
        signer_name=report.signer_name,
    )


def write_docx(document: Document) -> bytes:
    """Any :class:`Document` as an ND 30 .docx (the chart drawn again as PNG: Word files
    cannot embed SVG portably)."""
    from reports import charts

    doc = OfficialDocument(
        document.issuer_parent,
        document.issuer,
        document.number,
        document.place,
        document.date,
        document.kind,
        document.title,
    )
    for block in document.blocks:
        if block.kind == "heading":
            doc.heading(block.text, block.level)
        elif block.kind == "para":
            if block.small:
                doc.note(block.text)
            elif block.lead:
                doc.paragraph_with_lead(block.lead, block.text)
            else:
                doc.paragraph(block.text, italic=block.muted)
        elif block.kind == "table":
            doc.table(block.header, block.rows, block.widths_mm, block.total_row, size=block.size)
        elif block.kind == "chart":
            png = charts.indicator_chart_png(block.rows) if block.rows else b""
            if png:
                doc.picture(png, width_mm=150, caption=block.caption)
    if document.closing_sentence:
        doc.paragraph(document.closing_sentence)
    doc.closing(document.recipients, document.signer_lines, document.signer_name)
    return doc.to_bytes()


def consolidated_docx(*, report) -> bytes:
    return write_docx(consolidated_document(report=report))
