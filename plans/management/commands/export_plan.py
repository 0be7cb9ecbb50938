"""Export a year's plan: ``export_plan --year 2026 --format pdf|docx|xlsx --out FILE``.

The version exported is the one in force (approved), else the latest one — whose status the
document names, so a draft is never mistaken for the approved plan; ``--plan-version N`` picks one.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans import exports
from plans.models import Plan, PlanVersion
from plans.selectors import current_version


class Command(BaseCommand):
    help = "Xuất kế hoạch SXSH năm ra PDF, Word (.docx) hoặc phụ lục kinh phí XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Năm kế hoạch, ví dụ 2026")
        parser.add_argument("--format", required=True, choices=sorted(exports.RENDERERS))
        parser.add_argument("--out", required=True, help="Đường dẫn tệp kết quả")
        parser.add_argument(
            "--plan-version",
            type=int,
            dest="number",
            help="Số phiên bản (mặc định: phiên bản có hiệu lực)",
        )

    def handle(self, *args, year, format, out, number=None, **options):
        if number is not None:
            version = (
                PlanVersion.objects.select_related("plan")
                .filter(plan__year=year, number=number)
                .first()
            )
        else:
            version = current_version(year)
        if version is None:
            known = ", ".join(
                str(y) for y in Plan.objects.order_by("year").values_list("year", flat=True)
            )
            raise CommandError(
                f"Không có kế hoạch năm {year}"
                + (f" phiên bản {number}" if number else "")
                + f". Các năm hiện có: {known or '(chưa có kế hoạch nào)'}."
            )
        body = exports.render(version, format)
        path = Path(out)
        try:
            path.write_bytes(body)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã xuất kế hoạch năm {year}, phiên bản {version.number} "
                f"({version.get_status_display()}, {format}) → {path}"
            )
        )
