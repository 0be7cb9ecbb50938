"""``manage.py import_enterprises PATH [--dry-run]``: load the registry from an XLSX or CSV file."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from enterprises.importing.writing import enterprises_import


class Command(BaseCommand):
    help = (
        "Nhập danh sách cơ sở sản xuất từ tệp XLSX hoặc CSV (UTF-8). Lỗi một dòng thì không lưu gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp .xlsx hoặc .csv")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu.")

    def handle(self, *args, path, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        result = enterprises_import(file=file, actor=None, dry_run=dry_run)
        if result.file_error:
            self.stderr.write(result.file_error)
            sys.exit(1)
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            self.stderr.write(
                f"{len(result.errors)} lỗi ở {result.error_rows} dòng — không lưu dòng nào."
            )
            sys.exit(1)
        prefix = "[Chạy thử, không lưu] " if dry_run else ""
        self.stdout.write(
            f"{prefix}Tạo mới: {result.created} · Cập nhật: {result.updated} · "
            f"Không đổi: {result.unchanged} · Tổng số dòng: {result.total_rows}"
        )
