"""The reports demo: every state present, transitions recorded through the services, idempotent."""

import io

import pytest

from accounts import demo as accounts_demo
from reports import demo
from reports.models import AgencyReport, ConsolidatedReport, ReportTransition
from tests.factories_reports import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    agencies = accounts_demo.seed_agencies()
    accounts_demo.seed_users(agencies)
    # agencies leading tasks but never reporting → "missing"
    TaskFactory(lead_agency=agencies["Sở Xây dựng"])
    demo.seed(stdout=io.StringIO())
    return agencies


def test_demo_has_reports_in_every_state(seeded):
    reports = {(r.agency.short_name, r.period.key): r for r in AgencyReport.objects.all()}
    states = {r.status for r in reports.values()}
    assert states == {"draft", "submitted", "returned", "accepted"}
    assert (
        reports[("BQL KCN", "2025")].is_late and reports[("BQL KCN", "2025")].status == "submitted"
    )
    assert not reports[("SNNMT", "2026-H1")].is_late
    returned = reports[("BQL KCN", "2026-H1")]
    assert returned.transitions.last().comment.startswith("Đề nghị bổ sung")
    assert ConsolidatedReport.objects.get(period__key="2025").number == "125/BC-SCT"
    from reports.selectors import completeness_matrix

    period = reports[("SNNMT", "2025")].period
    matrix = completeness_matrix(periods=[period])
    assert "missing" in {row["cells"][0]["state"] for row in matrix["rows"]}


def test_demo_is_idempotent(seeded):
    before = (AgencyReport.objects.count(), ReportTransition.objects.count())
    versions = dict(AgencyReport.objects.values_list("pk", "version"))
    demo.seed(stdout=io.StringIO())
    assert (AgencyReport.objects.count(), ReportTransition.objects.count()) == before
    assert dict(AgencyReport.objects.values_list("pk", "version")) == versions
