"""Email each agency's users about their overdue and due-soon tasks (at most once a day)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from assignments.models import DUE_SOON_DAYS
from assignments.services import reminders_send


class Command(BaseCommand):
    help = "Gửi thư nhắc các nhiệm vụ quá hạn và sắp đến hạn (mỗi người tối đa một thư/ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính hạn, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument(
            "--days",
            type=int,
            default=DUE_SOON_DAYS,
            help="Số ngày trước hạn được coi là sắp đến hạn (mặc định %(default)s).",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Đưa vào hàng đợi tác vụ nền (manage.py db_worker) thay vì gửi ngay.",
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date không hợp lệ: {options['date']!r} (cần dạng YYYY-MM-DD)"
                ) from None
        if options["days"] < 0:
            raise CommandError("--days phải là số không âm")
        if options["background"]:
            from assignments.jobs import reminders_send_job

            job = reminders_send_job.enqueue(
                date=today.isoformat() if today else None, days=options["days"]
            )
            self.stdout.write(f"Đã đưa việc gửi thư nhắc vào hàng đợi (mã {job.id}).")
            return
        result = reminders_send(today=today, days=options["days"])
        self.stdout.write(
            f"Đã gửi {result.sent} thư nhắc việc cho {result.agencies} đơn vị; "
            f"{result.already_sent} người đã được nhắc trong ngày, bỏ qua."
        )
