"""Assignee groups: members resolved at read time, tasks given to a group, the enterprise side."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.choices import AgencyKind
from accounts.roles import Role
from assignments.choices import AssigneeGroupKind, ProgressStatus
from assignments.groups import assignee_group_create, assignee_group_for_parsed
from assignments.models import AssigneeGroup, ProgressUpdate, Task
from assignments.services import progress_add, reminders_send
from enterprises.models import IndustrialZone, VsicCode
from tests.factories import AgencyFactory, LegalDocumentFactory, UserFactory
from tests.factories_enterprises import EnterpriseFactory
from tests.factories_tasks import TaskFactory, make_periods


@pytest.fixture
def sections(db):
    c = VsicCode.objects.get_or_create(
        code="C",
        defaults={"name": "Công nghiệp chế biến, chế tạo", "level": "section", "section": "C"},
    )[0]
    g = VsicCode.objects.get_or_create(
        code="G", defaults={"name": "Bán buôn và bán lẻ", "level": "section", "section": "G"}
    )[0]
    return {"C": c, "G": g}


@pytest.fixture
def communes(admin_user):
    return assignee_group_for_parsed(parsed_kind="communes", actor=admin_user)


def test_a_commune_created_after_the_group_is_a_member_at_once(communes, agency_a):
    assert list(communes.member_agencies()) == []
    ward = AgencyFactory(name="UBND phường Mỹ Thới", kind=AgencyKind.COMMUNE_COMMITTEE)
    assert list(communes.member_agencies()) == [ward]
    assert communes.has_agency_member(ward) and not communes.has_agency_member(agency_a)


def test_the_default_group_of_a_kind_is_created_once(communes, admin_user):
    again = assignee_group_for_parsed(parsed_kind="communes", actor=admin_user)
    assert again == communes
    assert communes.kind == AssigneeGroupKind.AGENCY_KINDS
    assert [k.agency_kind for k in communes.agency_kinds.all()] == ["commune_committee"]
    assert communes.history.count() == 1


def test_a_dissolved_commune_leaves_the_group_and_its_successor_is_in_a_named_set(
    communes, admin_user
):
    import datetime as dt

    new = AgencyFactory(name="UBND xã Mới", kind=AgencyKind.COMMUNE_COMMITTEE)
    old = AgencyFactory(
        name="UBND xã Cũ",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        active_until=dt.date(2025, 6, 30),
        successor=new,
    )
    assert list(communes.member_agencies()) == [new]
    named = assignee_group_create(
        name="Nhóm thử", kind=AssigneeGroupKind.NAMED, agencies=[old], actor=admin_user
    )
    assert list(named.member_agencies()) == [new]
    assert named.has_agency_member(new)


def test_enterprise_group_takes_industry_only_and_new_enterprises_join(sections, admin_user):
    group = assignee_group_for_parsed(parsed_kind="enterprises", actor=admin_user)
    factory_ = EnterpriseFactory(vsic=sections["C"])
    shop = EnterpriseFactory(vsic=sections["G"])
    assert list(group.member_enterprises()) == [factory_]
    later = EnterpriseFactory(vsic=sections["C"])
    assert set(group.member_enterprises()) == {factory_, later}
    task = TaskFactory(lead_agency=None, assignee_group=group)
    assert list(Task.objects.for_enterprise(factory_)) == [task]
    assert list(Task.objects.for_enterprise(later)) == [task]
    assert list(Task.objects.for_enterprise(shop)) == []


def test_enterprise_group_filtered_by_zone(sections, admin_user):
    zone = IndustrialZone.objects.create(name="KCN Bình Hòa")
    group = assignee_group_create(
        name="Doanh nghiệp KCN Bình Hòa",
        kind=AssigneeGroupKind.ENTERPRISES,
        vsic_section="C",
        actor=admin_user,
    )
    group.zone = zone
    group.save()
    inside = EnterpriseFactory(vsic=sections["C"], zone=zone)
    outside = EnterpriseFactory(vsic=sections["C"])
    task = TaskFactory(lead_agency=None, assignee_group=group)
    assert list(group.member_enterprises()) == [inside]
    assert list(Task.objects.for_enterprise(inside)) == [task]
    assert list(Task.objects.for_enterprise(outside)) == []


def test_member_agency_sees_group_task_and_a_non_member_does_not(communes, agency_a):
    ward = AgencyFactory(name="UBND phường 1", kind=AgencyKind.COMMUNE_COMMITTEE)
    task = TaskFactory(lead_agency=None, assignee_group=communes)
    own = TaskFactory(lead_agency=agency_a)
    assert list(Task.objects.for_agency(ward)) == [task]
    assert list(Task.objects.for_agency(agency_a)) == [own]
    assert list(Task.objects.assigned_to(ward)) == [task]


def test_a_task_needs_a_lead_or_a_group(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(lead_agency=None)


def test_one_group_task_per_item_and_group(communes):
    doc = LegalDocumentFactory()
    TaskFactory(document=doc, ref="7", lead_agency=None, assignee_group=communes)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(document=doc, ref="7", lead_agency=None, assignee_group=communes)


def test_groups_without_a_default_need_a_mapping(admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        assignee_group_for_parsed(parsed_kind="agencies", actor=admin_user)
    assert not AssigneeGroup.objects.exists()


# --- members see the task as theirs --------------------------------------------------------------


@pytest.fixture
def wards(communes):
    make_periods()
    one = AgencyFactory(
        name="UBND phường Mỹ Bình", short_name="P. Mỹ Bình", kind="commune_committee"
    )
    two = AgencyFactory(
        name="UBND xã Mỹ Hòa Hưng", short_name="X. Mỹ Hòa Hưng", kind="commune_committee"
    )
    users = {
        "one": UserFactory(agency=one, roles=[Role.AGENCY_STAFF]),
        "two": UserFactory(agency=two, roles=[Role.AGENCY_STAFF]),
    }
    task = TaskFactory(
        lead_agency=None,
        assignee_group=communes,
        ref="5",
        due_on=dt.date(2026, 6, 1),
        text="Tuyên truyền sản xuất sạch hơn đến các cơ sở trên địa bàn xã, phường.",
    )
    return {"one": one, "two": two, "users": users, "task": task, "group": communes}


def test_member_sees_the_group_task_in_its_list_and_reports_its_own_progress(
    client_for, wards, staff_a
):
    task, one = wards["task"], wards["users"]["one"]
    client = client_for(one)
    page = client.get(reverse("assignments:index"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Tuyên truyền sản xuất sạch hơn đến các cơ sở" in body and "Thuộc nhóm" in body
    assert f"Nhóm: {wards['group'].name}" in body
    detail = client.get(reverse("assignments:task_detail", args=[task.pk]))
    assert detail.status_code == 200 and detail.context["my_role"] == "member"
    assert detail.context["can_edit"] is True
    period = make_periods()["2026-H1"]
    response = client.post(
        reverse("assignments:progress_create", args=[task.pk]),
        {"period": period.pk, "status": "done", "percent": 100, "narrative": "Đã tuyên truyền."},
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.agency, update.task) == (wards["one"], task)
    # agency A is not a member: the task is not in its list and its page is a 404
    other = client_for(staff_a)
    assert (
        "Tuyên truyền sản xuất sạch hơn đến các cơ sở"
        not in other.get(reverse("assignments:index")).content.decode()
    )
    assert other.get(reverse("assignments:task_detail", args=[task.pk])).status_code == 404


def test_each_member_has_the_status_of_its_own_part(wards):
    task, period = wards["task"], make_periods()["2026-H1"]
    progress_add(
        task=task,
        period=period,
        actor=wards["users"]["one"],
        status="done",
        percent=100,
        narrative="Xong.",
    )
    today = dt.date(2026, 7, 1)
    (one,) = Task.objects.filter(pk=task.pk).status_facts(today, agency=wards["one"])
    (two,) = Task.objects.filter(pk=task.pk).status_facts(today, agency=wards["two"])
    assert (one.latest_status, one.is_overdue) == (ProgressStatus.DONE, False)
    assert (two.latest_status, two.is_overdue) == (None, True)
    # with_status (reminders) and status_facts (the list) agree
    assert not Task.objects.overdue(today, agency=wards["one"]).filter(pk=task.pk).exists()
    assert Task.objects.overdue(today, agency=wards["two"]).filter(pk=task.pk).exists()


def test_reminders_go_to_the_members_that_have_not_reported(wards):
    progress_add(
        task=wards["task"],
        period=make_periods()["2026-H1"],
        actor=wards["users"]["one"],
        status="done",
        percent=100,
        narrative="Xong.",
    )
    result = reminders_send(today=dt.date(2026, 7, 1))
    assert result.sent == 1
    assert [m.to[0] for m in mail.outbox] == [wards["users"]["two"].email]
    assert "1 nhiệm vụ quá hạn" in mail.outbox[0].subject


def test_doit_sees_how_many_members_reported(client_for, wards, doit):
    progress_add(
        task=wards["task"],
        period=make_periods()["2026-H1"],
        actor=wards["users"]["one"],
        status="in_progress",
        percent=30,
        narrative="Đang làm.",
    )
    response = client_for(doit).get(reverse("assignments:task_detail", args=[wards["task"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "1/2 đơn vị đã báo cáo tiến độ" in body
    assert response.context["group_progress"]["silent"] == [wards["two"]]
    assert response.context["can_edit"] is False


def test_agency_dashboard_and_report_figures_count_the_group_task(client_for, wards):
    from reports.prefill import figures_compute

    two = wards["users"]["two"]
    response = client_for(two).get(reverse("dashboards:agency_dashboard"))
    assert response.status_code == 200
    assert wards["task"] in response.context["tasks"]["overdue"]
    period = make_periods()["2026-H1"]
    progress_add(
        task=wards["task"],
        period=period,
        actor=wards["users"]["one"],
        status="done",
        percent=100,
        narrative="Xong.",
    )
    assert figures_compute(agency=wards["one"], period=period)["tasks_done"] == 1
    figures = figures_compute(agency=wards["two"], period=period)
    assert (figures["tasks_total"], figures["tasks_done"]) == (1, 0)


def test_provincial_table_has_a_row_for_the_group(wards):
    from dashboards import selectors as dash

    rows = dash.task_status_by_agency(period=None, today=dt.date(2026, 7, 1))
    [row] = [r for r in rows if r["is_group"]]
    assert (row["name"], row["total"], row["param"]) == (
        wards["group"].name,
        1,
        f"group={wards['group'].pk}",
    )


def test_role_filter_separates_group_tasks_from_coordinated_ones(client_for, wards):
    coordinated = TaskFactory(text="Phối hợp khảo sát cơ sở sản xuất trên địa bàn.")
    coordinated.coordinating_agencies.add(wards["one"])
    client = client_for(wards["users"]["one"])
    member = client.get(reverse("assignments:index"), {"role": "member"}).content.decode()
    assert "Tuyên truyền sản xuất sạch hơn đến các cơ sở" in member
    assert "Phối hợp khảo sát" not in member
    coord = client.get(reverse("assignments:index"), {"role": "coordinating"}).content.decode()
    assert "Phối hợp khảo sát" in coord
    assert "Tuyên truyền sản xuất sạch hơn đến các cơ sở" not in coord


def test_members_of_a_group_with_a_task_are_expected_to_report(wards):
    from dashboards import selectors as dash

    period = make_periods()["2026-H1"]
    matrix = dash.report_matrix(periods=[period], today=dt.date(2026, 7, 1))
    names = {r["agency"]["name"] for r in matrix["rows"]}
    assert {wards["one"].name, wards["two"].name} <= names


def test_doit_drills_down_into_a_groups_tasks(client_for, wards, doit):
    url = reverse("dashboards:task_drilldown")
    response = client_for(doit).get(url, {"bucket": "overdue", "group": wards["group"].pk})
    assert response.status_code == 200
    assert list(response.context["rows"]) == [wards["task"]]
    assert f"Nhóm {wards['group'].name}" in response.content.decode()
