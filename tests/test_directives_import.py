"""Saving a parsed directive: agency matching, tasks, targets, corrections, one transaction;
the ``import_directive`` command; the demo seed."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.models import Agency, AgencyAlias
from assignments.directives.importing import directive_import, guess_task_category
from assignments.models import AssigneeGroup, Task
from programs.agency_matching import AgencyMatcher, guess_agency_kind
from programs.directive_parser import parse_directive
from programs.models import Indicator, LegalDocument, Target
from tests.factories import AgencyFactory
from tests.factories_directives import read_seed

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "programs_national_strategy.json"


@pytest.fixture
def strategy(db):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    return LegalDocument.objects.get(number="1419/QĐ-TTg")


@pytest.fixture
def former_tnmt(agency_a):
    """Merged into agency A (Sở Nông nghiệp và Môi trường) on 1/7/2025."""
    old = AgencyFactory(
        name="Sở Tài nguyên và Môi trường",
        active_until=dt.date(2025, 6, 30),
        successor=agency_a,
    )
    AgencyAlias.objects.create(agency=old, alias="Sở TN&MT")
    return old


# --- matching -------------------------------------------------------------------------------


def test_matching_ignores_accents_and_case(doit_agency):
    matcher = AgencyMatcher()
    for written in ("Sở Công Thương", "SỞ CÔNG THƯƠNG", "so cong thuong", "Sở Công thương"):
        match = matcher.match(written)
        assert match.agency == doit_agency and match.via == "name"


def test_matching_through_an_admin_alias(doit_agency):
    AgencyAlias.objects.create(agency=doit_agency, alias="Sở CT")
    match = AgencyMatcher().match("sở ct")
    assert match.agency == doit_agency and match.via == "alias"


def test_matching_a_known_name_followed_by_the_province(agency_b):
    match = AgencyMatcher().match("Đài Phát thanh và Truyền hình tỉnh Long An")
    assert match.agency == agency_b and match.via == "prefix"


def test_en_dash_and_hyphen_match_the_same_agency(db):
    labour = AgencyFactory(name="Sở Lao động - Thương binh và Xã hội")
    assert AgencyMatcher().match("Sở Lao động – Thương binh và Xã hội").agency == labour


def test_unknown_name_is_proposed_as_new_with_a_guessed_kind(db):
    match = AgencyMatcher().match("Báo Đồng Khởi")
    assert match.is_new and match.proposed_kind == "media"


@pytest.mark.parametrize(
    "name, kind",
    [
        ("Ủy ban nhân dân các huyện, thành phố", "district_committee"),
        ("UBND xã Bình Hòa", "commune_committee"),
        ("UBND tỉnh", "province_committee"),
        ("Công an tỉnh", "police"),
        ("Ủy ban Mặt trận Tổ quốc tỉnh", "mass_organisation"),
        ("Hiệp hội Doanh nghiệp tỉnh", "association"),
        ("Ban Quản lý Khu Kinh tế", "board"),
        ("Bộ Công Thương", "ministry"),
        ("Sở Nội vụ", "department"),
        ("Các trường đại học", "other"),
    ],
)
def test_kind_guessed_from_the_name(name, kind):
    assert guess_agency_kind(name) == kind


def test_dissolved_agency_matches_by_old_name_but_its_successor_takes_the_task(
    former_tnmt, agency_a, admin_user
):
    match = AgencyMatcher().match("Sở TN&MT")
    assert match.agency == former_tnmt and match.assigned == agency_a
    parsed = parse_directive(
        "CHỈ THỊ\n\nVề sản xuất sạch hơn\n\n1. Sở Tài nguyên và Môi trường:\n\n"
        "Lồng ghép tuyên truyền sản xuất sạch hơn.\n\nChỉ thị có hiệu lực kể từ ngày ký./."
    )
    outcome = directive_import(parsed=parsed, actor=admin_user)
    task = Task.objects.get(document=outcome.document)
    assert task.lead_agency == agency_a
    assert task.section_title == "1. Sở Tài nguyên và Môi trường"  # the written name is kept
    assert outcome.agencies_created == []


# --- the service ----------------------------------------------------------------------------


@pytest.fixture
def ben_tre_agencies(doit_agency, agency_a, agency_b, former_tnmt):
    for name in (
        "Sở Khoa học và Công nghệ",
        "Sở Tài chính",
        "Công an tỉnh",
        "Sở Giáo dục và Đào tạo",
        "Ban Quản lý các khu công nghiệp",
    ):
        AgencyFactory(name=name)
    AgencyFactory(
        name="Sở Lao động - Thương binh và Xã hội",
        active_until=dt.date(2025, 6, 30),
        successor=AgencyFactory(name="Sở Nội vụ"),
    )


def test_ben_tre_import_creates_one_task_per_lead_and_proposes_new_agencies(
    ben_tre_agencies, doit_agency, agency_b, admin_user
):
    text = read_seed("ben-tre-chi-thi-sxsh.md")
    outcome = directive_import(parsed=parse_directive(text), actor=admin_user, original_text=text)
    doc = outcome.document
    assert doc.kind == "chi_thi" and doc.number == ""
    assert doc.reporting_frequency == "semiannual" and doc.report_to == doit_agency
    assert doc.original_text == text
    assert sorted(a.name for a in outcome.agencies_created) == [
        "Báo Đồng Khởi",
        "Ủy ban Mặt trận và các các đoàn thể, hội, hiệp hội",
        "Ủy ban nhân dân các huyện, thành phố",
    ]
    assert {a.kind for a in outcome.agencies_created} == {
        "media",
        "mass_organisation",
        "district_committee",
    }
    tasks = Task.objects.filter(document=doc)
    # 23 items for agencies, three of them for two agencies (26 tasks, as before groups), and
    # item 11, addressed to "thủ trưởng các sở, ngành tỉnh: Công Thương, …" as a named set: one
    # task for a group of the 11 agencies it lists (since assignee groups, issue 13)
    assert outcome.tasks == tasks.count() == 27
    assert outcome.group_tasks == 1
    eleven = tasks.get(ref="11")
    assert eleven.lead_agency is None and eleven.assignee_group.kind == "named"
    # and the groups named on the coordinating side: "phối hợp với các ngành, các cấp" (1.a)
    # and "các sở, ngành tỉnh" (9.a) are the departments, "các cơ sở sản xuất công nghiệp"
    # (8.b) the enterprises; "các đơn vị có liên quan" has no default and is left out
    departments = AssigneeGroup.objects.get(parsed_kind="departments")
    enterprises = AssigneeGroup.objects.get(parsed_kind="enterprises")
    assert {g.pk for g in outcome.groups_created} == {
        eleven.assignee_group.pk,
        departments.pk,
        enterprises.pk,
    }
    assert list(tasks.get(ref="1.a").coordinating_groups.all()) == [departments]
    assert list(tasks.get(ref="9.a").coordinating_groups.all()) == [departments]
    assert {list(t.coordinating_groups.all())[0] for t in tasks.filter(ref="8.b")} == {enterprises}
    assert not tasks.get(ref="1.d").coordinating_groups.exists()
    members = {a.name for a in eleven.assignee_group.member_agencies()}
    assert len(members) == 11
    assert {"Sở Công Thương", "Sở Nội vụ", "Ủy ban nhân dân các huyện, thành phố"} <= members
    six = tasks.filter(ref="6").order_by("lead_agency__name")
    assert [t.lead_agency.name for t in six] == ["Sở Giáo dục và Đào tạo", "Sở Nội vụ"]
    eight_b = tasks.get(ref="8.b", lead_agency=agency_b)
    assert list(eight_b.coordinating_agencies.all()) == [doit_agency]
    assert tasks.get(ref="1.h").recurrence == "yearly"
    assert tasks.get(ref="1.b").category == "awareness"
    assert tasks.get(ref="4").category == "funding"
    assert tasks.get(ref="1.a").category == "policy"
    history = tasks.get(ref="1.a").history.first()
    assert history.history_user == admin_user


def test_signing_date_correction_sets_effective_date_ten_days_later(ben_tre_agencies, admin_user):
    parsed = parse_directive(read_seed("ben-tre-chi-thi-sxsh.md"))
    outcome = directive_import(
        parsed=parsed,
        actor=admin_user,
        corrections={"document": {"signed_on": "2012-03-05", "number": "05/2012/CT-UBND"}},
    )
    assert outcome.document.signed_on == dt.date(2012, 3, 5)
    assert outcome.document.effective_on == dt.date(2012, 3, 15)
    assert outcome.document.number == "05/2012/CT-UBND"


def test_corrections_map_a_new_name_skip_another_and_drop_a_task(
    ben_tre_agencies, agency_b, admin_user
):
    parsed = parse_directive(read_seed("ben-tre-chi-thi-sxsh.md"))
    outcome = directive_import(
        parsed=parsed,
        actor=admin_user,
        corrections={
            "agencies": {
                "Báo Đồng Khởi": str(agency_b.pk),
                "Ủy ban Mặt trận và các các đoàn thể, hội, hiệp hội": "skip",
            },
            "skip_refs": ["1.a"],
        },
    )
    tasks = Task.objects.filter(document=outcome.document)
    assert not tasks.filter(ref="1.a").exists()
    # 10 is skipped by the admin (its only agency skipped); 11 goes to its named set
    assert not tasks.filter(ref="10").exists() and outcome.skipped == ["10"]
    assert tasks.get(ref="11").assignee_group is not None
    # both leads of 8.a resolve to agency B: one task, not two
    assert list(tasks.filter(ref="8.a").values_list("lead_agency", flat=True)) == [agency_b.pk]
    assert [a.name for a in outcome.agencies_created] == ["Ủy ban nhân dân các huyện, thành phố"]


def test_long_an_import_targets_table_and_legal_basis(strategy, doit_agency, agency_a, admin_user):
    text = read_seed("long-an-qd-86-2013.md")
    outcome = directive_import(parsed=parse_directive(text), actor=admin_user)
    doc = outcome.document
    assert list(doc.legal_basis.all()) == [strategy]
    assert doc.signed_on == dt.date(2013, 1, 4)
    targets = Target.objects.filter(document=doc).select_related("indicator")
    # 8 written targets; the two saving ranges name energy and materials → 10 rows
    assert outcome.targets == targets.count() == 10
    energy = targets.get(indicator__computation="avg_energy_saving", milestone_year=2015)
    assert (energy.value_min, energy.value_max, energy.comparison) == (5, 8, "range")
    material = targets.get(indicator__computation="avg_material_saving", milestone_year=2020)
    assert (material.value_min, material.value_max) == (8, 13)
    staff = targets.get(indicator__computation="share_staff_trained", milestone_year=2020)
    assert staff.value_min == 100 and staff.value_max is None
    assert targets.get(indicator__computation="share_informed", milestone_year=2015).value_min == 50
    assert Indicator.objects.count() == 6  # all matched to the national indicators
    tasks = Task.objects.filter(document=doc)
    # 28 agency tasks as before, and item 10 "Các cơ sở sản xuất công nghiệp" now a task for
    # the industrial enterprises (VSIC section C) of the registry
    assert outcome.tasks == tasks.count() == 29
    ten = tasks.get(ref="10")
    assert ten.lead_agency is None
    assert (ten.assignee_group.kind, ten.assignee_group.vsic_section) == ("enterprises", "C")
    assert tasks.filter(ref__startswith="DM.").values("ref").distinct().count() == 9
    dm4 = tasks.get(ref="DM.4")
    assert (dm4.due_on, dm4.recurrence, dm4.due_text) == (dt.date(2013, 12, 31), "once", "12/2013")
    assert set(tasks.filter(ref="DM.1").values_list("recurrence", flat=True)) == {"yearly"}


def test_a_document_already_imported_is_refused(doit_agency, admin_user):
    parsed = parse_directive(read_seed("an-giang-ct-11-2012.md"))
    directive_import(parsed=parsed, actor=admin_user)
    with pytest.raises(ValidationError, match="đã có trong hệ thống"):
        directive_import(
            parsed=parse_directive(read_seed("an-giang-ct-11-2012.md")), actor=admin_user
        )
    assert LegalDocument.objects.count() == 1


def test_a_bad_correction_saves_nothing_at_all(ben_tre_agencies, admin_user):
    before = (Agency.objects.count(), LegalDocument.objects.count(), Task.objects.count())
    parsed = parse_directive(read_seed("ben-tre-chi-thi-sxsh.md"))
    with pytest.raises(ValidationError, match="không có cơ quan mã 999999"):
        directive_import(
            parsed=parsed,
            actor=admin_user,
            corrections={"agencies": {"Công an tỉnh": "999999"}},
        )
    assert (Agency.objects.count(), LegalDocument.objects.count(), Task.objects.count()) == before


def test_a_document_without_title_is_refused(admin_user):
    parsed = parse_directive("1. Sở Công Thương:\n\na) Làm việc A.")
    with pytest.raises(ValidationError, match="Thiếu trích yếu"):
        directive_import(parsed=parsed, actor=admin_user)
    assert not LegalDocument.objects.exists()


@pytest.mark.parametrize(
    "text, category",
    [
        ("Đẩy mạnh tuyên truyền, đào tạo nâng cao nhận thức", "awareness"),
        ("Tổ chức tập huấn cho doanh nghiệp", "training"),
        ("Kiểm tra việc tuân thủ quy định", "inspection"),
        ("Hỗ trợ xây dựng mô hình trình diễn", "demonstration"),
        ("Rà soát cơ chế, chính sách", "policy"),
        ("Cân đối kinh phí từ ngân sách", "funding"),
        ("Phối hợp với các sở, ngành thực hiện", "coordination"),
        ("Thành lập Văn phòng SXSH", "other"),
    ],
)
def test_task_category_guessed_by_keywords(text, category):
    assert guess_task_category(text) == category


# --- the command ----------------------------------------------------------------------------


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_directive", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_dry_run_prints_exactly_one_object_and_saves_nothing(db):
    out, err = _run(str(ROOT / "fixtures/seeds/long-an-qd-86-2013.md"), "--dry-run", "--json")
    data = json.loads(out)  # fails on anything but exactly one JSON value
    assert data["document"]["number"] == "86/QĐ-UBND"
    assert len([a for a in data["assignments"] if a["ref"].startswith("DM.")]) == 9
    assert "Số thứ tự 7 lặp lại" in err
    assert not LegalDocument.objects.exists()


def test_command_saves_as_the_first_superuser(doit_agency, admin_user):
    out, err = _run(str(ROOT / "fixtures/seeds/an-giang-ct-11-2012.md"), "--json")
    assert json.loads(out)["document"]["signed_on"] == "2012-07-26"
    doc = LegalDocument.objects.get(number="11/2012/CT-UBND")
    assert doc.history.first().history_user == admin_user
    assert Task.objects.filter(document=doc).count() == 3
    assert "Đã lưu" in err


def test_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="Không có người dùng"):
        _run(str(ROOT / "fixtures/seeds/an-giang-ct-11-2012.md"), "--user", "nobody")
    assert not LegalDocument.objects.exists()


@pytest.mark.parametrize(
    "name, content", [("x.pdf", b"%PDF-1.7"), ("x.txt", b""), ("x.docx", b"\x00\x01garbage")]
)
def test_command_on_an_unreadable_file_fails_and_saves_nothing(tmp_path, db, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError):
        _run(str(path), "--json")
    assert not LegalDocument.objects.exists()


def _manage(*args):
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": "sqlite:////tmp/unused-h1a.sqlite3"}
    return subprocess.run(  # noqa: S603 — our own manage.py with fixed arguments
        [sys.executable, "manage.py", "import_directive", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_process_exit_status_and_clean_stdout():
    bad = _manage("README.missing.pdf", "--json")
    assert bad.returncode != 0
    assert bad.stdout == ""
    assert "không được hỗ trợ" in bad.stderr
    good = _manage("fixtures/seeds/ben-tre-chi-thi-sxsh.md", "--dry-run", "--json")
    assert good.returncode == 0
    assert json.loads(good.stdout)["document"]["reporting_frequency"] == "semiannual"


# --- demo -----------------------------------------------------------------------------------


def test_demo_seed_imports_three_documents_once(db):
    from accounts import demo as accounts_demo
    from assignments.demo import seed_directives
    from programs import demo

    agencies = accounts_demo.seed_agencies()
    accounts_demo.seed_users(agencies)
    demo.seed(stdout=io.StringIO())
    seed_directives(stdout=io.StringIO())
    counts = (
        LegalDocument.objects.count(),
        Task.objects.count(),
        Target.objects.count(),
        Agency.objects.count(),
    )
    demo.seed(stdout=io.StringIO())
    seed_directives(stdout=io.StringIO())
    assert counts[0] == 4  # QĐ 1419 + three seeds
    assert (
        LegalDocument.objects.count(),
        Task.objects.count(),
        Target.objects.count(),
        Agency.objects.count(),
    ) == counts
    assert Target.objects.filter(document__number="1419/QĐ-TTg").count() == 11


def test_target_corrections_choose_skip_or_create_an_indicator(strategy, doit_agency, admin_user):
    parsed = parse_directive(read_seed("long-an-qd-86-2013.md"))
    outcome = directive_import(
        parsed=parsed,
        actor=admin_user,
        corrections={"targets": {"0": "co-so-ap-dung-sxsh", "1": "skip", "3": "new"}},
    )
    targets = Target.objects.filter(document=outcome.document)
    assert outcome.targets == targets.count() == 9  # one skipped
    first = targets.get(milestone_year=2015, value_min=50)
    assert first.indicator.code == "co-so-ap-dung-sxsh"  # the admin's choice over the guess
    created = Indicator.objects.get(name__startswith="cán bộ chuyên trách về SXSH")
    assert created.computation == "manual"
    assert targets.filter(indicator=created).count() == 1


def test_preview_shows_matches_and_the_successor_of_a_dissolved_agency(former_tnmt, agency_a):
    from assignments.directives.importing import directive_preview

    preview = directive_preview(parsed=parse_directive(read_seed("ben-tre-chi-thi-sxsh.md")))
    match = preview.matches["Sở Tài nguyên và Môi trường"]
    assert match.agency == former_tnmt and match.assigned == agency_a
    assert "Báo Đồng Khởi" in preview.new_names
    assert preview.duplicate_of is None


# --- groups and skipped paragraphs ------------------------------------------------------------

GROUPS_TEXT = """ỦY BAN NHÂN DÂN
TỈNH SÔNG XANH

Số: 31/CT-UBND

Sông Xanh, ngày 17 tháng 11 năm 2025

CHỈ THỊ
Về sản xuất sạch hơn năm 2026

1. Sở Công Thương và Ủy ban nhân dân các xã, phường:

Hằng năm, tập huấn sản xuất sạch hơn cho các cơ sở sản xuất.

2. Các doanh nghiệp sản xuất công nghiệp:

Xây dựng kế hoạch áp dụng sản xuất sạch hơn, hoàn thành trước ngày 30/6/2026.

3. Chủ trì tổ chức kiểm tra liên ngành tại các cụm công nghiệp trước ngày 30/9/2026.

Chỉ thị này có hiệu lực kể từ ngày ký./.
"""


def test_groups_become_group_tasks_by_default_and_the_preview_says_how(doit_agency, admin_user):
    from assignments.directives.importing import directive_preview

    parsed = parse_directive(GROUPS_TEXT)
    preview = directive_preview(parsed=parsed)
    rows = [(r.key, r.item.ref, r.kind, r.default_action) for r in preview.group_rows]
    assert rows == [("0.0", "1", "communes", "create"), ("1.0", "2", "enterprises", "create")]
    assert not any("chưa lưu được" in w for w in preview.warnings)
    outcome = directive_import(parsed=parsed, actor=admin_user)
    tasks = Task.objects.filter(document=outcome.document).order_by("order", "pk")
    # the agency named beside the group keeps its task; each group gets one task of its own
    assert [(t.ref, t.lead_agency, t.assignee_group and t.assignee_group.name) for t in tasks] == [
        ("1", doit_agency, None),
        ("1", None, "Ủy ban nhân dân các xã, phường, đặc khu"),
        ("2", None, "Các doanh nghiệp sản xuất công nghiệp"),
    ]
    assert [t.recurrence for t in tasks] == ["yearly", "yearly", "once"]
    assert tasks[2].due_on == dt.date(2026, 6, 30)
    assert (outcome.tasks, outcome.group_tasks, outcome.skipped) == (3, 2, [])
    assert len(outcome.groups_created) == 2
    assert outcome.group_notes[0] == (
        "1 “Ủy ban nhân dân các xã, phường”: tạo nhóm “Ủy ban nhân dân các xã, phường, đặc khu” "
        "và giao cho nhóm."
    )
    assert not Agency.objects.filter(name__icontains="doanh nghiệp").exists()
    # a second directive for the communes reuses the group
    again = parse_directive(GROUPS_TEXT.replace("31/CT-UBND", "32/CT-UBND"))
    second = directive_import(parsed=again, actor=admin_user)
    assert second.groups_created == []
    assert AssigneeGroup.objects.count() == 2


def test_group_corrections_existing_split_agency_skip(doit_agency, agency_a, agency_b, admin_user):
    from assignments.groups import assignee_group_create

    named = assignee_group_create(
        name="Các xã ven biển", kind="named", agencies=[agency_b], actor=admin_user
    )
    outcome = directive_import(
        parsed=parse_directive(GROUPS_TEXT),
        actor=admin_user,
        corrections={
            "groups": {
                "0.0": {"action": "group", "group": named.pk},
                "1.0": {"action": "split", "agencies": [str(agency_a.pk), str(agency_b.pk)]},
            }
        },
    )
    tasks = Task.objects.filter(document=outcome.document)
    assert tasks.get(ref="1", lead_agency__isnull=True).assignee_group == named
    assert set(tasks.filter(ref="2").values_list("lead_agency", flat=True)) == {
        agency_a.pk,
        agency_b.pk,
    }
    assert outcome.groups_created == []

    other = parse_directive(GROUPS_TEXT.replace("31/CT-UBND", "33/CT-UBND"))
    outcome = directive_import(
        parsed=other,
        actor=admin_user,
        corrections={
            "groups": {
                "0.0": {"action": "skip"},
                "1.0": {"action": "agency", "agency": agency_a.pk},
            }
        },
    )
    tasks = Task.objects.filter(document=outcome.document)
    assert [(t.ref, t.lead_agency) for t in tasks.order_by("order")] == [
        ("1", doit_agency),
        ("2", agency_a),
    ]
    assert outcome.group_tasks == 0


def test_a_bad_group_choice_rolls_back_everything(doit_agency, admin_user):
    before = (AssigneeGroup.objects.count(), Task.objects.count(), LegalDocument.objects.count())
    with pytest.raises(ValidationError, match="không có nhóm mã 999999"):
        directive_import(
            parsed=parse_directive(GROUPS_TEXT),
            actor=admin_user,
            # item 1's group is created first, then item 2's choice fails: nothing stays
            corrections={"groups": {"1.0": {"action": "group", "group": 999999}}},
        )
    after = (AssigneeGroup.objects.count(), Task.objects.count(), LegalDocument.objects.count())
    assert after == before == (0, 0, 0)
    with pytest.raises(ValidationError, match="hãy chọn các cơ quan"):
        directive_import(
            parsed=parse_directive(GROUPS_TEXT),
            actor=admin_user,
            corrections={"groups": {"1.0": {"action": "split", "agencies": []}}},
        )
    assert not AssigneeGroup.objects.exists() and not Task.objects.exists()


def test_a_skipped_paragraph_assigned_by_hand_becomes_a_task(doit_agency, agency_a, admin_user):
    parsed = parse_directive(GROUPS_TEXT)
    assert [(s.ref, s.reason) for s in parsed.skipped] == [("3", "không nhận ra cơ quan được giao")]
    outcome = directive_import(
        parsed=parsed, actor=admin_user, corrections={"assign_skipped": {"3": str(agency_a.pk)}}
    )
    task = Task.objects.get(document=outcome.document, ref="3")
    assert task.lead_agency == agency_a
    assert task.text.startswith("Chủ trì tổ chức kiểm tra liên ngành")
    assert task.due_on == dt.date(2026, 9, 30)
    assert task.category == "inspection"


def test_assigning_a_skipped_paragraph_to_a_missing_agency_saves_nothing(doit_agency, admin_user):
    with pytest.raises(ValidationError, match="không có cơ quan mã 999999"):
        directive_import(
            parsed=parse_directive(GROUPS_TEXT),
            actor=admin_user,
            corrections={"assign_skipped": {"3": "999999"}},
        )
    assert not LegalDocument.objects.exists() and not Task.objects.exists()


def test_payload_signed_before_recurrence_was_a_field_still_loads():
    from programs.directive_parser import ParsedDirective

    data = parse_directive(read_seed("ben-tre-chi-thi-sxsh.md")).to_dict()
    # the old shape: agency tasks only, due holding the recurrence
    data["assignments"] = [a for a in data["assignments"] if a["lead"]]
    for item in data["assignments"]:
        item["due"] = item.pop("recurrence") or item["due"]
        del item["groups"], item["coordinating_groups"]
    data = {
        k: v
        for k, v in data.items()
        if k not in ("reporting_frequencies", "reporting_deadlines", "skipped")
    }
    again = ParsedDirective.from_dict(data)
    one_h = next(a for a in again.assignments if a.ref == "1.h")
    assert (one_h.due, one_h.recurrence) == (None, "yearly")


def test_json_dry_run_prints_groups_recurrence_and_skipped_in_the_documented_shape(db):
    path = ROOT / "tests/data/directives/corpus/kh-hue-kinh-te-tuan-hoan.txt"
    out, _err = _run(str(path), "--dry-run", "--json")
    data = json.loads(out)
    assert data["version"] == 2
    rows = {a["ref"]: a for a in data["assignments"]}
    assert rows["DM.4"]["lead"] == []
    assert rows["DM.4"]["groups"] == [{"kind": "communes", "text": "UBND cấp xã"}]
    assert (rows["DM.1"]["due"], rows["DM.1"]["recurrence"]) == (None, "yearly")
    assert (rows["DM.2"]["due"], rows["DM.2"]["recurrence"]) == ("2026-06-30", None)
    assert rows["DM.2"]["lead"] == ["Sở Công Thương"]  # written "SCT"
    assert data["skipped"] == []
    assert not LegalDocument.objects.exists()


def test_command_help_points_to_the_json_documentation():
    from assignments.management.commands.import_directive import Command

    assert "docs/directive-json.md" in Command.help
    assert (ROOT / "docs" / "directive-json.md").exists()


def test_command_saves_groups_with_the_default_mapping_and_says_so(
    doit_agency, admin_user, tmp_path
):
    path = tmp_path / "chi-thi.txt"
    path.write_text(
        GROUPS_TEXT.replace(
            "Chỉ thị này có hiệu lực",
            "4. Các sở, ngành liên quan:\n\nPhối hợp cung cấp số liệu cho Sở Công Thương.\n\n"
            "Chỉ thị này có hiệu lực",
        ),
        encoding="utf-8",
    )
    _out, err = _run(str(path))
    doc = LegalDocument.objects.get(number="31/CT-UBND")
    # 1 for Sở Công Thương + the communes, 2 for the enterprises; 3 is a paragraph nobody
    # assigned by hand, 4 ("các sở, ngành liên quan") has no default group
    assert "3 nhiệm vụ (2 giao cho nhóm), 0 mục tiêu, 0 cơ quan mới, 2 nhóm mới." in err
    assert "Nhóm 2 “Các doanh nghiệp sản xuất công nghiệp”: tạo nhóm" in err
    assert "Nhóm 4 “Các sở, ngành liên quan”: bỏ qua, không giao." in err
    assert "4: không lưu — không có cơ quan hay nhóm được giao." in err
    assert Task.objects.filter(document=doc, assignee_group__isnull=False).count() == 2
    # the dry run's JSON keeps its documented shape: no mapping in it
    out, _err = _run(str(path), "--dry-run", "--json")
    rows = {a["ref"]: a for a in json.loads(out)["assignments"]}
    assert set(rows["2"]) == {
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
