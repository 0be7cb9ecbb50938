"""Load the demo province: agencies, users for every role, the seed directives, enterprises,
periods and reports in every state. Idempotent — running it twice changes nothing.

Each app contributes through a demo module with ``seed(*, stdout)`` (``SEED_MODULES``); they run
in dependency order inside one transaction.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo

SEED_MODULES = [
    "programs.demo",
    "enterprises.demo",
    "assignments.demo",
    # before the reports: accepting a report freezes the activities the plan links to
    "plans.demo",
    "reports.demo",
    "reports.demo_roster",
    "reports.demo_firms",
    "public.demo",
    "public.demo_showcase",
]


class Command(BaseCommand):
    help = "Tạo dữ liệu trình diễn (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            agencies = demo.seed_agencies()
            users = demo.seed_users(agencies)
            for name in SEED_MODULES:
                logins = import_module(name).seed(stdout=self.stdout)
                if isinstance(logins, list):  # a module with logins of its own (enterprises)
                    users.extend(logins)
        self.stdout.write(self.style.SUCCESS("Dữ liệu trình diễn đã sẵn sàng."))
        self.stdout.write(f"Mật khẩu chung (DEMO_PASSWORD): {settings.DEMO_PASSWORD}")
        width = max(len(u) for u, _, _ in users)
        for username, role, agency in users:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {agency}")
