"""Demo programme data: the national strategy QĐ 1419/QĐ-TTg with its targets (reference data in
``fixtures/programs_national_strategy.json``) and the three seed directives of ``fixtures/seeds/``
imported through the same service the admin uses.

Idempotent: the fixture uses natural keys (loading it again updates the same rows) and a seed
document already present (same number, or same title when it has none) is skipped.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from programs.directive_files import read_directive_file
from programs.directive_parser import parse_directive
from programs.models import LegalDocument
from programs.services import directive_import

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEEDS_DIR = FIXTURES / "seeds"
SEED_FILES = ["an-giang-ct-11-2012.md", "ben-tre-chi-thi-sxsh.md", "long-an-qd-86-2013.md"]


def seed(*, stdout) -> None:
    call_command("loaddata", str(FIXTURES / "programs_national_strategy.json"), verbosity=0)
    actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    for name in SEED_FILES:
        text = read_directive_file(SEEDS_DIR / name)
        parsed = parse_directive(text)
        exists = (
            LegalDocument.objects.filter(number=parsed.number)
            if parsed.number
            else LegalDocument.objects.filter(title=parsed.title)
        )
        if exists.exists():
            continue
        outcome = directive_import(parsed=parsed, actor=actor, original_text=text)
        stdout.write(
            f"  Văn bản {outcome.document}: {outcome.tasks} nhiệm vụ, {outcome.targets} mục tiêu, "
            f"{len(outcome.agencies_created)} cơ quan mới"
        )
