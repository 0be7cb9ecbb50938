"""The document's own fields: kind, number, issuer, signing and effective dates, title, signer,
legal basis, reporting frequency and the period it covers."""

from __future__ import annotations

import datetime as dt
import re

from programs.directive_parser.addressees import split_agencies
from programs.directive_parser.agencies import CAPS_HEADS, is_agency_name, smart_case
from programs.directive_parser.context import ParseContext
from programs.directive_parser.dates import find_date, vietnamese_number, yearless_dates
from programs.directive_parser.numbering import UPPER, starts_marker

KIND_LINES = [
    (re.compile(r"^CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?\b"), "chuong_trinh"),
    (re.compile(r"^CHỈ THỊ\b"), "chi_thi"),
    (re.compile(r"^QUYẾT ĐỊNH\b"), "quyet_dinh"),
    (re.compile(r"^KẾ HOẠCH\b"), "ke_hoach"),
]
KIND_FROM_SYMBOL = [
    (re.compile(r"/CT-", re.I), "chi_thi"),
    (re.compile(r"/QĐ-", re.I), "quyet_dinh"),
    (re.compile(r"/KH-", re.I), "ke_hoach"),
    (re.compile(r"/(CTr|CTHĐ|CT-HĐ)-", re.I), "chuong_trinh"),
]


def is_basis(unit: str) -> bool:
    """ "Căn cứ …", or "Thực hiện Quyết định số …" (a title may also begin "Thực hiện …")."""
    if unit.startswith("Căn cứ"):
        return True
    return unit.startswith("Thực hiện") and bool(re.search(r"\bsố\s*:?\s*\d", unit))


_SEMIANNUAL_REPORT = re.compile(
    r"(?:định kỳ|mỗi|hàng|hằng)\s*(?:6|sáu) tháng|(?:6|sáu) tháng\s*(?:một lần|/\s*lần|,|và|\))"
    r"|hai lần (?:mỗi|một) năm|nửa năm một lần"
)
_ANNUAL_REPORT = re.compile(
    r"định kỳ (?:hàng|hằng|mỗi) năm|(?:hàng|hằng) năm,? (?:gửi )?báo|báo cáo (?:hàng|hằng) năm"
    r"|(?:6|sáu) tháng\s*(?:,|và)\s*(?:cả\s+|hằng\s+|hàng\s+)?năm"
)


def reporting_frequencies(sentence: str) -> list[str]:
    """How often a sentence about reporting asks for reports, most frequent first.

    "định kỳ 6 tháng" → semiannual; "định kỳ 6 tháng, năm" → semiannual and annual; report
    dates without a year: two ("trước ngày 01/6 và 15/11 hằng năm") → semiannual, one with
    "hằng năm" → annual. A one-off deadline ("trước ngày 30/6/2026") is no regime.
    """
    low = sentence.lower()
    dates = yearless_dates(sentence)
    found = []
    if _SEMIANNUAL_REPORT.search(low) or len(dates) >= 2:
        found.append("semiannual")
    if _ANNUAL_REPORT.search(low) or (len(dates) == 1 and re.search(r"(?:hàng|hằng) năm", low)):
        found.append("annual")
    return found


def _stamp(units: list[str]) -> set[int]:
    """Units of an incoming-document stamp ("BỘ CÔNG THƯƠNG / ĐẾN / Số: 1918 / Ngày: 02/3/16"):
    the receiver's name and number, neither the issuer nor the document's number."""
    found: set[int] = set()
    for i, unit in enumerate(units):
        if not re.search(r"(?:^|\s)(?:CÔNG VĂN |VĂN BẢN )?ĐẾN$", unit):
            continue
        found.add(i)
        if re.fullmatch(r"(?:CÔNG VĂN |VĂN BẢN )?ĐẾN", unit) and i and units[i - 1].isupper():
            found.add(i - 1)
        for j in range(i + 1, min(i + 5, len(units))):
            if (
                re.match(r"^(?:Số|Ngày|Giờ|Chuyển|Lưu hồ sơ)\b", units[j])
                and "/" not in (units[j].split("Ngày")[0])
            ):
                found.add(j)
            else:
                break
    return found


_PLACE_LINE = re.compile(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|ĐẶC KHU)\s+\S")


def _left_cell(unit: str) -> str:
    """A Word header is a two-column table: the issuer is the left cell."""
    return re.sub(r"\s*(CỘNG HÒA|CỘNG HOÀ).*$", "", unit.split("\t")[0]).strip()


def read_header(ctx: ParseContext) -> int:
    """Kind, number, date, issuer, title; returns the index of the first unit after it."""
    r = ctx.result
    kind_idx = None
    for i, unit in enumerate(ctx.units[:60]):
        # the kind in capitals, alone or with the title run on ("QUYẾT ĐỊNH Ban hành …")
        for pattern, kind in KIND_LINES:
            if pattern.match(unit):
                kind_idx, r.kind = i, kind
                break
        if kind_idx is not None:
            break
    limit = kind_idx if kind_idx is not None else min(len(ctx.units), 12)
    stamp = _stamp(ctx.units[:limit])
    for i, unit in enumerate(ctx.units[:limit]):
        if i in stamp:
            continue
        m = re.match(r"^Số\s*[:.]?\s*(.*)$", unit)
        if m and r.number is None:
            number = re.sub(r"\s*/\s*", "/", m.group(1)).strip(" .")
            if re.match(r"^\d", number):
                r.number = number.split()[0]
            else:
                ctx.warn("Dòng “Số:” chưa có số văn bản.")
        m = re.match(r"^([^,]{2,40}),\s*ngày\b(.*)$", unit)
        if m and r.signed_on is None:
            r.signed_on = find_date("ngày" + m.group(2))
            if r.signed_on is None:
                ctx.warn(f"Không đọc được ngày ký: “{unit}”.")
    for i, unit in enumerate(ctx.units[:limit]):
        if i in stamp:
            continue
        unit = _left_cell(unit)
        if (
            unit == unit.upper()
            and len(unit) > 5
            and not re.match(r"^(ĐỘC LẬP|SỐ)", unit)
            and unit.startswith(CAPS_HEADS)
        ):
            # "ỦY BAN NHÂN DÂN" and "TỈNH BẾN TRE" as two paragraphs (or two rows of the
            # header table) are one issuer
            after = _left_cell(ctx.units[i + 1]) if i + 1 < limit and i + 1 not in stamp else ""
            if _PLACE_LINE.match(after) and after == after.upper():
                unit = f"{unit} {after}"
            r.issuer = smart_case(unit)
            break
    start = 0
    if kind_idx is not None:
        line = ctx.units[kind_idx]
        rest = re.sub(r"^[A-ZĐ ỀỈỊẾỐỬẤẠ]+?(?=\s+[A-ZĐ]?[a-zđà-ỹ])", "", line).strip(" :")
        start = kind_idx + 1
        if rest and rest != line and len(rest) > 10:
            r.title = rest
        else:
            for j in range(kind_idx + 1, min(kind_idx + 4, len(ctx.units))):
                cand = ctx.units[j]
                if is_basis(cand) or starts_marker(cand):
                    break
                if cand == cand.upper() and is_agency_name(cand.title()):
                    continue
                r.title = cand.strip(" .")[:1000]
                start = j + 1
                break
    else:
        ctx.warn("Không nhận ra loại văn bản (CHỈ THỊ, QUYẾT ĐỊNH, KẾ HOẠCH…).")
    if r.title is None:
        ctx.warn("Không tìm thấy trích yếu (tên) của văn bản.")
    return start


def read_attached_to(ctx: ParseContext):
    """ "(Ban hành kèm theo Quyết định số 86 /QĐ-UBND ngày 04 tháng 01 năm 2013 của UBND tỉnh
    Long An)" gives the number, date and issuer when the header has none."""
    r = ctx.result
    for unit in ctx.units:
        m = re.search(r"kèm theo\s+(?:\w+\s+){0,3}?số\s*:?\s*([\w ]*\d[\w]*\s*/\s*[^\s,)]+)", unit)
        if not m:
            continue
        if r.number is None:
            r.number = re.sub(r"\s*/\s*", "/", m.group(1)).strip()
        if r.signed_on is None:
            r.signed_on = find_date(unit[m.end() :])
        iss = re.search(r"\bcủa\s+((?:UBND|Ủy ban nhân dân)[^)]*)", unit)
        if iss:
            ctx.attached_issuer = iss.group(1).strip(" .)")
        return


def fill_issuer(ctx: ParseContext, body_start: int):
    r = ctx.result
    if r.issuer:
        return
    for unit in ctx.units[body_start:]:
        if is_basis(unit) or starts_marker(unit):
            break
        if unit == unit.upper() and unit.startswith(("ỦY BAN", "UBND", "BỘ", "SỞ", "THỦ TƯỚNG")):
            r.issuer = smart_case(unit)
            return
    for unit in ctx.units:
        m = re.match(r"^TM\.\s*(.+?)(?:\s+(?:KT\.|CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|BỘ TRƯỞNG).*)?$", unit)
        if m:
            issuer = m.group(1).strip()
            if re.search(r"(TỈNH|THÀNH PHỐ)$", issuer) and r.title:
                where = re.search(
                    r"\b(tỉnh|thành phố)\s+([" + UPPER + r"]\w*(?:\s+[" + UPPER + r"]\w*)*)",
                    r.title,
                )
                if where:
                    issuer = f"{issuer} {where.group(2).upper()}"
            r.issuer = smart_case(issuer)
            return
    if ctx.attached_issuer:
        r.issuer = ctx.attached_issuer
        return
    ctx.warn("Không xác định được cơ quan ban hành.")


# -- whole-text facts ---------------------------------------------------------------------


def read_facts(ctx: ParseContext):
    r = ctx.result
    full = "\n".join(ctx.units)
    # signer: the role in the first signature block and the name under it
    for i, unit in enumerate(ctx.units):
        if not re.match(r"^(TM\.|KT\.)", unit):
            continue
        block = []
        for nxt in ctx.units[i:]:
            if nxt == nxt.upper():
                block.append(nxt)
                continue
            if len(nxt) < 50 and not starts_marker(nxt) and "\t" not in nxt:
                r.signer_name = nxt.strip()
            break
        roles = re.findall(
            r"(PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ THỦ TƯỚNG|THỦ TƯỚNG|"
            r"THỨ TRƯỞNG|BỘ TRƯỞNG|PHÓ TRƯỞNG BAN|TRƯỞNG BAN)",
            " ".join(block),
        )
        if roles:
            r.signer_title = roles[-1].capitalize()
        break
    # legal basis
    for unit in ctx.units:
        if is_basis(unit) or unit.startswith("Theo đề nghị"):
            if unit.startswith("Căn cứ"):
                r.legal_basis.append(unit.strip(" ;,."))
            for m in re.finditer(
                r"\b(?:Quyết định|Chỉ thị|Nghị định|Kế hoạch|Thông tư|Nghị quyết|Luật)\s+"
                r"(?:hành động\s+)?số\s+(\d+\s*/\s*[\w/\-Đđ]+)",
                unit,
            ):
                number = re.sub(r"\s*/\s*", "/", m.group(1))
                if number not in r.basis_numbers and number != r.number:
                    r.basis_numbers.append(number)
            if unit.startswith("Thực hiện") and not r.legal_basis:
                r.legal_basis.append(unit.split(". ")[0].strip(" ;,."))
    # effective date
    m = re.search(
        r"có hiệu lực(?: thi hành)?(?: kể)? (?:sau|từ sau)\s+([\wà-ỹ ]{1,20}?)\s+ngày,?\s*"
        r"(?:kể\s+)?từ ngày ký",
        full,
        re.I,
    )
    if m:
        days = vietnamese_number(m.group(1))
        if days is None:
            ctx.warn(f"Không đọc được số ngày có hiệu lực: “{m.group(0)}”.")
        else:
            r.effective_days_after_signing = days
    elif re.search(r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày ký", full, re.I):
        r.effective_days_after_signing = 0
    else:
        m = re.search(r"có hiệu lực(?: thi hành)?(?: kể)? từ\s+(ngày[^.;]*)", full, re.I)
        if m:
            r.effective_on = find_date(m.group(1))
    if r.effective_days_after_signing is not None:
        if r.signed_on:
            r.effective_on = r.signed_on + dt.timedelta(days=r.effective_days_after_signing)
        else:
            ctx.warn(
                f"Văn bản có hiệu lực sau {r.effective_days_after_signing} ngày kể từ ngày ký "
                "nhưng không có ngày ký: hãy nhập ngày ký."
            )
    # reporting: every frequency any sentence about reports names; where reports go and
    # the yearly report dates from the first sentences that say so
    found: set[str] = set()
    for sentence in re.split(r"(?<=[.;])\s+|\n", full):
        low = sentence.lower()
        if not re.search(r"báo cáo|báo kết quả|gửi báo cáo", low):
            continue
        freqs = reporting_frequencies(sentence)
        if not freqs:
            continue
        found |= set(freqs)
        if not r.reporting_deadlines:
            r.reporting_deadlines = yearless_dates(sentence)
        to = re.search(r"\bvề\s+(.+?)(?:\s+(?:để|trước|theo|trước ngày)\b|[.;,]|$)", sentence)
        if to and r.report_to is None:
            names = split_agencies(to.group(1))
            if names:
                r.report_to = names[0]
    r.reporting_frequencies = [f for f in ("semiannual", "annual") if f in found]
    r.reporting_frequency = r.reporting_frequencies[0] if found else None
    # period
    m = re.search(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", r.title or "", re.I)
    if m:
        r.period_start_year, r.period_end_year = int(m.group(1)), int(m.group(2))
    else:
        m = re.search(r"đến năm\s+(\d{4})", r.title or "")
        if m:
            r.period_end_year = int(m.group(1))
