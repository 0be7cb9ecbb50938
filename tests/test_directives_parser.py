"""The directive parser on the three real seeds (exact expectations) and on documents written
in other formats: other headings and numbering, a missing letter, CRLF + BOM, a Word file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from programs.directive_files import DirectiveReadError, read_directive_bytes
from programs.directive_parser import (
    ParsedDirective,
    parse_directive,
    parse_due,
    split_agencies,
    vietnamese_number,
)
from tests.factories_directives import docx_bytes

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "directives"


def seed(name: str):
    return parse_directive((SEEDS / name).read_text(encoding="utf-8"))


def refs(parsed):
    return [a.ref for a in parsed.assignments]


def by_ref(parsed, ref):
    return next(a for a in parsed.assignments if a.ref == ref)


# --- Bến Tre --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ben_tre():
    return seed("ben-tre-chi-thi-sxsh.md")


def test_ben_tre_header(ben_tre):
    doc = ben_tre.to_contract()["document"]
    assert doc["kind"] == "chi_thi"
    assert doc["title"] == (
        "Về việc triển khai thực hiện Chiến lược sản xuất sạch hơn trong công nghiệp "
        "đến năm 2020 trên địa bàn tỉnh Bến Tre"
    )
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh Bến Tre"
    # the seed has neither a number nor a date: both are reported, not invented
    assert doc["number"] is None and doc["signed_on"] is None
    assert ben_tre.signer_name == "Cao Văn Trọng"
    assert ben_tre.signer_title == "Phó chủ tịch"


def test_ben_tre_has_ten_agency_sections_and_one_for_a_named_set(ben_tre):
    sections = {a.ref.split(".")[0] for a in ben_tre.assignments if a.lead}
    assert sections == {str(n) for n in range(1, 11)}
    assert refs(ben_tre) == [
        *[f"1.{c}" for c in "abcdefgh"],
        *[f"2.{c}" for c in "abcd"],
        "3.a",
        "3.b",
        "4",
        "5",
        "6",
        "7",
        "8.a",
        "8.b",
        "9.a",
        "9.b",
        "10",
        "11",
    ]
    # item 11 ("Yêu cầu thủ trưởng các sở, ngành tỉnh: Công Thương, …") addresses a named set
    eleven = by_ref(ben_tre, "11")
    assert eleven.lead == [] and [g["kind"] for g in eleven.groups] == ["named"]
    assert "Công an tỉnh" in eleven.groups[0]["members"]
    assert not ben_tre.skipped


def test_ben_tre_reports_every_six_months_to_doit(ben_tre):
    assert ben_tre.reporting_frequency == "semiannual"
    assert ben_tre.report_to == "Sở Công Thương"


def test_ben_tre_effective_ten_days_after_signing(ben_tre):
    assert ben_tre.effective_days_after_signing == 10
    assert ben_tre.effective_on is None  # unknown signing date → a warning asks for it
    assert any("sau 10 ngày" in w for w in ben_tre.warnings)
    signed = "Bến Tre, ngày 05 tháng 3 năm 2012\n\n"
    text = signed + (SEEDS / "ben-tre-chi-thi-sxsh.md").read_text(encoding="utf-8")
    with_date = parse_directive(text)
    assert with_date.signed_on == dt.date(2012, 3, 5)
    assert with_date.effective_on == dt.date(2012, 3, 15)


def test_ben_tre_section_naming_two_agencies_assigns_both(ben_tre):
    assert by_ref(ben_tre, "6").lead == [
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Giáo dục và Đào tạo",
    ]
    assert by_ref(ben_tre, "8.a").lead == ["Đài Phát thanh và Truyền hình", "Báo Đồng Khởi"]
    assert by_ref(ben_tre, "8.b").lead == ["Đài Phát thanh và Truyền hình", "Báo Đồng Khởi"]
    assert by_ref(ben_tre, "8.b").coordinating == ["Sở Công Thương"]


def test_ben_tre_tasks_under_chi_dao_cac_phong_chuc_nang(ben_tre):
    for ref in ("9.a", "9.b"):
        task = by_ref(ben_tre, ref)
        assert task.lead == ["Ủy ban nhân dân các huyện, thành phố"]
        assert task.text.startswith("Chỉ đạo các phòng chức năng: ")
    assert "tập huấn sản xuất sạch hơn" in by_ref(ben_tre, "9.a").text


def test_ben_tre_section_without_letters_is_one_task_even_across_a_page_break(ben_tre):
    task = by_ref(ben_tre, "4")
    assert task.lead == ["Sở Tài chính"]
    assert task.text.endswith("đạt hiệu quả cao trên địa bàn tỉnh.")
    assert by_ref(ben_tre, "10").lead == ["Ủy ban Mặt trận và các các đoàn thể, hội, hiệp hội"]


def test_ben_tre_yearly_task_and_no_missing_letter_warning_for_skipped_d_with_stroke(ben_tre):
    assert by_ref(ben_tre, "1.h").recurrence == "yearly"
    assert by_ref(ben_tre, "1.h").due is None
    assert not any("thiếu điểm" in w for w in ben_tre.warnings)


# --- Long An --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_an():
    return seed("long-an-qd-86-2013.md")


def test_long_an_header_from_the_attached_programme(long_an):
    doc = long_an.to_contract()["document"]
    assert doc == {
        "kind": "quyet_dinh",
        "number": "86/QĐ-UBND",
        "title": (
            "Ban hành Chương trình hành động thực hiện Chiến lược sản xuất sạch hơn trong "
            "công nghiệp đến năm 2020 trên địa bàn tỉnh Long An"
        ),
        "issuer": "Ủy ban nhân dân tỉnh Long An",
        "signed_on": "2013-01-04",
        "effective_on": None,
        "reporting_frequency": "annual",
        "reporting_frequencies": ["annual"],
        "reporting_deadlines": [],
        "report_to": "UBND tỉnh",
    }
    assert long_an.basis_numbers == ["1419/QĐ-TTg"]
    assert long_an.legal_basis[0] == "Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003"
    assert long_an.period_end_year == 2020


def test_long_an_targets_for_2015_and_2020(long_an):
    got = [(t.by_year, t.value, t.unit) for t in long_an.targets]
    assert got == [
        (2015, "50", "%"),
        (2015, "25", "%"),
        (2015, "5-8", "%"),
        (2015, "70", "%"),
        (2020, "90", "%"),
        (2020, "50", "%"),
        (2020, "8-13", "%"),
        (2020, "100", "%"),
    ]
    saving = long_an.targets[2].indicator
    assert saving.startswith("tiết kiệm được mức tiêu thụ năng lượng")
    assert long_an.targets[1].indicator.endswith("tiến hành áp dụng sản xuất sạch hơn")


def test_long_an_task_table_nine_rows_with_deadlines(long_an):
    rows = [a for a in long_an.assignments if a.ref.startswith("DM.")]
    assert [(a.ref, a.recurrence or a.due) for a in rows] == [
        ("DM.1", "yearly"),
        ("DM.2", "yearly"),
        ("DM.3", "yearly"),
        ("DM.4", "2013-12-31"),
        ("DM.5", "2014-12-31"),
        ("DM.6", "yearly"),
        ("DM.7", "yearly"),
        ("DM.8", "yearly"),
        ("DM.9", "2015-12-31"),
    ]
    first = rows[0]
    assert first.lead == [
        "Sở Công Thương",
        "Sở Tài nguyên và Môi trường",
        "Sở Khoa học và công nghệ",
    ]
    assert first.coordinating == [
        "Sở Thông tin và Truyền thông",
        "Báo Long An",
        "Đài PT-TH Long An",
    ]
    assert rows[8].coordinating == ["Sở Nội vụ"]
    assert rows[3].due_text == "12/2013"
    # "Các sở, ngành liên quan" is not an agency
    assert rows[4].coordinating == []


def test_long_an_duplicate_seven_gets_its_own_ref_and_a_warning(long_an):
    assert [r for r in refs(long_an) if r.startswith("7")] == ["7.a", "7.b", "7.c", "7.d", "7(2)"]
    assert by_ref(long_an, "7(2)").lead == [
        "Sở Giáo dục và Đào tạo",
        "Sở Lao động - Thương binh và Xã hội",
    ]
    assert any("Số thứ tự 7 lặp lại" in w for w in long_an.warnings)


def test_long_an_implementation_items_written_as_sentences(long_an):
    assert by_ref(long_an, "3").lead == ["Sở Kế hoạch và Đầu tư"]
    assert by_ref(long_an, "6").lead == ["Đài Phát thanh và truyền hình Long An", "Báo Long An"]
    eight = by_ref(long_an, "8")
    assert eight.lead == ["Ban Quản lý Khu Kinh tế"] and eight.coordinating == ["Sở Công Thương"]
    assert by_ref(long_an, "Điều 2").lead == ["Sở Công Thương"]
    # the programme's own "III. NHIỆM VỤ" items name no agency: no tasks, no warnings
    assert not any(a.text.startswith("Tuyên truyền, giáo dục") for a in long_an.assignments[:1])
    # "10. Các cơ sở sản xuất công nghiệp …" is given to the enterprises
    assert by_ref(long_an, "10").groups == [
        {"kind": "enterprises", "text": "Các cơ sở sản xuất công nghiệp"}
    ]
    # "11. Ngoài các nhiệm vụ …, các Sở, ngành chức năng liên quan …" names nobody
    assert [(s.ref, s.first_words) for s in long_an.skipped] == [
        ("11", "Ngoài các nhiệm vụ được phân công trên đây, các…")
    ]
    assert (
        "Mục 11 (“Ngoài các nhiệm vụ được phân công trên đây, các…”): "
        "không nhận ra cơ quan được giao — bỏ qua." in long_an.warnings
    )


# --- An Giang -------------------------------------------------------------------------------


def test_an_giang_header_and_truncated_body():
    parsed = seed("an-giang-ct-11-2012.md")
    doc = parsed.to_contract()["document"]
    assert doc["number"] == "11/2012/CT-UBND"
    assert doc["signed_on"] == "2012-07-26"
    assert doc["kind"] == "chi_thi"
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh An Giang"
    assert doc["title"].startswith("Về việc áp dụng sản xuất sạch hơn trong các doanh nghiệp")
    assert refs(parsed) == ["1.a", "1.b", "1.c"]
    assert all(a.lead == ["Sở Công Thương"] for a in parsed.assignments)
    assert any("bị cắt cụt sau mục 1.c" in w for w in parsed.warnings)
    assert parsed.basis_numbers == ["1419/QĐ-TTg", "08/CT-BCN", "05/KH-UBND"]


def test_contract_is_exactly_the_documented_shape():
    data = json.loads(json.dumps(seed("long-an-qd-86-2013.md").to_contract()))
    assert data["version"] == 2
    assert set(data) == {"version", "document", "assignments", "targets", "skipped", "warnings"}
    assert set(data["document"]) == {
        "kind",
        "number",
        "title",
        "issuer",
        "signed_on",
        "effective_on",
        "reporting_frequency",
        "reporting_frequencies",
        "reporting_deadlines",
        "report_to",
    }
    assert all(
        set(a)
        == {
            "ref",
            "lead",
            "groups",
            "coordinating",
            "coordinating_groups",
            "text",
            "due",
            "recurrence",
            "due_text",
            "section",
        }
        for a in data["assignments"]
    )
    assert all(set(s) == {"ref", "first_words", "reason"} for s in data["skipped"])
    assert all(set(t) == {"indicator", "value", "unit", "by_year"} for t in data["targets"])


def test_to_dict_round_trips_and_rejects_a_bad_shape():
    parsed = seed("ben-tre-chi-thi-sxsh.md")
    again = ParsedDirective.from_dict(json.loads(json.dumps(parsed.to_dict())))
    assert again.to_contract() == parsed.to_contract()
    bad = parsed.to_dict() | {"kind": "bogus"}
    with pytest.raises(ValueError):
        ParsedDirective.from_dict(bad)


# --- other formats --------------------------------------------------------------------------


def test_plan_with_markdown_headings_slash_numbering_and_bullets():
    parsed = parse_directive((DATA / "ke-hoach-tinh-x.md").read_text(encoding="utf-8"))
    doc = parsed.to_contract()["document"]
    assert doc["kind"] == "ke_hoach"
    assert doc["number"] == "45/KH-UBND"
    assert doc["signed_on"] == "2014-03-05"
    assert doc["effective_on"] == "2014-03-05"  # "có hiệu lực kể từ ngày ký"
    assert doc["reporting_frequency"] == "annual"  # "định kỳ hằng năm báo cáo … về Sở Công Thương"
    assert doc["report_to"] == "Sở Công Thương"
    assert refs(parsed) == ["1.a", "1.b", "2", "3.a", "3.c"]
    assert by_ref(parsed, "1.a").due == "2014-06-30"  # "trước ngày 30/6/2014"
    assert by_ref(parsed, "2").lead == ["Sở Tài nguyên và Môi trường"]  # "Sở TN&MT"
    # a name with commas stays whole; the newspaper after it is a second agency
    assert by_ref(parsed, "3.a").lead == ["Sở Văn hóa, Thể thao và Du lịch", "Báo Hà Nam Ninh"]
    assert "Mục 3: thiếu điểm b) trước điểm c)." in parsed.warnings
    assert [(t.by_year, t.value) for t in parsed.targets] == [(2015, "40"), (2020, "80")]
    assert parsed.period_start_year == 2014 and parsed.period_end_year == 2020


def test_roman_numbered_parts_and_dieu_articles_with_crlf_and_bom():
    text = (
        "\ufeffỦY BAN NHÂN DÂN TỈNH ĐỒI CAO\r\n"
        "Số: 7/2019/CT-UBND\r\n"
        "Đồi Cao, ngày 02 tháng 10 năm 2019\r\n\r\n"
        "CHỈ THỊ\r\n"
        "Về tăng cường sản xuất sạch hơn\r\n\r\n"
        "I. NHIỆM VỤ CHUNG\r\n"
        "1. Đẩy mạnh áp dụng sản xuất sạch hơn.\r\n"
        "II. PHÂN CÔNG\r\n"
        "Điều 1. Ban Quản lý các khu công nghiệp:\r\n"
        "a) Kiểm tra các doanh nghiệp trong khu công nghiệp;\r\n"
        "đ) Vận động doanh nghiệp áp dụng.\r\n"
        "Điều 2. UBND các xã, phường phối hợp với Sở Công Thương tuyên truyền sản xuất sạch hơn.\r\n"
        "Chỉ thị có hiệu lực sau 15 ngày kể từ ngày ký./.\r\n"
    )
    parsed = parse_directive(text)
    assert parsed.number == "7/2019/CT-UBND"
    assert parsed.signed_on == dt.date(2019, 10, 2)
    assert parsed.effective_on == dt.date(2019, 10, 17)
    assert refs(parsed) == ["Điều 1.a", "Điều 1.đ", "Điều 2"]
    assert "Điều 1: thiếu điểm b, c, d) trước điểm đ)." in parsed.warnings
    last = by_ref(parsed, "Điều 2")
    assert last.lead == [] and last.groups == [{"kind": "communes", "text": "UBND các xã, phường"}]
    assert last.coordinating == ["Sở Công Thương"]
    # the "I." part without agencies gives no task
    assert not any("Đẩy mạnh" in a.text for a in parsed.assignments)


def test_markdown_pipe_table_and_semiannual_deadline():
    text = (
        "QUYẾT ĐỊNH\n\nVề kế hoạch sản xuất sạch hơn năm 2024\n\n"
        "| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |\n"
        "|---|---|---|---|---|\n"
        "| 1 | Tập huấn doanh nghiệp | Sở Công Thương | Hiệp hội Doanh nghiệp tỉnh | Định kỳ 6 tháng |\n"
        "| 2 | Xây dựng chính sách hỗ trợ | Sở Tài chính; Sở Công Thương | | Quý IV/2024 |\n"
    )
    parsed = parse_directive(text)
    assert [(a.ref, a.lead, a.coordinating, a.recurrence or a.due) for a in parsed.assignments] == [
        ("DM.1", ["Sở Công Thương"], ["Hiệp hội Doanh nghiệp tỉnh"], "semiannual"),
        ("DM.2", ["Sở Tài chính", "Sở Công Thương"], [], "2024-12-31"),
    ]
    assert parsed.number is None
    assert "Không tìm thấy số, ký hiệu văn bản." in parsed.warnings


def test_word_document_paragraphs_and_table():
    text = read_directive_bytes("chuong-trinh.docx", docx_bytes())
    parsed = parse_directive(text)
    doc = parsed.to_contract()["document"]
    assert doc["kind"] == "chuong_trinh"
    assert doc["number"] == "12/CTr-UBND"
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh Sông Xanh"
    assert doc["signed_on"] == "2016-01-15"
    assert doc["effective_on"] == "2016-01-30"  # "sau mười lăm ngày"
    assert doc["reporting_frequency"] == "semiannual"
    assert refs(parsed) == ["Điều 1.a", "Điều 1.b", "Điều 1.d", "Điều 2", "DM.1", "DM.2", "DM.3"]
    assert by_ref(parsed, "Điều 2").lead == [
        "Sở Nông nghiệp và Môi trường",
        "Đài Phát thanh và Truyền hình tỉnh",
    ]
    assert [
        by_ref(parsed, r).recurrence or by_ref(parsed, r).due for r in ("DM.1", "DM.2", "DM.3")
    ] == [
        "2016-06-30",
        "2017-12-31",
        "yearly",
    ]
    assert "Điều 1: thiếu điểm c) trước điểm d)." in parsed.warnings


def test_empty_or_meaningless_text_only_warns():
    parsed = parse_directive("")
    assert parsed.assignments == [] and parsed.warnings == ["Văn bản trống."]
    parsed = parse_directive("Xin chào, đây không phải văn bản chỉ đạo")
    assert "Không tìm thấy nhiệm vụ nào giao cho cơ quan, đơn vị." in parsed.warnings


# --- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words, number",
    [
        ("mười", 10),
        ("10", 10),
        ("mười lăm", 15),
        ("ba mươi", 30),
        ("bốn mươi lăm", 45),
        ("x", None),
    ],
)
def test_vietnamese_number_words(words, number):
    assert vietnamese_number(words) == number


@pytest.mark.parametrize(
    "text, due",
    [
        ("12/2013", "2013-12-31"),
        ("02/2016", "2016-02-29"),
        ("2015", "2015-12-31"),
        ("Năm 2015", "2015-12-31"),
        ("Thực hiện hàng năm", "yearly"),
        ("Hằng năm", "yearly"),
        ("6 tháng", "semiannual"),
        ("định kỳ 6 tháng", "semiannual"),
        ("Quý II/2014", "2014-06-30"),
        ("30/6/2014", "2014-06-30"),
        ("Thường xuyên", "yearly"),  # an ongoing task, reported on every year
        ("2026-2030", "yearly"),
        ("Tháng 6/2026", "2026-06-30"),
        ("6 tháng/lần", "semiannual"),
        ("6 tháng đầu năm 2026", "2026-06-30"),
        ("", None),
    ],
)
def test_deadlines(text, due):
    assert parse_due(text) == due


@pytest.mark.parametrize(
    "text, names",
    [
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        (
            "Sở Tài chính, Sở Văn hóa, Thể thao và Du lịch",
            ["Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch"],
        ),
        (
            "Đài Phát thanh và Truyền hình, Báo Đồng Khởi",
            ["Đài Phát thanh và Truyền hình", "Báo Đồng Khởi"],
        ),
        ("UBND tỉnh và Bộ Công Thương", ["UBND tỉnh", "Bộ Công Thương"]),
        ("Các Sở: Công Thương, Tài chính", ["Sở Công Thương", "Sở Tài chính"]),
        ("Ủy ban nhân dân các huyện, thành phố", ["Ủy ban nhân dân các huyện, thành phố"]),
        ("Các sở, ngành liên quan", []),
    ],
)
def test_split_agency_lists(text, names):
    assert split_agencies(text) == names


# --- reading files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("a.pdf", b"%PDF-1.4", "không được hỗ trợ"),
        ("a.txt", b"", "rỗng"),
        ("a.md", b"   \n\n", "rỗng"),
        ("a.txt", b"\x00\x01\x02binary\x00", "nhị phân"),
        ("a.txt", "Sở Công Thương".encode("cp1252", errors="replace") + b"\xe0\xe1", "UTF-8"),
        ("a.docx", b"not a zip at all", "không phải tệp Word"),
        ("a.txt", b"12345 ... 678", "không có nội dung"),
    ],
)
def test_unreadable_files_give_one_line_reasons(name, data, reason):
    with pytest.raises(DirectiveReadError) as exc:
        read_directive_bytes(name, data)
    assert reason in str(exc.value)
    assert "\n" not in str(exc.value)


def test_text_files_with_bom_and_utf16_are_read():
    assert read_directive_bytes("a.txt", "\ufeffCHỈ THỊ".encode()).lstrip("\ufeff") == "CHỈ THỊ"
    assert "CHỈ THỊ" in read_directive_bytes("a.txt", "CHỈ THỊ".encode("utf-16"))


def test_word_header_laid_out_as_a_table():
    from tests.factories_directives import docx_with_header_table_bytes

    parsed = parse_directive(read_directive_bytes("ct.docx", docx_with_header_table_bytes()))
    doc = parsed.to_contract()["document"]
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh Biển Đông"
    assert doc["number"] == "21/2015/CT-UBND"
    assert doc["signed_on"] == doc["effective_on"] == "2015-11-09"
    assert doc["title"] == "Về việc đẩy mạnh sản xuất sạch hơn"
    assert refs(parsed) == ["1.a", "1.b"]


def test_sections_introduced_by_doi_voi_and_de_nghi():
    parsed = parse_directive(
        "KẾ HOẠCH\n\nVề sản xuất sạch hơn năm 2025\n\n"
        "1) Đối với Sở Công Thương:\n\na. Tổ chức tập huấn.\n\nb. Hỗ trợ doanh nghiệp.\n\n"
        "2) Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp tuyên truyền.\n\n"
        "Kế hoạch có hiệu lực kể từ ngày ký./."
    )
    assert [(a.ref, a.lead) for a in parsed.assignments] == [
        ("1.a", ["Sở Công Thương"]),
        ("1.b", ["Sở Công Thương"]),
        ("2", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
    ]


# --- reading who is addressed, reporting, stamps ----------------------------------------------


@pytest.mark.parametrize(
    "text, leads, kinds",
    [
        ("Các doanh nghiệp sản xuất công nghiệp:", [], ["enterprises"]),
        (
            "Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các xã, phường có trách nhiệm:",
            [],
            ["departments", "communes"],
        ),
        ("Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành cấp tỉnh:", [], ["departments"]),
        ("Các sở, ban, ngành liên quan:", [], ["agencies"]),
        (
            "Các tổ chức, cá nhân hoạt động sản xuất trên địa bàn tỉnh có trách nhiệm chấp hành",
            [],
            ["organisations"],
        ),
        (
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức thành viên giám sát",
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"],
            ["mass_organisations"],
        ),
        ("Sở Tài chính và Ủy ban nhân dân các xã, phường:", ["Sở Tài chính"], ["communes"]),
        (
            "Báo và Phát thanh, Truyền hình thành phố, Sở Dân tộc và Tôn giáo:",
            ["Báo và Phát thanh, Truyền hình thành phố", "Sở Dân tộc và Tôn giáo"],
            [],
        ),
        ("Giao Thanh tra tỉnh chủ trì kiểm tra", ["Thanh tra tỉnh"], []),
        ("Giám đốc Sở Công Thương chỉ đạo", ["Sở Công Thương"], []),
        ("Sở KH&CN, SNNMT:", ["Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường"], []),
        ("Tổ chức tập huấn cho doanh nghiệp", [], []),
    ],
)
def test_who_a_heading_addresses(text, leads, kinds):
    from programs.directive_parser import read_addressees

    found = read_addressees(text)
    assert found.leads == leads
    assert [g["kind"] for g in found.groups] == kinds


@pytest.mark.parametrize(
    "text, names, kinds",
    [
        (
            "Phối hợp với Sở Khoa học và Công nghệ thúc đẩy việc hình thành các trung tâm",
            ["Sở Khoa học và Công nghệ"],
            [],
        ),
        (
            "chủ trì, phối hợp Sở Tài chính, Sở Xây dựng và các đơn vị có liên quan rà soát",
            ["Sở Tài chính", "Sở Xây dựng"],
            ["agencies"],
        ),
        ("Phối hợp với các sở, ngành xây dựng chương trình", [], ["departments"]),
        (
            "phối hợp với Sở Công Thương và các cơ sở sản xuất công nghiệp trên địa bàn",
            ["Sở Công Thương"],
            ["enterprises"],
        ),
    ],
)
def test_coordinating_agencies_and_groups(text, names, kinds):
    from programs.directive_parser import coordinating_in

    found, groups = coordinating_in(text)
    assert found == names and [g["kind"] for g in groups] == kinds


@pytest.mark.parametrize(
    "sentence, frequencies",
    [
        ("báo cáo kết quả về Sở Công Thương trước ngày 01/6 và 15/11 hằng năm", ["semiannual"]),
        ("báo cáo Ủy ban nhân dân tỉnh trước ngày 25/12 hằng năm", ["annual"]),
        ("định kỳ 6 tháng, năm báo cáo kết quả thực hiện", ["semiannual", "annual"]),
        ("định kỳ 6 tháng báo kết quả về Sở Công Thương", ["semiannual"]),
        ("báo cáo kết quả về Sở Công Thương trước ngày 30/6/2026", []),
        ("báo cáo sơ kết 6 tháng đầu năm 2026", []),
    ],
)
def test_reporting_frequency_from_words_and_dates(sentence, frequencies):
    from programs.directive_parser.document import reporting_frequencies

    assert reporting_frequencies(sentence) == frequencies


def test_incoming_stamp_is_neither_the_issuer_nor_the_number():
    parsed = parse_directive(
        "BỘ CÔNG THƯƠNG\nĐẾN\nSố: 1918\nNgày: 02/3/16\n\nỦY BAN NHÂN DÂN\nTỈNH BÌNH DƯƠNG\n\n"
        "Số: 05/2016/CT-UBND\n\nThủ Dầu Một, ngày 19 tháng 02 năm 2016\n\nCHỈ THỊ\n"
        "Về sản xuất sạch hơn\n\n1. Sở Công Thương tổ chức tập huấn.\n\n"
        "Chỉ thị này có hiệu lực kể từ ngày ký./."
    )
    assert parsed.issuer == "Ủy ban nhân dân tỉnh Bình Dương"
    assert parsed.number == "05/2016/CT-UBND"
    assert parsed.signed_on == dt.date(2016, 2, 19)
    assert parsed.kind == "chi_thi" and parsed.title == "Về sản xuất sạch hơn"


def test_text_pasted_from_word_reads_as_the_same_text_with_blank_lines():
    """Word paste has one paragraph per line and no blank lines: a heading line, the title
    under the kind and the first paragraph must not run together."""
    from pathlib import Path

    path = Path(__file__).parent / "data" / "directives" / "corpus" / "ct-can-tho-dan-tu-word.txt"
    pasted = path.read_text(encoding="utf-8")
    spaced = "\n\n".join(pasted.splitlines())
    one, two = parse_directive(pasted).to_contract(), parse_directive(spaced).to_contract()
    assert one["document"] == two["document"]
    assert one["assignments"] == two["assignments"]
    assert one["document"]["issuer"] == "Ủy ban nhân dân thành phố Cần Thơ"
    assert one["document"]["title"].startswith("Về việc đẩy mạnh áp dụng sản xuất sạch hơn")
    three = next(a for a in one["assignments"] if a["ref"] == "3")
    assert three["lead"][-1] == "Ban Quản lý các khu chế xuất và công nghiệp thành phố"
    assert three["text"].startswith("Theo chức năng, nhiệm vụ được giao")


def test_targets_numbered_under_a_part_of_their_own_and_a_labelled_time_cell():
    text = (
        "KẾ HOẠCH\nThực hiện sản xuất sạch hơn\nII. MỤC TIÊU\n"
        "1. Đến năm 2030, 90% cơ sở sản xuất công nghiệp được phổ biến về sản xuất sạch hơn.\n"
        "2. Mục tiêu chung là nâng cao hiệu quả.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Công Thương\n"
        "- Tập huấn cho doanh nghiệp; thời gian thực hiện: Thường xuyên.\n"
        "- Khảo sát các cơ sở; thời hạn hoàn thành: Quý III/2026.\n"
    )
    parsed = parse_directive(text)
    [target] = parsed.targets
    assert (target.value, target.unit, target.by_year) == ("90", "%", 2030)
    assert target.indicator.startswith("cơ sở sản xuất công nghiệp được phổ biến")
    first, second = parsed.assignments
    assert (first.recurrence, first.due) == ("yearly", None)
    assert (second.recurrence, second.due) == (None, "2026-09-30")
