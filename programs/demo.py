"""Demo programme data: the national strategy QĐ 1419/QĐ-TTg with its targets (reference data in
``fixtures/programs_national_strategy.json``). The seed directives are imported by
``assignments.demo``, since importing a directive creates tasks.

Idempotent: the fixture uses natural keys (loading it again updates the same rows).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def seed(*, stdout) -> None:
    call_command("loaddata", str(FIXTURES / "programs_national_strategy.json"), verbosity=0)
