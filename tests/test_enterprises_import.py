"""The bulk loader: all or nothing, every bad row reported with its row number and column."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command

from enterprises.importing.template import build_template
from enterprises.importing.writing import enterprises_import, import_with_import_export
from enterprises.models import Enterprise
from enterprises.reference import reference_data_load
from tests import zipcraft
from tests.factories_enterprises import EnterpriseFactory, valid_tax_code

HEADERS = [
    "Mã số thuế",
    "Tên cơ sở",
    "Mã ngành VSIC",
    "Địa chỉ",
    "Xã/phường",
    "Khu/cụm công nghiệp",
    "Số lao động",
    "Doanh thu (triệu đồng)",
    "Có tiềm năng SXSH",
]


@pytest.fixture
def reference(db):
    return reference_data_load()


def xlsx(rows, headers=HEADERS, *, title_rows=0) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["DANH SÁCH CƠ SỞ SẢN XUẤT CÔNG NGHIỆP"])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good_row(n: int, **over):
    row = [
        valid_tax_code(n),
        f"Công ty TNHH Xay xát Lúa gạo Số {n}",
        "1061",
        "Quốc lộ 91",
        "Phường Bình Đức",
        "Cụm công nghiệp Bình Đức",
        45,
        "12.500",
        "Có",
    ]
    for index, value in over.items():
        row[int(index[1:])] = value
    return row


def test_happy_path_creates_every_row_with_derived_fields(reference, doit):
    data = xlsx([good_row(1), good_row(2), good_row(3)])
    result = enterprises_import(file=data, actor=doit, dry_run=False)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (3, 0)
    e = Enterprise.objects.get(tax_code=valid_tax_code(2))
    assert e.locality.name == "Bình Đức"
    assert e.zone.name == "Cụm công nghiệp Bình Đức"
    assert e.revenue_million_vnd == 12500
    assert e.size_class == "small"
    assert e.has_sxsh_potential is True
    assert "cong ty tnhh xay xat lua gao" in e.search_text
    assert e.history.first().history_user == doit


def test_dry_run_counts_without_saving(reference, doit):
    result = enterprises_import(file=xlsx([good_row(1), good_row(2)]), actor=doit, dry_run=True)
    assert result.ok and result.created == 2
    assert Enterprise.objects.count() == 0


def test_update_path_matches_by_tax_code_and_keeps_blank_cells(reference, doit):
    existing = EnterpriseFactory(tax_code=valid_tax_code(7), name="Tên cũ", contact_name="Chị Mai")
    headers = HEADERS + ["Người liên hệ"]
    rows = [good_row(7) + [None], good_row(8) + ["Anh Tâm"]]
    result = enterprises_import(file=xlsx(rows, headers), actor=doit, dry_run=False)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (1, 1)
    existing.refresh_from_db()
    assert existing.name == "Công ty TNHH Xay xát Lúa gạo Số 7"
    assert existing.contact_name == "Chị Mai"  # blank cell keeps the old value
    latest = existing.history.first()  # the bulk update still writes a history row
    assert (latest.history_type, latest.history_user) == ("~", doit)
    assert existing.history.count() == 2


def test_headers_are_recognised_without_accents_or_case_and_below_a_title(reference, doit):
    headers = ["MA SO THUE", "ten co so", "mã ngành vsic", "XÃ / PHƯỜNG", "so lao dong"]
    rows = [[valid_tax_code(1), "Cơ sở A", "C1020", "long xuyen", 5]]
    result = enterprises_import(file=xlsx(rows, headers, title_rows=2), actor=doit, dry_run=False)
    assert result.ok, result.errors
    e = Enterprise.objects.get()
    assert (e.vsic.code, e.locality.name) == ("1020", "Long Xuyên")


BAD_CASES = {
    "bad tax code": ({"c0": "0100233489"}, "Mã số thuế", "chữ số kiểm tra"),
    "unknown VSIC": ({"c2": "9999"}, "Mã ngành VSIC", "không có trong danh mục"),
    "unknown locality": ({"c4": "Phường Không Có"}, "Xã/phường", "Không tìm thấy"),
    "unknown zone": ({"c5": "KCN Sao Hỏa"}, "Khu/cụm công nghiệp", "Không tìm thấy"),
    "unparseable number": ({"c7": "mười tỷ"}, "Doanh thu (triệu đồng)", "không phải là số"),
    "negative employees": ({"c6": -3}, "Số lao động", "số nguyên không âm"),
    "missing name": ({"c1": None}, "Tên cơ sở", "Thiếu giá trị bắt buộc"),
    "bad yes/no": ({"c8": "có lẽ"}, "Có tiềm năng SXSH", "Có"),
}


@pytest.mark.parametrize("case", BAD_CASES)
def test_one_bad_row_saves_nothing_and_names_row_and_column(reference, doit, case):
    over, column, fragment = BAD_CASES[case]
    before = Enterprise.objects.count()
    rows = [good_row(1), good_row(2), good_row(3, **over)]
    result = enterprises_import(file=xlsx(rows), actor=doit, dry_run=False)
    assert not result.ok
    assert Enterprise.objects.count() == before
    [error] = result.errors
    assert error.row == 4  # header on row 1, the third data row is spreadsheet row 4
    assert error.column == column
    assert fragment in error.message
    assert str(error).startswith("Dòng 4, cột")


def test_every_bad_row_is_reported_not_just_the_first(reference, doit):
    rows = [good_row(1, c0="123"), good_row(2), good_row(3, c2="ABC"), good_row(4, c7="x")]
    result = enterprises_import(file=xlsx(rows), actor=doit, dry_run=False)
    assert [e.row for e in result.errors] == [2, 4, 5]
    assert Enterprise.objects.count() == 0


def test_duplicate_tax_code_within_file_is_an_error(reference, doit):
    rows = [good_row(1), good_row(2), good_row(1)]
    result = enterprises_import(file=xlsx(rows), actor=doit, dry_run=False)
    [error] = result.errors
    assert error.row == 4 and "trùng với dòng 2" in error.message
    assert Enterprise.objects.count() == 0


@pytest.mark.parametrize(
    "payload, fragment",
    [
        (b"%PDF-1.7 not a spreadsheet\x00\x01", "không phải bảng tính"),
        (b"", "Tệp rỗng"),
        ("Họ tên,Tuổi\nAn,3\n".encode(), "Không tìm thấy dòng tiêu đề"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        ("Mã số thuế;Tên cơ sở\n".encode(), "không có dòng dữ liệu"),
        (b"PK\x03\x04garbage", "không phải bảng tính"),
    ],
    ids=["pdf", "empty", "no-header", "xls", "header-only", "broken-zip"],
)
def test_unusable_files_get_one_clear_message(reference, doit, payload, fragment):
    result = enterprises_import(file=payload, actor=doit, dry_run=False)
    assert fragment in result.file_error
    assert result.errors == []
    assert Enterprise.objects.count() == 0


def test_zip_bomb_is_refused_before_it_is_inflated(reference, doit):
    result = enterprises_import(file=zipcraft.xlsx_bomb(300), actor=doit, dry_run=False)
    assert "giải nén bất thường" in result.file_error
    assert Enterprise.objects.count() == 0


def test_a_formula_cell_is_named_as_a_formula_not_as_a_missing_value(reference, doit):
    # openpyxl writes the formula without a cached result, as scripts and some tools do
    data = xlsx([good_row(1, c1='=CONCAT("Công ty ", "Số 1")'), good_row(2, c6="=40+5")])
    result = enterprises_import(file=data, actor=doit, dry_run=False)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Tên cơ sở"), (3, "Số lao động")]
    assert "công thức “=CONCAT(" in result.errors[0].message
    assert "Paste Special" in result.errors[1].message
    assert not any("Thiếu giá trị" in e.message for e in result.errors)
    assert Enterprise.objects.count() == 0


def test_the_admin_path_names_formulas_too(reference, doit):
    data = xlsx([good_row(1, c1="=A2")])
    result = import_with_import_export(file=data, actor=doit, dry_run=False)
    [error] = result.errors
    assert error.column == "Tên cơ sở" and "công thức" in error.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1258"])
def test_a_csv_not_in_utf8_gets_the_save_as_utf8_message(reference, doit, encoding):
    # only letters cp1258 has precomposed (it writes most tone marks as combining bytes)
    text = f"MST;Tên\n{valid_tax_code(1)};Công ty Đông Á\n"
    result = enterprises_import(file=text.encode(encoding), actor=doit, dry_run=False)
    assert "UTF-8" in result.file_error and "CSV UTF-8" in result.file_error
    assert Enterprise.objects.count() == 0


def test_the_apostrophe_our_csv_export_adds_is_taken_off_again(reference, doit):
    text = (
        "Mã số thuế;Tên cơ sở;Điện thoại;Người liên hệ\n"
        f"{valid_tax_code(1)};'=1+1 Công ty;'+84 296 3850 123;'Bác Ba\n"
        f"{valid_tax_code(2)};Công ty ＠Số 2;'－12;'＋Út\n"
    )
    result = enterprises_import(file=text.encode(), actor=doit, dry_run=False)
    assert result.ok, result.errors
    one = Enterprise.objects.get(tax_code=valid_tax_code(1))
    assert (one.name, one.contact_phone) == ("=1+1 Công ty", "+84 296 3850 123")
    assert one.contact_name == "'Bác Ba"  # the user's own apostrophe, before a letter, stays
    two = Enterprise.objects.get(tax_code=valid_tax_code(2))
    assert (two.name, two.contact_phone, two.contact_name) == ("Công ty ＠Số 2", "－12", "＋Út")


def test_a_csv_with_an_archive_glued_on_is_refused(reference, doit):
    text = f"Mã số thuế;Tên cơ sở\n{valid_tax_code(1)};Công ty A\n".encode()
    result = enterprises_import(file=text + xlsx([good_row(1)]), actor=doit, dry_run=False)
    assert "đa định dạng" in result.file_error
    assert Enterprise.objects.count() == 0


def test_oversized_file_is_refused(reference, doit, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    result = enterprises_import(file=b"a" * 2048, actor=doit, dry_run=False)
    assert "Tệp quá lớn" in result.file_error


def test_csv_with_bom_and_semicolons_is_read(reference, doit):
    text = (
        "\ufeffMã số thuế;Tên cơ sở;Doanh thu (triệu đồng)\n"
        + f"{valid_tax_code(1)};Cơ sở B;1.234,5\n"
    )
    result = enterprises_import(file=text.encode("utf-8"), actor=doit, dry_run=False)
    assert result.ok, result.errors
    assert Enterprise.objects.get().revenue_million_vnd == pytest.approx(1234.5)


def test_template_has_the_vietnamese_headers_and_imports_cleanly(reference, doit):
    wb = openpyxl.load_workbook(io.BytesIO(build_template()))
    headers = [c.value for c in wb.active[1]]
    for header in HEADERS:
        assert header in headers
    result = enterprises_import(file=build_template(), actor=doit, dry_run=True)
    assert result.ok, result.errors
    assert result.created == 1


def test_import_export_path_is_also_all_or_nothing(reference, doit):
    good = import_with_import_export(file=xlsx([good_row(1), good_row(2)]), actor=doit)
    assert good.ok and good.created == 2
    assert Enterprise.objects.count() == 2
    bad = import_with_import_export(
        file=xlsx([good_row(3), good_row(4, c0="999"), good_row(1)]), actor=doit
    )
    assert not bad.ok and [e.row for e in bad.errors] == [3]
    assert Enterprise.objects.count() == 2


def test_command_prints_counts_and_exits_zero(reference, doit, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([good_row(1), good_row(2)]))
    call_command("import_enterprises", str(path))
    out = capsys.readouterr().out
    assert "Tạo mới: 2" in out
    assert Enterprise.objects.count() == 2


def test_command_dry_run_saves_nothing(reference, tmp_path, capsys):
    path = tmp_path / "ds.csv"
    path.write_text(f"Mã số thuế,Tên cơ sở\n{valid_tax_code(1)},Cơ sở C\n", encoding="utf-8")
    call_command("import_enterprises", str(path), "--dry-run")
    assert "Tạo mới: 1" in capsys.readouterr().out
    assert Enterprise.objects.count() == 0


def test_command_exits_non_zero_listing_each_bad_row(reference, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([good_row(1), good_row(2, c0="12"), good_row(3, c2="0000")]))
    with pytest.raises(SystemExit) as exc:
        call_command("import_enterprises", str(path))
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "Dòng 3, cột “Mã số thuế”" in err
    assert "Dòng 4, cột “Mã ngành VSIC”" in err
    assert Enterprise.objects.count() == 0
