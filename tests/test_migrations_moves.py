"""Moving models between apps keeps every row: a database at the migration state before the
moves, with rows in each moved table, is migrated forward and every row is found by the new
models (and their content types moved with them)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("accounts", "0004_form_token"),
    ("programs", "0002_default_reporting_regime"),
    ("enterprises", "0003_enterprise_name_index"),
    ("assignments", "0005_task_delete_keeps_frozen_progress_and_activities"),
    ("reports", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_moved_tables_keep_their_rows_and_content_types():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    try:
        ContentType = old.get_model("contenttypes", "ContentType")
        old_ct = ContentType.objects.get_or_create(app_label="programs", model="agency")[0]
        Agency = old.get_model("programs", "Agency")
        agency = Agency.objects.create(name="Sở Thử Nghiệm", normalized_name="so thu nghiem")
        Agency.objects.create(name="Sở Cũ", normalized_name="so cu", successor=agency)
        old.get_model("programs", "AgencyAlias").objects.create(
            agency=agency, alias="STN", normalized_alias="stn"
        )
        regime = old.get_model("programs", "ReportingRegime").objects.get(is_default=True)
        Period = old.get_model("reports", "ReportingPeriod")
        year = Period.objects.create(
            regime=regime, key="2025", kind="year", year=2025,
            starts_on=dt.date(2024, 12, 15), ends_on=dt.date(2025, 12, 14),
            due_on=dt.date(2025, 12, 31),
        )  # fmt: skip
        half = Period.objects.create(
            regime=regime, key="2025-H1", kind="h1", year=2025,
            starts_on=dt.date(2024, 12, 15), ends_on=dt.date(2025, 6, 14),
            due_on=dt.date(2025, 6, 30),
        )  # fmt: skip
        old.get_model("reports", "AgencyReport").objects.create(
            agency=agency,
            period=year,
            status="accepted",
            submitted_at="2026-01-02T09:00:00Z",
            accepted_at="2026-01-05T09:00:00Z",
        )
        officer = old.get_model("programs", "SxshOfficer").objects.create(
            agency=agency, full_name="Nguyễn Văn A", since=dt.date(2024, 1, 1)
        )

        _migrate(latest)

        from django.contrib.contenttypes.models import ContentType as NewContentType

        from accounts.models import Agency as NewAgency
        from accounts.models import AgencyAlias
        from programs.models import PeriodClosure, ReportingPeriod
        from reports.models import SxshOfficer

        moved = NewAgency.objects.get(pk=agency.pk)
        assert moved.name == "Sở Thử Nghiệm"
        assert NewAgency.objects.get(name="Sở Cũ").successor == moved
        assert AgencyAlias.objects.get(alias="STN").agency == moved
        assert set(ReportingPeriod.objects.values_list("key", flat=True)) >= {"2025", "2025-H1"}
        assert SxshOfficer.objects.get(pk=officer.pk).agency == moved
        # the accepted report's period is closed for the agency; the lock rule freezes the
        # half-year inside it
        assert set(
            PeriodClosure.objects.filter(agency=moved).values_list("period_id", flat=True)
        ) == {year.pk}
        from assignments.locks import progress_lock_reason

        assert progress_lock_reason(period=ReportingPeriod.objects.get(pk=half.pk), agency=moved)
        assert NewContentType.objects.get(pk=old_ct.pk).app_label == "accounts"
    finally:
        _migrate(latest)
