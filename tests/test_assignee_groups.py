"""Assignee groups: members resolved at read time, tasks given to a group, the enterprise side."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from accounts.choices import AgencyKind
from assignments.choices import AssigneeGroupKind
from assignments.groups import assignee_group_create, assignee_group_for_parsed
from assignments.models import AssigneeGroup, Task
from enterprises.models import IndustrialZone, VsicCode
from tests.factories import AgencyFactory, LegalDocumentFactory
from tests.factories_enterprises import EnterpriseFactory
from tests.factories_tasks import TaskFactory


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
