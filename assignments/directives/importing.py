"""Writes on programme data: importing a directive with its agencies, tasks and targets.

The admin "Nạp văn bản" view, ``manage.py import_directive`` and the demo seed all call
``directive_import``; ``directive_preview`` is the read-only step before it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Agency
from assignments.choices import AssigneeGroupKind, Recurrence, TaskCategory
from assignments.groups import (
    assignee_group_create,
    assignee_group_for_parsed,
    default_group_name,
    existing_default_group,
    has_default_group,
)
from assignments.models import AssigneeGroup, Task
from config.text import strip_accents
from programs.agency_matching import AgencyMatch, AgencyMatcher, match_key
from programs.choices import Comparison, DocumentKind, IndicatorComputation, ReportingFrequency
from programs.directive_parser import ParsedAssignment, ParsedDirective, task_timing
from programs.models import Indicator, LegalDocument, Target

NEW = "new"
SKIP = "skip"

# what the admin does with a group the parser found (``corrections["groups"]``)
GROUP_EXISTING = "group"  # give the task to an existing group ({"group": pk})
GROUP_CREATE = "create"  # create the group from its kind (a named set: from "agencies")
GROUP_SPLIT = "split"  # one task per chosen agency ({"agencies": [pk, …]})
GROUP_AGENCY = "agency"  # one task for one agency ({"agency": pk})
GROUP_SKIP = "skip"
GROUP_ACTIONS = (GROUP_EXISTING, GROUP_CREATE, GROUP_SPLIT, GROUP_AGENCY, GROUP_SKIP)

#: the parser's group kinds (programs.directive_parser.addressees.GROUP_KINDS), for people
GROUP_KIND_LABELS = {
    "departments": gettext_lazy("các sở, ban, ngành"),
    "communes": gettext_lazy("UBND các xã, phường"),
    "enterprises": gettext_lazy("doanh nghiệp sản xuất công nghiệp"),
    "agencies": gettext_lazy("các cơ quan liên quan, không nêu tên"),
    "organisations": gettext_lazy("tổ chức, cá nhân ngoài cơ quan nhà nước"),
    "mass_organisations": gettext_lazy("Mặt trận, đoàn thể, hội"),
    "media": gettext_lazy("các cơ quan báo chí"),
    "named": gettext_lazy("danh sách cơ quan"),
}

# --------------------------------------------------------------------------------------------
# Guesses the admin can correct


_CATEGORY_WORDS = [
    (r"tuyen truyen|truyen thong|pho bien|thong tin|nhan thuc|gioi thieu", TaskCategory.AWARENESS),
    (r"tap huan|dao tao|boi duong", TaskCategory.TRAINING),
    (r"kiem tra|giam sat|thanh tra|xu ly vi pham", TaskCategory.INSPECTION),
    (r"mo hinh|trinh dien|nhan rong", TaskCategory.DEMONSTRATION),
    (r"chinh sach|co che|quy hoach|van ban quy pham|chi thi|ke hoach", TaskCategory.POLICY),
    (r"kinh phi|nguon von|ngan sach|\bvon\b|tai tro", TaskCategory.FUNDING),
    (
        r"tu van|huong dan ky thuat|ho tro ky thuat|danh gia tiem nang",
        TaskCategory.TECHNICAL_SUPPORT,
    ),
]
#: only when nothing more specific is named ("phối hợp" is in almost every task)
_FALLBACK_CATEGORY_WORDS = [
    (r"bao cao|tong hop", TaskCategory.REPORTING),
    (r"phoi hop|chi dao|trien khai", TaskCategory.COORDINATION),
]


def guess_task_category(text: str) -> str:
    """The category whose keyword appears first in the task ("Đẩy mạnh tuyên truyền, đào tạo…"
    → awareness; "rà soát … cơ chế, chính sách" → policy)."""
    plain = strip_accents(text or "").lower()
    for words in (_CATEGORY_WORDS, _FALLBACK_CATEGORY_WORDS):
        best, best_pos = None, len(plain) + 1
        for pattern, category in words:
            m = re.search(pattern, plain)
            if m and m.start() < best_pos:
                best, best_pos = category, m.start()
        if best is not None:
            return best
    return TaskCategory.OTHER


_MEDIUM_LARGE_UNIT_CODE = "dn-vua-lon-co-bo-phan-sxsh"


def guess_indicators(text: str) -> list[str]:
    """Computation keys (or the manual indicator's code) a target's wording refers to.

    "tiết kiệm … năng lượng, nguyên, nhiên, vật liệu" names two measures: energy and materials.
    """
    plain = strip_accents(text or "").lower()
    if "tiet kiem" in plain:
        keys = []
        if "nang luong" in plain or "dien" in plain.split():
            keys.append(IndicatorComputation.AVG_ENERGY_SAVING)
        if re.search(r"nguyen|nhien|vat lieu", plain):
            keys.append(IndicatorComputation.AVG_MATERIAL_SAVING)
        return keys or [IndicatorComputation.AVG_ENERGY_SAVING]
    if "can bo" in plain and re.search(r"dao tao|tap huan|boi duong", plain):
        return [IndicatorComputation.SHARE_STAFF_TRAINED]
    if re.search(r"bo phan|to chuyen trach|don vi chuyen trach", plain):
        return [_MEDIUM_LARGE_UNIT_CODE]
    if re.search(r"nhan thuc|tuyen truyen|pho bien", plain):
        return [IndicatorComputation.SHARE_INFORMED]
    if "ap dung" in plain:
        return [IndicatorComputation.SHARE_APPLYING]
    return []


def _indicator_for(key: str) -> Indicator | None:
    if key in IndicatorComputation.values and key != IndicatorComputation.MANUAL:
        return Indicator.objects.filter(computation=key).order_by("order", "pk").first()
    return Indicator.objects.filter(code=key).first()


def _parse_value(value: str) -> tuple[Decimal | None, Decimal | None, str]:
    parts = [p.strip().replace(",", ".") for p in re.split(r"\s*[-–]\s*", value or "") if p.strip()]
    try:
        numbers = [Decimal(p) for p in parts]
    except InvalidOperation:
        return None, None, Comparison.AT_LEAST
    if len(numbers) == 1:
        return numbers[0], None, Comparison.AT_LEAST
    if len(numbers) == 2:
        low, high = sorted(numbers)
        return low, high, Comparison.RANGE
    return None, None, Comparison.AT_LEAST


# --------------------------------------------------------------------------------------------
# Preview (read only)


@dataclass
class DirectivePreview:
    parsed: ParsedDirective
    matches: dict[str, AgencyMatch]
    duplicate_of: LegalDocument | None
    target_indicators: list[list[Indicator | None]] = field(default_factory=list)

    @property
    def new_names(self) -> list[str]:
        return [name for name, m in self.matches.items() if m.is_new]

    @property
    def warnings(self) -> list[str]:
        return list(self.parsed.warnings)

    @property
    def group_rows(self) -> list[ParsedGroup]:
        """Every group an assignment is given to, in order, with its default mapping."""
        return parsed_groups(self.parsed)


@dataclass
class ParsedGroup:
    """One group of bodies an assignment is given to, as the preview and the import see it.

    ``key`` ("<assignment index>.<group index>", "c<…>.<…>" for a coordinating group) names
    it in ``corrections["groups"]``; ``default`` is what happens without a correction: the
    existing group of its kind, a new one made from the kind (or, for a named set, from the
    agencies it lists), else nothing. ``role``: "lead" — the task is given to the group —
    or "coordinating" — the group's members coordinate the item's tasks.
    """

    key: str
    index: int
    item: ParsedAssignment
    group: dict
    default_group: AssigneeGroup | None = None
    default_action: str = GROUP_SKIP
    member_matches: list[AgencyMatch] = field(default_factory=list)
    role: str = "lead"

    @property
    def is_coordinating(self) -> bool:
        return self.role == "coordinating"

    @property
    def kind(self) -> str:
        return self.group.get("kind", "")

    @property
    def text(self) -> str:
        return self.group.get("text", "")

    @property
    def kind_label(self) -> str:
        return str(GROUP_KIND_LABELS.get(self.kind, self.kind))

    @property
    def proposed_name(self) -> str:
        """The name a group created from this one gets."""
        if self.kind == "named":
            return _named_group_name(self, len(self.matched_members))
        return default_group_name(self.kind) or self.text[:200]

    @property
    def matched_members(self) -> list[Agency]:
        return _unique([m.assigned for m in self.member_matches if m.agency is not None])

    @property
    def unmatched_members(self) -> list[str]:
        return [m.written for m in self.member_matches if m.agency is None]


def parsed_groups(parsed: ParsedDirective, matcher: AgencyMatcher | None = None) -> list:
    """The groups of ``parsed``'s assignments, each with its default mapping (reads only)."""
    matcher = matcher or AgencyMatcher()
    rows = []
    for i, item in enumerate(parsed.assignments):
        given = [("lead", "", g) for g in item.groups]
        given += [("coordinating", "c", g) for g in item.coordinating_groups]
        counters = {"lead": 0, "coordinating": 0}
        for role, prefix, group in given:
            j = counters[role]
            counters[role] += 1
            row = ParsedGroup(key=f"{prefix}{i}.{j}", index=i, item=item, group=group, role=role)
            kind = row.kind
            if kind == "named":
                row.member_matches = [matcher.match(name) for name in group.get("members", [])]
                row.default_action = GROUP_CREATE if row.matched_members else GROUP_SKIP
            elif has_default_group(kind):
                row.default_group = existing_default_group(kind)
                row.default_action = GROUP_EXISTING if row.default_group else GROUP_CREATE
            rows.append(row)
    return rows


def _written_names(parsed: ParsedDirective) -> list[str]:
    names: list[str] = []
    for item in parsed.assignments:
        for name in item.lead + item.coordinating:
            if name not in names:
                names.append(name)
    if parsed.report_to and parsed.report_to not in names:
        names.append(parsed.report_to)
    return names


def _find_duplicate(parsed: ParsedDirective) -> LegalDocument | None:
    if parsed.number:
        return LegalDocument.objects.filter(number__iexact=parsed.number).first()
    if parsed.title:
        return LegalDocument.objects.filter(title__iexact=parsed.title, number="").first()
    return None


def directive_preview(*, parsed: ParsedDirective) -> DirectivePreview:
    """How each written agency name matches, the guessed indicators, and a duplicate if any."""
    matcher = AgencyMatcher()
    matches = {name: matcher.match(name) for name in _written_names(parsed)}
    indicators = [
        [_indicator_for(key) for key in guess_indicators(t.indicator)] for t in parsed.targets
    ]
    return DirectivePreview(parsed, matches, _find_duplicate(parsed), indicators)


# --------------------------------------------------------------------------------------------
# Import


@dataclass
class ImportOutcome:
    document: LegalDocument
    tasks: int = 0  # every task saved, group tasks included
    group_tasks: int = 0  # of which given to a group
    targets: int = 0
    agencies_created: list[Agency] = field(default_factory=list)
    groups_created: list[AssigneeGroup] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: one line per group the parser found: what was done with it
    group_notes: list[str] = field(default_factory=list)


#: the document's facts the admin may correct before saving, in the order the review shows them
#: (the review form's fields, the preview's initial values and ``corrections["document"]``)
DOCUMENT_FIELDS = (
    "kind",
    "number",
    "title",
    "issuer",
    "signed_on",
    "effective_on",
    "reporting_frequency",
    "report_to",
    "signer_name",
    "signer_title",
)


def _as_date(value, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            _("%(field)s: “%(value)s” không phải ngày hợp lệ.") % {"field": label, "value": value}
        ) from None


def _apply_document_corrections(parsed: ParsedDirective, corrections: dict) -> None:
    unknown = set(corrections) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %s") % ", ".join(sorted(unknown)))
    for key, value in corrections.items():
        if key in ("signed_on", "effective_on"):
            value = _as_date(value, key)
        elif isinstance(value, str):
            value = value.strip() or None
        setattr(parsed, key, value)


@transaction.atomic
def directive_import(
    *,
    parsed: ParsedDirective | dict,
    actor,
    corrections: dict | None = None,
    original_text: str = "",
) -> ImportOutcome:
    """Save a parsed directive: the document, new agencies, one task per lead agency, targets.

    ``corrections`` (all optional), as the admin preview sends them:
    ``{"document": {field: value}, "agencies": {written name: agency pk | "new" | "skip"},
    "skip_refs": [ref, …], "targets": {index: indicator code | "new" | "skip"},
    "assign_skipped": {ref of a skipped paragraph: agency pk}}``.

    Groups the parser found (all communes, the enterprises, a named set…) follow
    ``"groups": {"<assignment index>.<group index>": {"action": …}}`` — ``group`` (an existing
    group's pk in ``"group"``), ``create`` (from its kind; a named set from ``"agencies"`` or
    the agencies it lists), ``split`` (one task per agency in ``"agencies"``), ``agency`` (one
    task for ``"agency"``), ``skip``. Without a correction: the existing group of its kind,
    else one created from the kind, a named set made of the listed agencies that match; the
    agencies concerned, unnamed ("các sở, ngành liên quan") and bodies outside the
    administration are skipped and named in ``outcome.group_notes``. An item given only to a
    group that ends up skipped is listed in ``outcome.skipped``.

    A written name that matches a dissolved agency assigns its tasks to the successor (see
    ``AgencyMatcher``). Raises ``ValidationError`` (with a Vietnamese message) and saves nothing
    when the document is incomplete, already imported, or a correction names a missing agency.
    """
    if isinstance(parsed, dict):
        try:
            parsed = ParsedDirective.from_dict(parsed)
        except (TypeError, ValueError, KeyError) as exc:
            raise ValidationError(_("Dữ liệu văn bản không hợp lệ: %s") % exc) from exc
    corrections = corrections or {}
    _apply_document_corrections(parsed, corrections.get("document") or {})

    if not parsed.title:
        raise ValidationError(_("Thiếu trích yếu (tên) của văn bản."))
    if parsed.kind not in DocumentKind.values:
        raise ValidationError(_("Loại văn bản “%s” không hợp lệ.") % parsed.kind)
    if parsed.reporting_frequency and parsed.reporting_frequency not in ReportingFrequency.values:
        raise ValidationError(_("Chế độ báo cáo “%s” không hợp lệ.") % parsed.reporting_frequency)
    duplicate = _find_duplicate(parsed)
    if duplicate is not None:
        raise ValidationError(
            _("Văn bản “%(doc)s” đã có trong hệ thống (mã %(pk)s).")
            % {"doc": duplicate, "pk": duplicate.pk}
        )
    if (
        parsed.effective_on is None
        and parsed.signed_on
        and parsed.effective_days_after_signing is not None
    ):
        parsed.effective_on = parsed.signed_on + dt.timedelta(
            days=parsed.effective_days_after_signing
        )

    outcome = ImportOutcome(document=None)  # type: ignore[arg-type]
    resolved = _resolve_agencies(parsed, corrections.get("agencies") or {}, actor, outcome)

    report_to = resolved.get(parsed.report_to) if parsed.report_to else None
    document = LegalDocument(
        kind=parsed.kind,
        number=(parsed.number or "")[:60],
        title=parsed.title,
        issuer=(parsed.issuer or "")[:255],
        signer_name=(parsed.signer_name or "")[:120],
        signer_title=(parsed.signer_title or "")[:120],
        signed_on=parsed.signed_on,
        effective_on=parsed.effective_on,
        period_start_year=parsed.period_start_year,
        period_end_year=parsed.period_end_year,
        legal_basis_text="\n".join(parsed.legal_basis),
        reporting_frequency=parsed.reporting_frequency or "",
        report_to=report_to,
        original_text=original_text,
    )
    document._history_user = actor
    document.full_clean(exclude=["attachment"])
    document.save()
    outcome.document = document
    if parsed.basis_numbers:
        document.legal_basis.set(
            LegalDocument.objects.filter(number__in=parsed.basis_numbers).exclude(pk=document.pk)
        )

    skip_refs = set(corrections.get("skip_refs") or [])
    group_choices = corrections.get("groups") or {}
    if not isinstance(group_choices, dict):
        raise ValidationError(_("Cách gán nhóm không hợp lệ."))
    groups_by_item: dict[int, list[ParsedGroup]] = {}
    for row in parsed_groups(parsed):
        groups_by_item.setdefault(row.index, []).append(row)
    for order, item in enumerate(parsed.assignments, start=1):
        if item.ref in skip_refs:
            continue
        leads = _unique([resolved.get(name) for name in item.lead])
        coordinating = _unique([resolved.get(n) for n in item.coordinating])
        rows = groups_by_item.get(order - 1, [])
        # coordinating groups first: every task of the item gets them
        coordinating_groups = []
        for row in (r for r in rows if r.is_coordinating):
            group, agencies = _coordinating_group_resolve(
                row, group_choices.get(row.key), actor, outcome, resolved
            )
            if group is not None and all(g.pk != group.pk for g in coordinating_groups):
                coordinating_groups.append(group)
            coordinating = _unique(coordinating + agencies)
        coordinating = (coordinating, coordinating_groups)
        saved_leads = {lead.pk for lead in leads}
        for lead in leads:
            _task_save(document, item, lead, coordinating, order, actor)
            outcome.tasks += 1
        given = bool(leads)
        for row in (r for r in rows if not r.is_coordinating):
            given |= _group_save(
                document,
                row,
                group_choices.get(row.key),
                coordinating,
                order,
                actor,
                outcome,
                saved_leads,
                resolved,
            )
        if not given:
            outcome.skipped.append(item.ref)

    # paragraphs the parser could not assign, given to an agency by the admin
    assigned = corrections.get("assign_skipped") or {}
    for order, skip in enumerate(parsed.skipped, start=len(parsed.assignments) + 1):
        choice = assigned.get(skip.ref)
        if not choice:
            continue
        agency = _agency_by_pk(choice, skip.ref)
        item = ParsedAssignment(ref=skip.ref, lead=[agency.name], text=skip.text)
        timing = task_timing(skip.text)
        item.due, item.recurrence = timing.due, timing.recurrence
        _task_save(document, item, agency, ([], []), order, actor)
        outcome.tasks += 1

    target_choices = {str(k): v for k, v in (corrections.get("targets") or {}).items()}
    for index, parsed_target in enumerate(parsed.targets):
        choice = target_choices.get(str(index))
        if choice == SKIP:
            continue
        if choice and choice != NEW:
            indicators = [Indicator.objects.filter(code=choice).first()]
            if indicators[0] is None:
                raise ValidationError(_("Không có chỉ tiêu mã “%s”.") % choice)
        elif choice == NEW:
            indicators = [_new_indicator(parsed_target.indicator, actor)]
        else:
            indicators = [
                i
                for i in (_indicator_for(k) for k in guess_indicators(parsed_target.indicator))
                if i
            ] or [_new_indicator(parsed_target.indicator, actor)]
        low, high, comparison = _parse_value(parsed_target.value)
        if low is None:
            raise ValidationError(
                _("Mục tiêu “%(text)s”: không đọc được giá trị “%(value)s”.")
                % {"text": parsed_target.indicator[:80], "value": parsed_target.value}
            )
        for indicator in indicators:
            target = Target(
                document=document,
                indicator=indicator,
                milestone_year=parsed_target.by_year,
                comparison=comparison,
                value_min=low,
                value_max=high,
                unit=(parsed_target.unit or "%")[:40],
                text=parsed_target.text or parsed_target.indicator,
            )
            target._history_user = actor
            target.save()
            outcome.targets += 1
    return outcome


def _group_save(
    document,
    row: ParsedGroup,
    choice,
    coordinating,
    order: int,
    actor,
    outcome: ImportOutcome,
    saved_leads: set[int],
    resolved: dict,
) -> bool:
    """Save what the admin chose for one parsed group; True when a task was saved for it."""
    label = _group_label(row)
    choice = _group_choice(row, choice, label)
    action = choice["action"]
    if action == GROUP_SKIP:
        outcome.group_notes.append(_("%s: bỏ qua, không giao.") % label)
        return False
    if action in (GROUP_SPLIT, GROUP_AGENCY):
        agencies = _chosen_agencies(row, choice, label)
        saved = 0
        for agency in agencies:
            if agency.pk in saved_leads:
                continue  # the item already has a task for this agency
            _task_save(document, row.item, agency, coordinating, order, actor)
            saved_leads.add(agency.pk)
            outcome.tasks += 1
            saved += 1
        outcome.group_notes.append(
            _("%(label)s: giao cho %(n)s cơ quan (%(names)s).")
            % {"label": label, "n": len(agencies), "names": ", ".join(a.name for a in agencies)}
        )
        return bool(agencies)
    group, created = _chosen_group(row, choice, actor, outcome, resolved, label)
    if created:
        note = _("%(label)s: tạo nhóm “%(group)s” và giao cho nhóm.")
    else:
        note = _("%(label)s: giao cho nhóm “%(group)s”.")
    _task_save(document, row.item, None, coordinating, order, actor, group=group)
    outcome.tasks += 1
    outcome.group_tasks += 1
    outcome.group_notes.append(note % {"label": label, "group": group.name})
    return True


def _coordinating_group_resolve(
    row: ParsedGroup, choice, actor, outcome: ImportOutcome, resolved: dict
) -> tuple[AssigneeGroup | None, list[Agency]]:
    """What the admin chose for a coordinating group: the group whose members coordinate the
    item's tasks, or the agencies it is split into (then they coordinate by name)."""
    label = _group_label(row)
    choice = _group_choice(row, choice, label)
    action = choice["action"]
    if action == GROUP_SKIP:
        outcome.group_notes.append(_("%s: phối hợp — bỏ qua.") % label)
        return None, []
    if action in (GROUP_SPLIT, GROUP_AGENCY):
        agencies = _chosen_agencies(row, choice, label)
        outcome.group_notes.append(
            _("%(label)s: phối hợp — %(names)s.")
            % {"label": label, "names": ", ".join(a.name for a in agencies)}
        )
        return None, agencies
    group, created = _chosen_group(row, choice, actor, outcome, resolved, label)
    note = (
        _("%(label)s: tạo nhóm “%(group)s”, nhóm phối hợp.")
        if created
        else _("%(label)s: nhóm “%(group)s” phối hợp.")
    )
    outcome.group_notes.append(note % {"label": label, "group": group.name})
    return group, []


def _group_label(row: ParsedGroup) -> str:
    return f"{row.item.ref} “{row.text[:80]}”"


def _group_choice(row: ParsedGroup, choice, label: str) -> dict:
    """The admin's choice for a parsed group, or its default mapping; refused when malformed."""
    if choice is None:
        choice = {"action": row.default_action}
        if row.default_group is not None:
            choice["group"] = row.default_group.pk
    if not isinstance(choice, dict) or choice.get("action") not in GROUP_ACTIONS:
        raise ValidationError(_("%s: cách gán nhóm không hợp lệ.") % label)
    return choice


def _chosen_agencies(row: ParsedGroup, choice: dict, label: str) -> list[Agency]:
    """The agencies of a split (GROUP_SPLIT) or the one agency (GROUP_AGENCY)."""
    action = choice["action"]
    pks = choice.get("agencies") if action == GROUP_SPLIT else [choice.get("agency")]
    if not isinstance(pks, list) or not pks or not all(pks):
        raise ValidationError(
            _("%s: hãy chọn cơ quan được giao.") % label
            if action == GROUP_AGENCY
            else _("%s: hãy chọn các cơ quan để tách nhóm.") % label
        )
    return _unique([_agency_by_pk(pk, row.text) for pk in pks])


def _chosen_group(
    row: ParsedGroup, choice: dict, actor, outcome: ImportOutcome, resolved: dict, label: str
) -> tuple[AssigneeGroup, bool]:
    """The existing group chosen (GROUP_EXISTING) or the one created (GROUP_CREATE), and
    whether this import created it."""
    if choice["action"] == GROUP_EXISTING:
        try:
            return AssigneeGroup.objects.get(pk=int(choice.get("group"))), False
        except (AssigneeGroup.DoesNotExist, TypeError, ValueError):
            raise ValidationError(
                _("%(label)s: không có nhóm mã %(pk)s.")
                % {"label": label, "pk": choice.get("group")}
            ) from None
    existed = existing_default_group(row.kind) if has_default_group(row.kind) else None
    group = _group_create(row, choice, actor, resolved)
    created = existed is None or existed.pk != group.pk
    if created and all(g.pk != group.pk for g in outcome.groups_created):
        outcome.groups_created.append(group)
    return group, created


def _named_group_name(row: ParsedGroup, members: int) -> str:
    """ "thủ trưởng các sở, ngành tỉnh: Công Thương, …" → "Thủ trưởng các sở, ngành tỉnh
    (mục 11, 11 cơ quan)": the heading before the list, where the set came from, its size."""
    head = row.text.split(":", 1)[0].strip()[:150] or row.text[:150]
    head = head[:1].upper() + head[1:]
    return _("%(head)s (mục %(ref)s, %(n)s cơ quan)") % {
        "head": head,
        "ref": row.item.ref,
        "n": members,
    }


def _group_create(row: ParsedGroup, choice: dict, actor, resolved: dict) -> AssigneeGroup:
    """A new group for a parsed one: from its kind, or a named set of agencies."""
    if row.kind == "named" or choice.get("agencies"):
        pks = choice.get("agencies")
        if pks:
            if not isinstance(pks, list):
                raise ValidationError(_("%s: danh sách cơ quan không hợp lệ.") % row.text[:80])
            members = _unique([_agency_by_pk(pk, row.text) for pk in pks])
        else:
            # the listed agencies as this import resolves them (a name mapped or created above
            # keeps that choice), else as they match; names that match nothing are left out
            members = _unique([resolved.get(m.written) or m.assigned for m in row.member_matches])
        if not members:
            raise ValidationError(_("%s: nhóm cần ít nhất một cơ quan.") % row.text[:80])
        return assignee_group_create(
            name=_named_group_name(row, len(members)),
            kind=AssigneeGroupKind.NAMED,
            agencies=members,
            actor=actor,
        )
    if not has_default_group(row.kind):
        raise ValidationError(
            _(
                "%(text)s: nhóm loại này không tạo được từ loại của nó — hãy chọn nhóm, tách thành "
                "từng cơ quan hoặc giao cho một cơ quan."
            )
            % {"text": row.text[:80]}
        )
    # the kind's group: created once, then reused (a second section for the communes, or a
    # second directive, lands in the same group)
    return assignee_group_for_parsed(parsed_kind=row.kind, actor=actor)


def _task_save(
    document,
    item: ParsedAssignment,
    lead: Agency | None,
    coordinating: tuple[list[Agency], list[AssigneeGroup]],
    order: int,
    actor,
    *,
    group: AssigneeGroup | None = None,
):
    recurrence, due_on = Recurrence.ONCE, None
    if item.recurrence == "yearly":
        recurrence = Recurrence.YEARLY
    elif item.recurrence == "semiannual":
        recurrence = Recurrence.SEMIANNUAL
    elif item.due:
        due_on = dt.date.fromisoformat(item.due)
    task = Task(
        document=document,
        ref=item.ref[:20],
        section_title=item.section[:500],
        text=item.text,
        lead_agency=lead,
        assignee_group=group,
        category=guess_task_category(item.text),
        recurrence=recurrence,
        due_on=due_on,
        due_text=item.due_text[:120],
        order=order,
    )
    task._history_user = actor
    task.save()
    agencies, groups = coordinating
    task.coordinating_agencies.set([a for a in agencies if lead is None or a.pk != lead.pk])
    task.coordinating_groups.set([g for g in groups if group is None or g.pk != group.pk])
    return task


def _agency_by_pk(choice, name: str) -> Agency:
    try:
        agency = Agency.objects.get(pk=int(choice))
    except (Agency.DoesNotExist, TypeError, ValueError):
        raise ValidationError(
            _("“%(name)s”: không có cơ quan mã %(pk)s.") % {"name": name, "pk": choice}
        ) from None
    return agency.current() if not agency.is_active else agency


def _unique(agencies) -> list[Agency]:
    out: list[Agency] = []
    for agency in agencies:
        if agency is not None and all(agency.pk != a.pk for a in out):
            out.append(agency)
    return out


def _new_indicator(text: str, actor) -> Indicator:
    base = slugify(strip_accents(text))[:50].strip("-") or "chi-tieu"
    code, n = base, 2
    while Indicator.objects.filter(code=code).exists():
        code, n = f"{base[:45]}-{n}", n + 1
    indicator = Indicator(code=code, name=text[:500], computation=IndicatorComputation.MANUAL)
    indicator._history_user = actor
    indicator.save()
    return indicator


def _resolve_agencies(
    parsed: ParsedDirective, choices: dict, actor, outcome: ImportOutcome
) -> dict[str, Agency | None]:
    """Written name → the agency that takes the tasks (None: the admin chose to skip it)."""
    matcher = AgencyMatcher()
    created: dict[str, Agency] = {}
    resolved: dict[str, Agency | None] = {}
    for name in _written_names(parsed):
        choice = choices.get(name)
        if choice == SKIP:
            resolved[name] = None
            continue
        if choice not in (None, "", NEW):
            resolved[name] = _agency_by_pk(choice, name)
            continue
        match = matcher.match(name)
        if match.agency is not None and choice != NEW:
            resolved[name] = match.assigned
            continue
        key = match_key(name)
        if key not in created:
            agency = Agency(name=name[:255], kind=match.proposed_kind)
            agency._history_user = actor
            agency.full_clean(exclude=["parent", "successor"])
            agency.save()
            created[key] = agency
            outcome.agencies_created.append(agency)
        resolved[name] = created[key]
    return resolved
