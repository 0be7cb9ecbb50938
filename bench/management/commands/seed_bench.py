"""``manage.py seed_bench --enterprises N``: synthetic data at benchmark scale (see bench/synthetic.py).

Refuses to write into a database that already holds operational data, unless ``--reset`` (which
empties the operational tables first — use it only on a dedicated benchmark database).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import synthetic


class Command(BaseCommand):
    help = "Tạo dữ liệu giả lập quy mô lớn để đo hiệu năng (CSDL riêng cho đo hiệu năng)."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=20_000, help="số cơ sở sản xuất")
        parser.add_argument("--seed", type=int, default=2026, help="hạt giống ngẫu nhiên")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="xóa dữ liệu nghiệp vụ hiện có trước khi tạo (chỉ dùng trên CSDL đo hiệu năng)",
        )

    def handle(self, *args, enterprises, seed, reset, **options):
        if enterprises < 1:
            raise CommandError("--enterprises phải lớn hơn 0.")
        if synthetic.has_data():
            if not reset:
                raise CommandError(
                    "Cơ sở dữ liệu đã có dữ liệu nghiệp vụ; chạy lại với --reset để xóa và tạo mới."
                )
            started = time.perf_counter()
            synthetic.reset()
            self.stdout.write(f"Đã xóa dữ liệu cũ ({time.perf_counter() - started:.1f} s).")
        started = time.perf_counter()
        self.stdout.write(f"Tạo dữ liệu thử tải: {enterprises:,} cơ sở sản xuất…".replace(",", "."))
        synthetic.seed(enterprises=enterprises, seed=seed, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong trong {time.perf_counter() - started:.1f} s "
                "(không ghi lịch sử thay đổi cho dữ liệu giả lập)."
            )
        )
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # PostgreSQL's advice after a bulk load ("Populating a Database"): fresh planner
            # statistics, and the rows the reset deleted cleared now, not by autovacuum later
            # in the middle of a measurement
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
            self.stdout.write(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f} s.")
