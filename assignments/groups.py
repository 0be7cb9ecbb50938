"""Assignee groups: the default group for each kind of group the directive parser finds, and
the writes that create groups (``assignee_group_create``, ``assignee_group_for_parsed``).

The parser's kinds are in ``programs.directive_parser.addressees.GROUP_KINDS``; those with a
natural meaning in the registry have a default group here, found again by ``parsed_kind`` (so
a second directive for "UBND các xã, phường" reuses the same group). "agencies" (the agencies
concerned, unnamed) and "organisations" (outside the administration) have none: the admin maps
them by hand; a "named" set becomes a group of the agencies it lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import AgencyKind
from assignments.choices import AssigneeGroupKind
from assignments.models import AssigneeGroup, AssigneeGroupAgencyKind

#: the industrial enterprises: VSIC 2018 section C (manufacturing)
INDUSTRY_SECTION = "C"


@dataclass(frozen=True)
class GroupDefault:
    name: object  # lazy Vietnamese name
    kind: str
    agency_kinds: tuple[str, ...] = ()
    vsic_section: str = ""


DEFAULT_GROUPS: dict[str, GroupDefault] = {
    "departments": GroupDefault(
        gettext_lazy("Các sở, ban, ngành tỉnh"),
        AssigneeGroupKind.AGENCY_KINDS,
        (AgencyKind.DEPARTMENT, AgencyKind.BOARD),
    ),
    "communes": GroupDefault(
        gettext_lazy("Ủy ban nhân dân các xã, phường, đặc khu"),
        AssigneeGroupKind.AGENCY_KINDS,
        (AgencyKind.COMMUNE_COMMITTEE,),
    ),
    "enterprises": GroupDefault(
        gettext_lazy("Các doanh nghiệp sản xuất công nghiệp"),
        AssigneeGroupKind.ENTERPRISES,
        vsic_section=INDUSTRY_SECTION,
    ),
    "media": GroupDefault(
        gettext_lazy("Các cơ quan báo chí, phát thanh, truyền hình"),
        AssigneeGroupKind.AGENCY_KINDS,
        (AgencyKind.MEDIA,),
    ),
    "mass_organisations": GroupDefault(
        gettext_lazy("Mặt trận Tổ quốc, các đoàn thể, hội"),
        AssigneeGroupKind.AGENCY_KINDS,
        (AgencyKind.MASS_ORGANISATION, AgencyKind.ASSOCIATION),
    ),
}


def has_default_group(parsed_kind: str) -> bool:
    return parsed_kind in DEFAULT_GROUPS


def default_group_name(parsed_kind: str) -> str:
    default = DEFAULT_GROUPS.get(parsed_kind)
    return str(default.name) if default else ""


def existing_default_group(parsed_kind: str) -> AssigneeGroup | None:
    return AssigneeGroup.objects.filter(parsed_kind=parsed_kind).order_by("pk").first()


@transaction.atomic
def assignee_group_create(
    *,
    name: str,
    kind: str,
    actor,
    agency_kinds: Iterable[str] = (),
    agencies: Iterable = (),
    vsic_section: str = "",
    parsed_kind: str = "",
) -> AssigneeGroup:
    """Create a group; its members are never stored beyond the named set's agencies."""
    name = (name or "").strip()[:255]
    if not name:
        raise ValidationError(_("Nhóm được giao cần có tên."))
    if kind not in AssigneeGroupKind.values:
        raise ValidationError(_("Loại nhóm “%s” không hợp lệ.") % kind)
    agency_kinds = [k for k in dict.fromkeys(agency_kinds)]
    agencies = list(agencies)
    if kind == AssigneeGroupKind.AGENCY_KINDS and not agency_kinds:
        raise ValidationError(_("Nhóm “%s”: chọn ít nhất một loại cơ quan.") % name)
    if kind == AssigneeGroupKind.NAMED and not agencies:
        raise ValidationError(_("Nhóm “%s”: chọn ít nhất một cơ quan.") % name)
    bad = [k for k in agency_kinds if k not in AgencyKind.values]
    if bad:
        raise ValidationError(_("Loại cơ quan không hợp lệ: %s") % ", ".join(bad))
    base, n = name, 2
    while AssigneeGroup.objects.filter(name=name).exists():
        name, n = f"{base[:248]} ({n})", n + 1
    group = AssigneeGroup(
        name=name, kind=kind, vsic_section=vsic_section[:1], parsed_kind=parsed_kind[:30]
    )
    group._history_user = actor
    group.full_clean(exclude=["locality", "zone"])
    group.save()
    for agency_kind in agency_kinds:
        row = AssigneeGroupAgencyKind(group=group, agency_kind=agency_kind)
        row._history_user = actor
        row.save()
    if agencies:
        group.agencies.set(agencies)
    return group


@transaction.atomic
def assignee_group_for_parsed(*, parsed_kind: str, actor) -> AssigneeGroup:
    """The default group of a parsed group kind: the existing one, else created from its kind.

    Raises ``ValidationError`` for kinds without a default ("agencies", "organisations",
    "named"): those need the admin's mapping.
    """
    group = existing_default_group(parsed_kind)
    if group is not None:
        return group
    default = DEFAULT_GROUPS.get(parsed_kind)
    if default is None:
        raise ValidationError(
            _("Nhóm loại “%s” không tạo tự động được: hãy chọn nhóm hoặc cơ quan.") % parsed_kind
        )
    return assignee_group_create(
        name=str(default.name),
        kind=default.kind,
        agency_kinds=default.agency_kinds,
        vsic_section=default.vsic_section,
        parsed_kind=parsed_kind,
        actor=actor,
    )
