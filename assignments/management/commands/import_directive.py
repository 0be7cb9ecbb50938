"""``manage.py import_directive PATH [--dry-run] [--json] [--user USERNAME]``.

Reads a .txt, .md or .docx directive, parses it and (unless ``--dry-run``) saves it through
``assignments.directives.importing.directive_import`` — the same service as the admin's "Nạp văn bản",
with its default mapping of groups (the group of the kind, created once; a named set of the
agencies it lists; unnamed "agencies concerned" skipped) — and says on stderr what it did.
With ``--json`` stdout carries exactly one JSON object (the import contract, documented in
docs/directive-json.md) and nothing else; progress and warnings go to stderr. An unreadable file
exits non-zero with a one-line reason.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from assignments.directives.importing import directive_import
from programs.directive_files import DirectiveReadError, read_directive_file
from programs.directive_parser import parse_directive


class Command(BaseCommand):
    help = (
        "Nạp một văn bản chỉ đạo (.txt, .md, .docx): văn bản, cơ quan, nhiệm vụ, mục tiêu. "
        "Phần giao cho nhóm (các xã, phường; các doanh nghiệp…) thành nhiệm vụ của nhóm. "
        "--dry-run --json in kết quả đọc văn bản dạng JSON, không lưu; cấu trúc JSON (phiên "
        "bản 2) mô tả trong docs/directive-json.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp .txt, .md hoặc .docx")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc, không lưu.")
        parser.add_argument(
            "--json",
            action="store_true",
            help="In kết quả dạng JSON (docs/directive-json.md).",
        )
        parser.add_argument("--user", help="Tên đăng nhập người nạp (mặc định: quản trị viên).")

    def handle(self, *args, path, dry_run, json: bool, user=None, **options):
        try:
            text = read_directive_file(path)
        except DirectiveReadError as exc:
            raise CommandError(str(exc)) from None
        parsed = parse_directive(text)
        for warning in parsed.warnings:
            self.stderr.write(f"Cảnh báo: {warning}")
        if not dry_run:
            actor = self._actor(user)
            try:
                outcome = directive_import(parsed=parsed, actor=actor, original_text=text)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stderr.write(
                f"Đã lưu {outcome.document} (mã {outcome.document.pk}): {outcome.tasks} nhiệm vụ "
                f"({outcome.group_tasks} giao cho nhóm), {outcome.targets} mục tiêu, "
                f"{len(outcome.agencies_created)} cơ quan mới, "
                f"{len(outcome.groups_created)} nhóm mới."
            )
            # what the default mapping did with each group the parser found
            for note in outcome.group_notes:
                self.stderr.write(f"  Nhóm {note}")
            for ref in outcome.skipped:
                self.stderr.write(f"  {ref}: không lưu — không có cơ quan hay nhóm được giao.")
        if json:
            self.stdout.write(_dumps(parsed.to_contract()))
        elif dry_run:
            self._summary(parsed)

    def _actor(self, username):
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{username}”.")
            return actor
        actor = (
            User.objects.filter(username="admin").first()
            or User.objects.filter(is_superuser=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError("Chưa có quản trị viên nào: dùng --user.")
        return actor

    def _summary(self, parsed):
        doc = parsed.to_contract()["document"]
        self.stdout.write(f"{doc['kind']} {doc['number'] or ''} — {doc['title'] or ''}")
        for item in parsed.assignments:
            when = item.recurrence or item.due
            due = f" [{when}]" if when else ""
            who = [*item.lead, *(f"nhóm “{g['text']}”" for g in item.groups)]
            self.stdout.write(f"  {item.ref}: {', '.join(who)}{due}")
        for skip in parsed.skipped:
            self.stdout.write(f"  {skip.ref}: bỏ qua — {skip.reason} (“{skip.first_words}”)")
        for target in parsed.targets:
            self.stdout.write(f"  mục tiêu {target.by_year}: {target.value}{target.unit}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
