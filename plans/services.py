"""Writes on the annual plan: items, the appraisal and approval workflow, revisions, links.

Workflow (every step a ``PlanTransition`` row with its actor, and a history row):
draft → submitted to Sở Tài chính (DOIT) → returned with comments (appraiser) → submitted again
… → appraised, amounts possibly cut (appraiser) → approved by UBND tỉnh, decision number and
date entered (DOIT or leadership) → in execution (DOIT) → closed at the year's end (DOIT).
A revision (``plan_revise``, DOIT, with reasons) copies the version in force into a new draft
that goes the same way; approving it supersedes the old one, which stays readable as it was.

Concurrency as in the report workflow: each step takes the ``row_version`` the user's page was
built from and claims the row with a compare-and-set (``_claim``); a stale page or a second
user's simultaneous step gets ``StalePlanError`` instead of a silent overwrite. Item edits bump
it too, so a submission never sends a plan its sender has not seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.roles import is_doit, is_finance_appraiser, is_leadership
from assignments.access import may_write
from assignments.choices import FundingSource
from assignments.locks import LockedError
from assignments.models import Task
from config.workflow import claim
from plans import locks as plan_locks
from plans.choices import IN_FORCE_STATUSES, PlanStatus
from plans.models import (
    ActivityPlanLink,
    Plan,
    PlanBudgetLine,
    PlanDeliverable,
    PlanItem,
    PlanTransition,
    PlanVersion,
    ProgressPlanLink,
    over_total_message,
)

EDITABLE_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})


class PlanWorkflowError(ValidationError):
    """A step that is not allowed in the version's current state (the message says why)."""


class StalePlanError(PlanWorkflowError):
    def __init__(self):
        super().__init__(
            _(
                "Kế hoạch vừa được người khác thay đổi; trang đã được tải lại với dữ liệu mới, "
                "hãy kiểm tra rồi thực hiện lại."
            ),
            code="stale",
        )


# --- who may do what -------------------------------------------------------------------------


def may_draft(actor, version: PlanVersion) -> bool:
    """DOIT edits every item of an editable version; agency users their own agency's items."""
    if version.status not in EDITABLE_STATUSES:
        return False
    return is_doit(actor) or (may_write(actor) and actor.agency_id is not None)


def may_edit_item(actor, item: PlanItem) -> bool:
    if not may_draft(actor, item.version):
        return False
    return is_doit(actor) or item.lead_agency_id == actor.agency_id


def may_appraise(actor) -> bool:
    return is_finance_appraiser(actor) or bool(getattr(actor, "is_superuser", False))


def may_approve(actor) -> bool:
    return is_doit(actor) or is_leadership(actor)


# --- helpers ---------------------------------------------------------------------------------


def _claim(version: PlanVersion, row_version: int | None, **changes) -> PlanVersion:
    """Compare-and-set on ``row_version`` (plus ``changes``); refreshes ``version``."""
    return claim(
        PlanVersion.objects.select_related("plan"),
        version,
        row_version,
        StalePlanError,
        field="row_version",
        **changes,
    )


_record = PlanTransition.record


def _save(obj, actor, **kwargs) -> None:
    obj._history_user = actor
    obj.save(**kwargs)


# --- plans and items -------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, year: int, actor, title: str = "") -> PlanVersion:
    """DOIT opens the year's plan: the plan and its first version, a draft."""
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ chuyên viên Sở Công Thương được lập kế hoạch năm."))
    if Plan.objects.filter(year=year).exists():
        raise PlanWorkflowError(_("Kế hoạch năm %(year)s đã có.") % {"year": year}, code="year")
    plan = Plan(year=year, title=title.strip())
    _save(plan, actor)
    version = PlanVersion(plan=plan, number=1, created_by=actor)
    _save(version, actor)
    _record(version, from_status=PlanStatus.DRAFT, actor=actor, comment=_("Lập dự thảo"))
    return version


def _clean_budget(budget: Mapping[str, int]) -> dict[str, int]:
    cleaned = {}
    for source, amount in budget.items():
        if source not in FundingSource.values:
            raise ValidationError({"budget": _("Nguồn kinh phí không hợp lệ.")})
        if amount in (None, ""):
            continue
        value = int(amount)
        if value < 0:
            raise ValidationError({"budget": _("Kinh phí không được âm.")})
        if value:
            cleaned[source] = value
    return cleaned


@transaction.atomic
def item_save(
    *,
    version: PlanVersion,
    actor,
    task: Task,
    title: str,
    lead_agency,
    quarter: int,
    total_vnd: int,
    month: int | None = None,
    coordinating_agencies: Iterable = (),
    deliverables: Iterable[tuple[str, int, str]] = (),
    budget: Mapping[str, int] | None = None,
    note: str = "",
    item: PlanItem | None = None,
    row_version: int | None = None,
) -> PlanItem:
    """Add or change an item of an editable version, replacing its deliverables and budget.

    Agencies draft the items of the tasks they are given (their own agency leads the item);
    DOIT edits every item. The split by funding source may not exceed the item's total.
    """
    if item is not None and item.version_id != version.pk:
        raise ValueError("the item belongs to another version")
    reason = plan_locks.version_lock_reason(version)
    if reason:
        raise LockedError(reason)
    if not may_draft(actor, version):
        if version.status not in EDITABLE_STATUSES:
            raise PlanWorkflowError(
                _("Kế hoạch đang được thẩm định hoặc phê duyệt; không sửa được nội dung.")
            )
        raise PermissionDenied(_("Bạn không có quyền lập nội dung kế hoạch."))
    if not is_doit(actor):
        if item is not None and item.lead_agency_id != actor.agency_id:
            raise PermissionDenied(_("Chỉ sửa được nội dung do đơn vị mình chủ trì."))
        if lead_agency.pk != actor.agency_id:
            raise PermissionDenied(_("Đơn vị chỉ lập nội dung do chính mình chủ trì."))
        if not Task.objects.for_agency(actor.agency_id).filter(pk=task.pk).exists():
            raise ValidationError(
                {"task": _("Nhiệm vụ này không giao cho đơn vị của bạn.")}, code="task"
            )
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("Hãy nhập nội dung công việc.")]
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = [_("Quý phải từ I đến IV.")]
    elif month is not None and not quarter * 3 - 2 <= int(month) <= quarter * 3:
        errors["month"] = [_("Tháng không thuộc quý đã chọn.")]
    if total_vnd is None or int(total_vnd) < 0:
        errors["total_vnd"] = [_("Tổng kinh phí không được âm.")]
    lines = _clean_budget(budget or {})
    if not errors and sum(lines.values()) > int(total_vnd):
        errors["budget"] = [over_total_message(allocated=sum(lines.values()), total=int(total_vnd))]
    kinds = [(k, int(q or 0), (label or "").strip()) for k, q, label in deliverables]
    if any(q < 0 for _k, q, _l in kinds):
        errors["deliverables"] = [_("Số lượng không được âm.")]
    if errors:
        raise ValidationError(errors)
    _claim(version, row_version)
    if item is None:
        last = version.items.order_by("-order").values_list("order", flat=True).first() or 0
        item = PlanItem(version=version, order=last + 1)
    item.task = task
    item.title = title.strip()
    item.lead_agency = lead_agency
    item.quarter = quarter
    item.month = month or None
    item.note = (note or "").strip()
    # lines first shrink to nothing so the item's total may fall below the old split
    if item.pk:
        item.budget_lines.all().delete()
        item.deliverables.all().delete()
    item.total_vnd = int(total_vnd)
    _save(item, actor)
    item.coordinating_agencies.set([a for a in coordinating_agencies if a.pk != lead_agency.pk])
    for source, amount in lines.items():
        _save(PlanBudgetLine(item=item, funding_source=source, planned_vnd=amount), actor)
    for kind, quantity, label in kinds:
        if quantity:
            _save(
                PlanDeliverable(item=item, kind=kind, planned_quantity=quantity, label=label), actor
            )
    return item


@transaction.atomic
def item_delete(*, item: PlanItem, actor, row_version: int | None = None) -> None:
    version = item.version
    reason = plan_locks.version_lock_reason(version)
    if reason:
        raise LockedError(reason)
    if not may_edit_item(actor, item):
        raise PermissionDenied(_("Bạn không có quyền xóa nội dung này."))
    _claim(version, row_version)
    item._history_user = actor
    item.budget_lines.all().delete()
    item.deliverables.all().delete()
    item.coordinating_agencies.clear()
    item.delete()


@transaction.atomic
def items_reorder(*, version: PlanVersion, actor, ordered_ids: list[int], row_version=None):
    """DOIT puts the consolidated items in order (ids not listed keep their place after)."""
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ Sở Công Thương sắp xếp các nội dung kế hoạch."))
    reason = plan_locks.version_lock_reason(version)
    if reason:
        raise LockedError(reason)
    if version.status not in EDITABLE_STATUSES:
        raise PlanWorkflowError(_("Chỉ sắp xếp được khi kế hoạch đang là dự thảo."))
    _claim(version, row_version)
    items = {i.pk: i for i in version.items.all()}
    order = [pk for pk in ordered_ids if pk in items]
    order += sorted((pk for pk in items if pk not in order), key=lambda pk: items[pk].order)
    changed = []
    for position, pk in enumerate(order, start=1):
        if items[pk].order != position:
            items[pk].order = position
            changed.append(items[pk])
    for item in changed:
        _save(item, actor, update_fields=["order"])
    return version


@transaction.atomic
def version_update_document(
    *,
    version: PlanVersion,
    actor,
    row_version: int | None,
    doc_number: str = "",
    issued_on: dt.date | None = None,
    recipients: str = "",
    signer_name: str = "",
    signer_title: str = "",
) -> PlanVersion:
    """DOIT fills the document's number, date, recipients and signer while it is a draft."""
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ Sở Công Thương sửa thông tin văn bản kế hoạch."))
    reason = plan_locks.version_lock_reason(version)
    if reason:
        raise LockedError(reason)
    _claim(version, row_version)
    version.doc_number = doc_number.strip()
    version.issued_on = issued_on
    version.recipients = recipients.strip()
    version.signer_name = signer_name.strip()
    version.signer_title = signer_title.strip() or version.signer_title
    _save(version, actor)
    return version


# --- workflow --------------------------------------------------------------------------------


def _unallocated(version: PlanVersion) -> list[PlanItem]:
    return [i for i in version.items.with_totals() if i.allocated_vnd != i.total_vnd]


@transaction.atomic
def plan_submit(*, version: PlanVersion, actor, row_version: int | None, comment: str = ""):
    """DOIT sends the consolidated draft to Sở Tài chính for appraisal."""
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ Sở Công Thương gửi kế hoạch đi thẩm định."))
    _claim(version, row_version)
    if version.status not in EDITABLE_STATUSES:
        raise PlanWorkflowError(_("Chỉ gửi được dự thảo hoặc kế hoạch bị trả lại."))
    if not version.items.exists():
        raise PlanWorkflowError(_("Kế hoạch chưa có nội dung nào."))
    missing = _unallocated(version)
    if missing:
        raise PlanWorkflowError(
            _(
                "%(count)s nội dung chưa chia hết kinh phí theo nguồn (ví dụ: “%(title)s”); "
                "tổng các nguồn phải bằng tổng kinh phí trước khi gửi thẩm định."
            )
            % {"count": len(missing), "title": missing[0].title[:80]}
        )
    before = version.status
    version.status = PlanStatus.SUBMITTED
    _save(version, actor)
    # a new round of appraisal starts from the planned amounts
    lines = list(PlanBudgetLine.objects.filter(item__version=version, appraised_vnd__isnull=False))
    for line in lines:
        line.appraised_vnd = None
    bulk_update_with_history(lines, PlanBudgetLine, ["appraised_vnd"], default_user=actor)
    _record(version, from_status=before, actor=actor, comment=(comment or "").strip())
    return version


@transaction.atomic
def plan_return(*, version: PlanVersion, actor, row_version: int | None, comment: str):
    """Sở Tài chính returns the plan with its comments (DOIT revises and submits again)."""
    if not may_appraise(actor):
        raise PermissionDenied(_("Chỉ chuyên viên Sở Tài chính thẩm định kế hoạch."))
    comment = (comment or "").strip()
    if not comment:
        raise PlanWorkflowError(_("Phải ghi ý kiến khi trả lại kế hoạch."), code="comment")
    _claim(version, row_version)
    if version.status != PlanStatus.SUBMITTED:
        raise PlanWorkflowError(_("Chỉ trả lại được kế hoạch đang chờ thẩm định."))
    before = version.status
    version.status = PlanStatus.RETURNED
    version.appraisal_comment = comment
    _save(version, actor)
    _record(version, from_status=before, actor=actor, comment=comment)
    return version


@transaction.atomic
def plan_appraise(
    *,
    version: PlanVersion,
    actor,
    row_version: int | None,
    amounts: Mapping[int, int] | None = None,
    comment: str = "",
):
    """Sở Tài chính accepts the plan, possibly cutting amounts: ``amounts`` maps budget line pks
    to the appraised amount (≤ planned); lines not named keep their planned amount."""
    if not may_appraise(actor):
        raise PermissionDenied(_("Chỉ chuyên viên Sở Tài chính thẩm định kế hoạch."))
    _claim(version, row_version)
    if version.status != PlanStatus.SUBMITTED:
        raise PlanWorkflowError(_("Chỉ thẩm định được kế hoạch đang chờ thẩm định."))
    amounts = dict(amounts or {})
    lines = list(PlanBudgetLine.objects.filter(item__version=version))
    known = {line.pk for line in lines}
    errors = []
    for pk, value in amounts.items():
        if pk not in known:
            errors.append(_("Dòng kinh phí không thuộc kế hoạch này."))
        elif value is None or int(value) < 0:
            errors.append(_("Kinh phí thẩm định không được âm."))
    for line in lines:
        value = amounts.get(line.pk)
        if value is not None and int(value) > line.planned_vnd:
            errors.append(
                _("Kinh phí thẩm định không được vượt kinh phí dự kiến (%(item)s).")
                % {"item": line.item.title[:60]}
            )
    if errors:
        raise ValidationError({"amounts": errors})
    for line in lines:
        value = amounts.get(line.pk)
        line.appraised_vnd = line.planned_vnd if value is None else int(value)
    bulk_update_with_history(lines, PlanBudgetLine, ["appraised_vnd"], default_user=actor)
    before = version.status
    version.status = PlanStatus.APPRAISED
    version.appraisal_comment = (comment or "").strip()
    _save(version, actor)
    _record(version, from_status=before, actor=actor, comment=(comment or "").strip())
    return version


@transaction.atomic
def plan_approve(
    *,
    version: PlanVersion,
    actor,
    row_version: int | None,
    decision_number: str,
    decision_date: dt.date | None,
    comment: str = "",
):
    """Record UBND tỉnh's approval (decision number and date): the approved amounts are the
    appraised ones, and from now on the version is frozen. Approving a revision supersedes the
    version it revises."""
    if not may_approve(actor):
        raise PermissionDenied(_("Chỉ Sở Công Thương hoặc lãnh đạo ghi nhận quyết định phê duyệt."))
    errors = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = [_("Hãy nhập số quyết định phê duyệt.")]
    if decision_date is None:
        errors["decision_date"] = [_("Hãy nhập ngày quyết định.")]
    if errors:
        raise ValidationError(errors)
    _claim(version, row_version)
    if version.status != PlanStatus.APPRAISED:
        raise PlanWorkflowError(_("Chỉ phê duyệt được kế hoạch đã được Sở Tài chính thẩm định."))
    lines = list(PlanBudgetLine.objects.filter(item__version=version))
    for line in lines:
        line.approved_vnd = line.appraised_vnd
    bulk_update_with_history(lines, PlanBudgetLine, ["approved_vnd"], default_user=actor)
    previous = (
        PlanVersion.objects.in_force().filter(plan=version.plan).exclude(pk=version.pk).first()
    )
    if previous is not None:
        superseded_from = previous.status
        _claim(previous, None, status=PlanStatus.SUPERSEDED)
        _record(
            previous,
            from_status=superseded_from,
            actor=actor,
            comment=_("Được thay thế bởi phiên bản %(number)s") % {"number": version.number},
        )
    before = version.status
    version.status = PlanStatus.APPROVED
    version.decision_number = decision_number.strip()
    version.decision_date = decision_date
    _save(version, actor)
    _record(version, from_status=before, actor=actor, comment=(comment or "").strip())
    return version


def _post_approval_step(version, actor, row_version, *, allowed, to, message, comment=""):
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ Sở Công Thương thực hiện bước này."))
    before = version.status
    if before not in allowed:
        raise PlanWorkflowError(message)
    # a frozen version's own step: status and row version only (plans.locks)
    _claim(version, row_version, status=to)
    _record(version, from_status=before, actor=actor, comment=(comment or "").strip())
    return version


@transaction.atomic
def plan_start_execution(*, version: PlanVersion, actor, row_version: int | None):
    return _post_approval_step(
        version,
        actor,
        row_version,
        allowed={PlanStatus.APPROVED},
        to=PlanStatus.EXECUTING,
        message=_("Chỉ triển khai được kế hoạch đã được phê duyệt."),
    )


@transaction.atomic
def plan_close(*, version: PlanVersion, actor, row_version: int | None, comment: str = ""):
    if version.plan.versions.open().exists():
        raise PlanWorkflowError(_("Còn bản điều chỉnh chưa được phê duyệt; không kết thúc được."))
    return _post_approval_step(
        version,
        actor,
        row_version,
        allowed={PlanStatus.APPROVED, PlanStatus.EXECUTING},
        to=PlanStatus.CLOSED,
        message=_("Chỉ kết thúc được kế hoạch đang thực hiện."),
        comment=comment,
    )


@transaction.atomic
def plan_revise(*, version: PlanVersion, actor, reason: str) -> PlanVersion:
    """DOIT starts a mid-year revision of the version in force: a new draft with the same items
    (same lineage, planned = the approved amounts), which goes through appraisal again."""
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ Sở Công Thương lập bản điều chỉnh kế hoạch."))
    reason = (reason or "").strip()
    if not reason:
        raise PlanWorkflowError(_("Phải ghi lý do điều chỉnh."), code="reason")
    if version.status not in (PlanStatus.APPROVED, PlanStatus.EXECUTING):
        raise PlanWorkflowError(_("Chỉ điều chỉnh được kế hoạch đang có hiệu lực."))
    if version.plan.versions.open().exists():
        raise PlanWorkflowError(_("Đã có một bản điều chỉnh đang soạn hoặc đang thẩm định."))
    number = (version.plan.versions.order_by("-number").values_list("number", flat=True)[0]) + 1
    new = PlanVersion(
        plan=version.plan,
        number=number,
        based_on=version,
        revision_reason=reason,
        created_by=actor,
        recipients=version.recipients,
        signer_name=version.signer_name,
        signer_title=version.signer_title,
    )
    _save(new, actor)
    items = list(
        version.items.prefetch_related("budget_lines", "deliverables", "coordinating_agencies")
    )
    for old in items:
        copy = PlanItem(
            version=new,
            lineage=old.lineage,
            order=old.order,
            task_id=old.task_id,
            title=old.title,
            lead_agency_id=old.lead_agency_id,
            quarter=old.quarter,
            month=old.month,
            total_vnd=sum(line.approved_vnd or 0 for line in old.budget_lines.all()),
            note=old.note,
        )
        _save(copy, actor)
        copy.coordinating_agencies.set(old.coordinating_agencies.all())
        bulk_create_with_history(
            [
                PlanBudgetLine(
                    item=copy,
                    funding_source=line.funding_source,
                    planned_vnd=line.approved_vnd or 0,
                )
                for line in old.budget_lines.all()
                if line.approved_vnd
            ],
            PlanBudgetLine,
            default_user=actor,
        )
        bulk_create_with_history(
            [
                PlanDeliverable(
                    item=copy, kind=d.kind, planned_quantity=d.planned_quantity, label=d.label
                )
                for d in old.deliverables.all()
            ],
            PlanDeliverable,
            default_user=actor,
        )
    _record(new, from_status=PlanStatus.DRAFT, actor=actor, comment=reason)
    return new


# --- links from execution --------------------------------------------------------------------


def _check_link(item: PlanItem, agency_id: int, day: dt.date | None, field: str) -> None:
    if item.version.status not in IN_FORCE_STATUSES:
        raise ValidationError({field: _("Chỉ gắn được vào kế hoạch đã được phê duyệt.")})
    agencies = {item.lead_agency_id, *item.coordinating_agencies.values_list("pk", flat=True)}
    if agency_id not in agencies:
        raise ValidationError(
            {field: _("Đơn vị không chủ trì hay phối hợp nội dung kế hoạch này.")}
        )
    if day is not None and day.year != item.version.plan.year:
        raise ValidationError(
            {
                field: _("Hoạt động năm %(year)s không tính cho kế hoạch năm khác.")
                % {"year": day.year}
            }
        )


@transaction.atomic
def activity_link(*, activity, item: PlanItem | None, actor) -> ActivityPlanLink | None:
    """Count ``activity`` for ``item`` (None: for no item). The activity's own lock applies."""
    existing = ActivityPlanLink.objects.filter(activity=activity).first()
    if item is None:
        if existing is not None:
            existing._history_user = actor
            existing.delete()
        return None
    _check_link(item, activity.agency_id, activity.held_on, "plan_item")
    link = existing or ActivityPlanLink(activity=activity, linked_by=actor)
    link.item = item
    link.linked_by = actor
    _save(link, actor)
    return link


@transaction.atomic
def progress_link(*, progress, item: PlanItem | None, actor) -> ProgressPlanLink | None:
    existing = ProgressPlanLink.objects.filter(progress=progress).first()
    if item is None:
        if existing is not None:
            existing._history_user = actor
            existing.delete()
        return None
    _check_link(item, progress.agency_id, None, "plan_item")
    link = existing or ProgressPlanLink(progress=progress, linked_by=actor)
    link.item = item
    link.linked_by = actor
    _save(link, actor)
    return link
