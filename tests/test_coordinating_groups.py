"""Groups on the coordinating side: "chủ trì, phối hợp với các sở, ngành" — from the parse, the
admin preview and the save to the members' task lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.choices import AgencyKind
from accounts.roles import Role
from assignments.directives.importing import directive_import
from assignments.groups import assignee_group_for_parsed
from assignments.models import AssigneeGroup, Task
from programs.directive_parser import parse_directive
from programs.models import LegalDocument
from tests.factories import AgencyFactory, TaskFactory, UserFactory, make_periods
from tests.test_directives_admin import IMPORT_URL, _save_data

TEXT = """ỦY BAN NHÂN DÂN
TỈNH BẾN TRE
Số: 07/KH-UBND
Bến Tre, ngày 12 tháng 3 năm 2026

KẾ HOẠCH
Triển khai sản xuất sạch hơn năm 2026

II. TỔ CHỨC THỰC HIỆN
1. Sở Công Thương
Chủ trì, phối hợp với các sở, ngành tỉnh tổ chức tập huấn sản xuất sạch hơn cho doanh nghiệp.
2. Sở Khoa học và Công nghệ
Phối hợp với Sở Công Thương thẩm định công nghệ của các dự án áp dụng sản xuất sạch hơn.
"""


@pytest.fixture
def departments(db):
    return {
        "doit": AgencyFactory(name="Sở Công Thương", short_name="SCT", kind=AgencyKind.DEPARTMENT),
        "dost": AgencyFactory(
            name="Sở Khoa học và Công nghệ", short_name="SKHCN", kind=AgencyKind.DEPARTMENT
        ),
        "doh": AgencyFactory(name="Sở Y tế", short_name="SYT", kind=AgencyKind.DEPARTMENT),
        "ward": AgencyFactory(name="UBND phường An Hội", kind=AgencyKind.COMMUNE_COMMITTEE),
    }


def test_parse_names_the_group_on_the_coordinating_side(departments):
    parsed = parse_directive(TEXT)
    one = next(a for a in parsed.assignments if a.ref == "1")
    assert one.lead == ["Sở Công Thương"]
    assert [g["kind"] for g in one.coordinating_groups] == ["departments"]
    assert one.coordinating == []
    assert one.text.startswith("Chủ trì, phối hợp với các sở, ngành tỉnh")
    two = next(a for a in parsed.assignments if a.ref == "2")
    assert (two.lead, two.coordinating) == (["Sở Khoa học và Công nghệ"], ["Sở Công Thương"])


def test_a_heading_line_is_not_joined_to_the_paragraph_under_it_but_a_broken_name_is():
    from programs.directive_parser import to_units

    assert to_units("1. Sở Công Thương\nChủ trì triển khai.") == [
        "1. Sở Công Thương",
        "Chủ trì triển khai.",
    ]
    assert to_units("3. Sở Văn hóa, Thể thao và\nDu lịch") == ["3. Sở Văn hóa, Thể thao và Du lịch"]
    # a long first line of a paragraph broken by a hard line break still joins
    long = "1. Sở Công Thương chủ trì, phối hợp với các sở, ngành tổ chức các lớp tập huấn về"
    assert to_units(long + "\nSản xuất sạch hơn.") == [long + " Sản xuất sạch hơn."]


def test_default_save_makes_every_department_a_coordinator(departments, admin_user):
    outcome = directive_import(parsed=parse_directive(TEXT), actor=admin_user, original_text=TEXT)
    task = Task.objects.get(document=outcome.document, ref="1")
    [group] = task.coordinating_groups.all()
    assert group.parsed_kind == "departments" and group in outcome.groups_created
    assert any("phối hợp" in str(note) for note in outcome.group_notes)
    # members today: the departments, not the ward; the lead keeps its own role
    visible = Task.objects.filter(document=outcome.document)
    assert task in visible.for_agency(departments["doh"])
    assert task not in visible.for_agency(departments["ward"])
    # coordinating is not answering for it: the department's period report does not count it
    assert task not in visible.assigned_to(departments["doh"])
    assert task in visible.assigned_to(departments["doit"])


def test_an_existing_group_of_the_kind_is_reused(departments, admin_user):
    existing = assignee_group_for_parsed(parsed_kind="departments", actor=admin_user)
    outcome = directive_import(parsed=parse_directive(TEXT), actor=admin_user, original_text=TEXT)
    task = Task.objects.get(document=outcome.document, ref="1")
    assert list(task.coordinating_groups.all()) == [existing]
    assert outcome.groups_created == []


def test_split_coordinating_group_names_the_chosen_agencies(departments, admin_user):
    parsed = parse_directive(TEXT)
    from assignments.directives.importing import parsed_groups

    [row] = [r for r in parsed_groups(parsed) if r.is_coordinating]
    assert row.key == "c0.0"
    outcome = directive_import(
        parsed=parsed,
        actor=admin_user,
        original_text=TEXT,
        corrections={"groups": {row.key: {"action": "split", "agencies": [departments["doh"].pk]}}},
    )
    task = Task.objects.get(document=outcome.document, ref="1")
    assert list(task.coordinating_agencies.all()) == [departments["doh"]]
    assert not task.coordinating_groups.exists()
    assert not AssigneeGroup.objects.exists()


def test_skipped_coordinating_group_leaves_the_task_to_its_lead(departments, admin_user):
    outcome = directive_import(
        parsed=parse_directive(TEXT),
        actor=admin_user,
        original_text=TEXT,
        corrections={"groups": {"c0.0": {"action": "skip"}}},
    )
    task = Task.objects.get(document=outcome.document, ref="1")
    assert task.lead_agency == departments["doit"]
    assert not task.coordinating_groups.exists() and not task.coordinating_agencies.exists()


def test_malformed_choice_for_a_coordinating_group_saves_nothing(departments, admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        directive_import(
            parsed=parse_directive(TEXT),
            actor=admin_user,
            original_text=TEXT,
            corrections={"groups": {"c0.0": {"action": "split", "agencies": []}}},
        )
    assert not LegalDocument.objects.exists() and not Task.objects.exists()


def test_preview_shows_the_coordinating_group_and_the_post_maps_it(
    client_for, admin_user, departments
):
    client = client_for(admin_user)
    response = client.post(reverse(IMPORT_URL), {"step": "parse", "text": TEXT})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhóm phối hợp" in page and "“các sở, ngành tỉnh”" in page
    form = response.context["form"]
    assert form.fields["group_c0_0"].label == "Gán nhóm phối hợp 1"
    assert form["group_c0_0"].value() == "create"
    data = _save_data(response, group_c0_0="split")
    data["group_c0_0_members"] = [str(departments["dost"].pk), str(departments["doh"].pk)]
    response = client.post(reverse(IMPORT_URL), data)
    task = Task.objects.get(ref="1")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:programs_legaldocument_change", args=[task.document_id]
    )
    assert set(task.coordinating_agencies.all()) == {departments["dost"], departments["doh"]}


@pytest.fixture
def coordinated(departments, admin_user):
    make_periods()
    group = assignee_group_for_parsed(parsed_kind="departments", actor=admin_user)
    task = TaskFactory(
        lead_agency=departments["doit"],
        ref="3",
        due_on=dt.date(2026, 9, 30),
        text="Tổ chức hội thảo nhân rộng mô hình sản xuất sạch hơn.",
    )
    task.coordinating_groups.add(group)
    return task


def test_member_of_the_coordinating_group_sees_the_task_as_coordinator(
    client_for, coordinated, departments
):
    client = client_for(UserFactory(agency=departments["doh"], roles=[Role.AGENCY_STAFF]))
    listing = client.get(reverse("assignments:index"), {"role": "coordinating"})
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Tổ chức hội thảo nhân rộng mô hình" in body
    assert "Các sở, ban, ngành tỉnh" in body  # the group is named among the coordinators
    assert '<span class="badge muted">Phối hợp</span>' in body  # and the agency's role
    leading = client.get(reverse("assignments:index"), {"role": "lead"}).content.decode()
    assert "Tổ chức hội thảo nhân rộng mô hình" not in leading
    detail = client.get(reverse("assignments:task_detail", args=[coordinated.pk]))
    assert detail.status_code == 200 and detail.context["my_role"] == "coordinating"
    assert "Nhóm: Các sở, ban, ngành tỉnh" in detail.content.decode()


def test_a_body_outside_the_group_gets_404(client_for, coordinated, departments):
    client = client_for(UserFactory(agency=departments["ward"], roles=[Role.AGENCY_STAFF]))
    assert "Tổ chức hội thảo" not in client.get(reverse("assignments:index")).content.decode()
    detail = client.get(reverse("assignments:task_detail", args=[coordinated.pk]))
    assert detail.status_code == 404
