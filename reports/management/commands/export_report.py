"""Export the consolidated report of a period: ``export_report --period 2025 --format pdf --out x.pdf``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programs.models import ReportingPeriod
from programs.periods import period_by_key
from reports import pdf, xlsx
from reports.consolidated_content import consolidated_docx
from reports.models import ConsolidatedReport


class Command(BaseCommand):
    help = "Xuất báo cáo tổng hợp của một kỳ ra PDF, Word (.docx) hoặc XLSX (phụ lục)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="Mã kỳ, ví dụ 2025 hoặc 2026-H1")
        parser.add_argument("--format", required=True, choices=["pdf", "docx", "xlsx"])
        parser.add_argument("--out", required=True, help="Đường dẫn tệp kết quả")

    def handle(self, *args, period, format, out, **options):
        found = period_by_key(period)
        if found is None:
            known = ", ".join(
                ReportingPeriod.objects.filter(regime__is_default=True)
                .order_by("ends_on", "kind")
                .values_list("key", flat=True)
            )
            raise CommandError(
                f"Không có kỳ báo cáo “{period}”. Các kỳ hiện có: {known or '(chưa có kỳ nào)'}."
            )
        doc = ConsolidatedReport.objects.filter(period=found).first() or ConsolidatedReport(
            period=found
        )
        if format == "pdf":
            body = pdf.consolidated_pdf(report=doc)
        elif format == "docx":
            body = consolidated_docx(report=doc)
        else:
            body = xlsx.consolidated_xlsx(period=found)
        path = Path(out)
        try:
            path.write_bytes(body)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror}") from exc
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {found.label} ({format}) → {path}"))
