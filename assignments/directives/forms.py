"""Forms of the directive importer (admin "Nạp văn bản"): the source, and the review of the parse
with the signed payload that carries it between the two steps."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from assignments.directives.importing import (
    DOCUMENT_FIELDS,
    GROUP_AGENCY,
    GROUP_CREATE,
    GROUP_EXISTING,
    GROUP_SKIP,
    GROUP_SPLIT,
    NEW,
    SKIP,
)
from assignments.groups import DEFAULT_GROUPS
from programs.choices import DocumentKind, ReportingFrequency
from programs.directive_files import (
    ALLOWED_EXTENSIONS,
    MAX_BYTES,
    DirectiveReadError,
    read_directive_bytes,
)
from programs.directive_parser import ParsedDirective

PAYLOAD_SALT = "programs.directive_import.preview"
PAYLOAD_MAX_AGE = 6 * 3600  # seconds an admin may spend on a preview


def sign_payload(parsed: ParsedDirective, text: str, filename: str = "") -> str:
    """The parsed document and its text, signed so the save step can trust what it gets back."""
    return signing.dumps(
        {"parsed": parsed.to_dict(), "text": text, "filename": filename},
        salt=PAYLOAD_SALT,
        compress=True,
    )


def unsign_payload(value: str) -> tuple[ParsedDirective, str, str]:
    """Raises ``signing.BadSignature`` (tampered or expired) or ``ValueError`` (bad shape)."""
    data = signing.loads(value, salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValueError("bad payload")
    return ParsedDirective.from_dict(data.get("parsed")), data["text"], data.get("filename", "")


def _due_label(due: str | None) -> str:
    """ "2013-12-31" → "31/12/2013" (recurrences are labelled in the template)."""
    if due:
        return dt.date.fromisoformat(due).strftime("%d/%m/%Y")
    return ""


class DirectiveSourceForm(forms.Form):
    """Step 1: paste the text or upload a file."""

    text = forms.CharField(
        label=_("Dán nội dung văn bản"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "vLargeTextField"}),
    )
    file = forms.FileField(
        label=_("hoặc tải tệp lên (.txt, .md, .docx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ALLOWED_EXTENSIONS))}),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = (data.get("text") or "").strip()
        if upload:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
            try:
                data["source_text"] = read_directive_bytes(upload.name, upload.read())
            except DirectiveReadError as exc:
                raise forms.ValidationError(str(exc)) from None
            data["filename"] = upload.name
        elif text:
            data["source_text"] = text
            data["filename"] = ""
        else:
            raise forms.ValidationError(_("Hãy dán nội dung văn bản hoặc chọn một tệp."))
        return data


class DirectiveReviewForm(forms.Form):
    """Step 2: the admin corrects the document's facts, maps agency names, drops tasks/targets.

    Field names for agencies/tasks/targets are indexed on the signed payload's order, so the
    payload — not the browser — decides what exists.
    """

    payload = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Loại văn bản"),
        choices=[c for c in DocumentKind.choices if c[0] != DocumentKind.QD_TTG],
    )
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    title = forms.CharField(
        label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2, "cols": 90})
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    signed_on = forms.DateField(
        label=_("Ngày ký"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    effective_on = forms.DateField(
        label=_("Ngày hiệu lực"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Để trống: tính theo ngày ký nếu văn bản ghi “có hiệu lực sau … ngày”."),
    )
    reporting_frequency = forms.ChoiceField(
        label=_("Chế độ báo cáo"),
        required=False,
        choices=[("", _("— không quy định —")), *ReportingFrequency.choices],
    )
    report_to = forms.CharField(
        label=_("Báo cáo về"),
        max_length=255,
        required=False,
        help_text=_(
            "Tên cơ quan nhận báo cáo như ghi trong văn bản; được nhận dạng như các cơ quan bên dưới."
        ),
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)

    def __init__(self, *args, preview, agencies, indicators, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        parsed = preview.parsed
        agency_choices = [
            (NEW, _("➕ Tạo cơ quan mới với tên này")),
            (SKIP, _("✖ Bỏ qua tên này")),
            *[(str(a.pk), a.name if a.is_active else f"{a.name} (đã giải thể)") for a in agencies],
        ]
        self.agency_rows = []
        for i, (name, match) in enumerate(preview.matches.items()):
            key = f"agency_{i}"
            self.fields[key] = forms.ChoiceField(
                label=name,
                choices=agency_choices,
                initial=str(match.agency.pk) if match.agency else NEW,
            )
            self.agency_rows.append((name, match, key))
        # a paragraph the parser could not assign: the admin may give it to an agency
        self.skip_rows = []
        skip_choices = [("", _("— không giao —")), *agency_choices[2:]]
        for i, skip in enumerate(parsed.skipped):
            key = f"assign_skip_{i}"
            self.fields[key] = forms.ChoiceField(
                label=skip.ref, choices=skip_choices, required=False
            )
            self.skip_rows.append((skip, key))
        # a group the parser found: map it to a group, create it from its kind, split it into
        # agencies or give it to one agency (importing.GROUP_*)
        self.group_rows = []
        agency_only = [c for c in agency_choices[2:]]
        for row in preview.group_rows:
            key = "group_" + row.key.replace(".", "_")
            choices = [(f"{GROUP_EXISTING}:{g.pk}", _("Nhóm có sẵn: %s") % g.name) for g in groups]
            if row.kind == "named" or row.kind in DEFAULT_GROUPS:
                choices.append((GROUP_CREATE, _("➕ Tạo nhóm: %s") % row.proposed_name[:80]))
            choices += [
                (GROUP_SPLIT, _("Tách thành từng cơ quan (chọn bên dưới)")),
                (GROUP_AGENCY, _("Giao cho một cơ quan (chọn bên dưới)")),
                (GROUP_SKIP, _("✖ Bỏ qua, không giao")),
            ]
            if row.default_group is not None:
                initial = f"{GROUP_EXISTING}:{row.default_group.pk}"
            else:
                initial = row.default_action
            self.fields[key] = forms.ChoiceField(
                label=(_("Gán nhóm phối hợp %s") if row.is_coordinating else _("Gán nhóm %s"))
                % row.item.ref,
                choices=choices,
                initial=initial,
            )
            self.fields[f"{key}_agency"] = forms.ChoiceField(
                label=_("Cơ quan được giao"),
                choices=[("", _("— chọn cơ quan —")), *agency_only],
                required=False,
            )
            self.fields[f"{key}_members"] = forms.MultipleChoiceField(
                label=_("Các cơ quan (tách nhóm hoặc danh sách)"),
                choices=agency_only,
                required=False,
                initial=[str(a.pk) for a in row.matched_members],
                widget=forms.SelectMultiple(attrs={"size": 6}),
            )
            self.group_rows.append((row, key))
        self.task_rows = []
        for i, item in enumerate(parsed.assignments):
            key = f"skip_task_{i}"
            self.fields[key] = forms.BooleanField(label=item.ref, required=False)
            self.task_rows.append((item, key))
        indicator_choices = [
            ("", _("Tự nhận dạng")),
            (NEW, _("➕ Chỉ tiêu mới")),
            (SKIP, _("✖ Bỏ qua")),
            *[(i.code, i.name) for i in indicators],
        ]
        self.target_rows = []
        for i, target in enumerate(parsed.targets):
            key = f"target_{i}"
            guessed = preview.target_indicators[i] if i < len(preview.target_indicators) else []
            self.fields[key] = forms.ChoiceField(
                label=target.indicator, choices=indicator_choices, required=False
            )
            self.target_rows.append((target, key, [g for g in guessed if g]))

    def clean(self):
        data = super().clean()
        for _row, key in self.group_rows:
            action = data.get(key) or ""
            if action == GROUP_AGENCY and not data.get(f"{key}_agency"):
                self.add_error(f"{key}_agency", _("Hãy chọn cơ quan được giao."))
            if action == GROUP_SPLIT and not data.get(f"{key}_members"):
                self.add_error(f"{key}_members", _("Hãy chọn các cơ quan để tách nhóm."))
        return data

    def group_corrections(self) -> dict:
        """``corrections["groups"]`` for ``directive_import`` (importing.GROUP_*)."""
        data, out = self.cleaned_data, {}
        for row, key in self.group_rows:
            action = data.get(key) or GROUP_SKIP
            if action.startswith(f"{GROUP_EXISTING}:"):
                out[row.key] = {"action": GROUP_EXISTING, "group": action.split(":", 1)[1]}
            elif action == GROUP_AGENCY:
                out[row.key] = {"action": GROUP_AGENCY, "agency": data.get(f"{key}_agency")}
            elif action in (GROUP_SPLIT, GROUP_CREATE):
                choice = {"action": action}
                members = list(data.get(f"{key}_members") or [])
                # the member list matters for a split, and for a named set created here
                if action == GROUP_SPLIT or row.kind == "named":
                    choice["agencies"] = members
                out[row.key] = choice
            else:
                out[row.key] = {"action": GROUP_SKIP}
        return out

    def bound_rows(self):
        """Rows for the template with their bound fields."""
        return {
            "agencies": [(n, m, self[k]) for n, m, k in self.agency_rows],
            "groups": [
                (row, self[k], self[f"{k}_agency"], self[f"{k}_members"])
                for row, k in self.group_rows
            ],
            "tasks": [(item, self[k], _due_label(item.due)) for item, k in self.task_rows],
            "skipped": [(skip, self[k]) for skip, k in self.skip_rows],
            "targets": [(t, self[k], g) for t, k, g in self.target_rows],
        }

    def corrections(self) -> dict:
        data = self.cleaned_data
        document = {key: data.get(key) for key in DOCUMENT_FIELDS}
        return {
            "document": document,
            "agencies": {name: data[key] for name, _match, key in self.agency_rows},
            "skip_refs": [item.ref for item, key in self.task_rows if data.get(key)],
            "groups": self.group_corrections(),
            "assign_skipped": {
                skip.ref: data[key] for skip, key in self.skip_rows if data.get(key)
            },
            "targets": {
                str(i): data[key]
                for i, (_t, key, _g) in enumerate(self.target_rows)
                if data.get(key)
            },
        }
