"""E-mail enterprises that have not sent their annual SXSH report (run weekly in Q4 and Q1)."""

from django.core.management.base import BaseCommand

from reports.firm_workflow import current_report_year, firm_reminders_send


class Command(BaseCommand):
    help = "Nhắc các doanh nghiệp chưa gửi báo cáo SXSH năm (mỗi người nhận tối đa một thư/ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="năm báo cáo (mặc định: năm đang lập báo cáo)")

    def handle(self, *args, year=None, **options):
        year = year or current_report_year()
        result = firm_reminders_send(year=year)
        self.stdout.write(
            f"{year}: {result.companies} doanh nghiệp chưa gửi; đã gửi {result.sent} thư, "
            f"{result.already_sent} người đã được nhắc hôm nay."
        )
