"""The authorization matrix: every URL pattern of the project × every persona → expected outcome.

Every pattern (the admin excepted) must have a row in ``GET`` below: a new URL without one fails
``test_every_url_pattern_has_a_row`` — the failure message prints the outcomes observed so the
row can be reviewed and pasted. Objects behind ``<int:pk>``/``<key>`` belong to agency A (see
``tests/factories_bench.py``), so staff of agency B get 404 wherever the object is scoped.

Outcomes: ``LOGIN`` (redirect to the login page), ``R`` (another redirect), or a status code.
POST-only views answer 405 to GET; ``POST`` checks who may post to the state-changing views.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories_bench import build_world

LOGIN = "login"
R = "redirect"
PERSONAS = ("anon", "staff_a", "lead_a", "staff_b", "doit", "leader")


def row(anon=LOGIN, staff_a=200, lead_a=None, staff_b=None, doit=None, leader=None):
    """A row: unspecified agency-A lead defaults to staff A, agency B/DOIT/leader likewise."""
    lead_a = staff_a if lead_a is None else lead_a
    staff_b = staff_a if staff_b is None else staff_b
    doit = staff_a if doit is None else doit
    leader = staff_a if leader is None else leader
    return dict(zip(PERSONAS, (anon, staff_a, lead_a, staff_b, doit, leader), strict=True))


EVERYONE = row()
AGENCY_A_ONLY = row(staff_b=404)  # scoped object of agency A: B gets 404, DOIT/leader read
DOIT_ONLY = row(staff_a=403, doit=200, leader=403)
POST_ONLY = row(staff_a=405)

# URL kwargs for each parametrised route, from the world fixture
KWARGS = {
    "programs:document_detail": lambda w: {"pk": w.document.pk},
    "assignments:task_detail": lambda w: {"pk": w.task.pk},
    "assignments:progress_create": lambda w: {"pk": w.task.pk},
    "assignments:task_activity_create": lambda w: {"pk": w.task.pk},
    "assignments:activity_detail": lambda w: {"pk": w.activity.pk},
    "assignments:activity_evidence_add": lambda w: {"pk": w.activity.pk},
    "assignments:evidence_download": lambda w: {"pk": w.evidence.pk},
    "enterprises:export": lambda w: {"fmt": "xlsx"},
    "enterprises:enterprise_detail": lambda w: {"pk": w.enterprise.pk},
    "enterprises:enterprise_edit": lambda w: {"pk": w.enterprise.pk},
    "enterprises:assessment_new": lambda w: {"pk": w.enterprise.pk},
    "enterprises:assessment_edit": lambda w: {"pk": w.assessment.pk},
    "enterprises:option_new": lambda w: {"pk": w.assessment.pk},
    "enterprises:option_edit": lambda w: {"pk": w.option.pk},
    "enterprises:import_job": lambda w: {"pk": w.import_job.pk},
    "enterprises:import_confirm": lambda w: {"pk": w.import_job.pk},
    "enterprises:import_cancel": lambda w: {"pk": w.import_job.pk},
    "reports:report_start": lambda w: {"key": w.period.key},
    "reports:report_detail": lambda w: {"pk": w.report.pk},
    "reports:report_edit": lambda w: {"pk": w.report.pk},
    "reports:report_adjust": lambda w: {"pk": w.report.pk},
    "reports:report_refresh": lambda w: {"pk": w.report.pk},
    "reports:report_pdf": lambda w: {"pk": w.report.pk},
    "reports:report_action": lambda w: {"pk": w.report.pk, "action": "submit"},
    "reports:consolidated_detail": lambda w: {"key": w.period.key},
    "reports:consolidated_edit": lambda w: {"key": w.period.key},
    "reports:consolidated_pdf": lambda w: {"key": w.period.key},
    "reports:consolidated_xlsx": lambda w: {"key": w.period.key},
    "reports:period_lock": lambda w: {"key": w.period.key},
    "dashboards:dashboard_export": lambda w: {"table": "chi-tieu"},
    "dashboards:indicator_detail": lambda w: {"code": w.indicator.code},
    "reports:officer_edit": lambda w: {"pk": w.officer.pk},
}

# Expected outcome of a GET, per persona. Keep in step with the views' rules (DESIGN §1).
GET = {
    "accounts:audit": DOIT_ONLY,
    "accounts:login": row(anon=200, staff_a=R),
    "accounts:logout": row(staff_a=405),
    "accounts:password_change": row(staff_a=200),
    "accounts:password_change_done": row(staff_a=200),
    "accounts:profile": row(staff_a=200),
    "assignments:activity_create": row(staff_a=200, leader=403),
    "assignments:activity_evidence_add": row(staff_a=405),
    "assignments:activity_detail": row(staff_a=200, staff_b=404),
    "assignments:activity_list": row(staff_a=200),
    "assignments:enterprise_search": row(staff_a=200),
    "assignments:evidence_download": row(staff_a=200, staff_b=404),
    "assignments:index": row(staff_a=200),
    "assignments:progress_create": row(staff_a=405),
    "assignments:task_activity_create": row(staff_a=405),
    "assignments:task_detail": row(staff_a=200, staff_b=404),
    "enterprises:assessment_edit": row(staff_a=403, doit=200),
    "enterprises:assessment_new": row(staff_a=403, doit=200),
    "enterprises:enterprise_detail": row(staff_a=200),
    "enterprises:enterprise_edit": row(staff_a=403, doit=200),
    "enterprises:enterprise_new": row(staff_a=403, doit=200),
    "enterprises:export": row(staff_a=200),
    "enterprises:import_cancel": row(staff_a=405),
    "enterprises:import_confirm": row(staff_a=405),
    "enterprises:import_job": row(staff_a=403, doit=200),
    "enterprises:import_template": row(staff_a=403, doit=200),
    "enterprises:import_upload": row(staff_a=403, doit=200),
    "enterprises:index": row(staff_a=200),
    "enterprises:option_edit": row(staff_a=403, doit=200),
    "enterprises:option_new": row(staff_a=403, doit=200),
    "home": EVERYONE,
    "programs:document_detail": row(staff_a=200),
    "programs:index": row(staff_a=200),
    "dashboards:agency_dashboard": row(staff_a=200),
    "reports:completeness": row(staff_a=404, doit=200, leader=200),
    "reports:consolidated_detail": row(staff_a=404, doit=200, leader=200),
    "reports:consolidated_edit": row(staff_a=404, doit=200, leader=403),
    "reports:consolidated_list": row(staff_a=404, doit=200, leader=200),
    "reports:consolidated_pdf": row(staff_a=404, doit=200, leader=200),
    "reports:consolidated_xlsx": row(staff_a=404, doit=200, leader=200),
    "dashboards:dashboard": row(staff_a=R, doit=200, leader=200),
    "dashboards:dashboard_export": row(staff_a=403, doit=200, leader=200),
    "reports:index": row(staff_a=200),
    "dashboards:indicator_detail": row(staff_a=403, doit=200, leader=200),
    "reports:indicator_values": row(staff_a=403, doit=200, leader=200),
    "reports:officer_create": row(staff_a=403, doit=200),
    "reports:officer_edit": row(staff_a=403, doit=200),
    "reports:officer_list": row(staff_a=200),
    "reports:period_lock": row(staff_a=405),
    "reports:report_action": row(staff_a=R, lead_a=200, staff_b=404),
    "reports:report_adjust": row(staff_a=405),
    "reports:report_detail": row(staff_a=200, staff_b=404),
    "reports:report_edit": row(staff_a=200, staff_b=404, doit=R, leader=R),
    "reports:report_pdf": row(staff_a=200, staff_b=404),
    "reports:report_refresh": row(staff_a=405),
    "reports:report_start": row(staff_a=405),
    "dashboards:task_drilldown": row(staff_a=403, doit=200, leader=200),
    "set_language": row(anon=R, staff_a=R),
}


def _patterns(patterns=None, namespace=None):
    """(name, route) of every URL pattern, admin excluded; unnamed ones by their route."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin" or p.app_name == "admin":
                continue
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from _patterns(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
            yield name or str(p.pattern), str(p.pattern)


ALL_NAMES = sorted({name for name, _route in _patterns()})


def outcome(response) -> object:
    if response.status_code in (301, 302):
        login = resolve_url(settings.LOGIN_URL)
        return LOGIN if response["Location"].startswith(login) else R
    return response.status_code


@pytest.fixture
def world(agency_a, staff_a, doit):
    return build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)


@pytest.fixture
def clients(staff_a, lead_a, staff_b, doit, leader):
    users = {"staff_a": staff_a, "lead_a": lead_a, "staff_b": staff_b, "doit": doit}
    users["leader"] = leader
    made = {"anon": Client()}
    for persona, user in users.items():
        made[persona] = Client()
        made[persona].force_login(user)
    return made


def _observe(name, world, clients, method="get"):
    url = reverse(name, kwargs=KWARGS[name](world) if name in KWARGS else None)
    return {p: outcome(getattr(clients[p], method)(url)) for p in PERSONAS}


def test_every_url_pattern_has_a_row():
    missing = [n for n in ALL_NAMES if n not in GET]
    stale = [n for n in GET if n not in ALL_NAMES]
    assert not missing, f"URL patterns without a row in GET: {missing}"
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_NAMES)
def test_get_outcome_per_persona(name, world, clients):
    actual = _observe(name, world, clients)
    expected = GET.get(name)
    assert expected is not None, f'no row; observed:\n    "{name}": {actual!r},'
    assert actual == expected


# Who may POST to the state-changing views (an empty form: allowed users get the form back with
# its errors (200) or a redirect; the others 403/404). Personas post in this order, the most
# privileged last, so a successful post cannot change what an outsider sees.
POST_ORDER = ("anon", "staff_b", "leader", "staff_a", "lead_a", "doit")
POST = {
    "accounts:logout": row(staff_a=LOGIN),
    "assignments:activity_evidence_add": row(staff_a=R, staff_b=404, doit=403, leader=403),
    "assignments:progress_create": row(staff_a=400, staff_b=404, doit=403, leader=403),
    "assignments:task_activity_create": row(staff_a=400, staff_b=404, doit=403, leader=403),
    "enterprises:import_cancel": row(staff_a=403, doit=R),
    "enterprises:import_confirm": row(staff_a=403, doit=R),
    # the leader's post is refused by the service (PermissionDenied → message + redirect)
    "reports:period_lock": row(staff_a=404, doit=R, leader=R),
    "reports:report_adjust": row(staff_a=R, staff_b=404),
    "reports:report_refresh": row(staff_a=R, staff_b=404),
    # staff B starts *its own* report for the period; DOIT and leaders have none to start
    "reports:report_start": row(staff_a=R, doit=404, leader=404),
    "set_language": row(anon=R, staff_a=R),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POST))
def test_post_outcome_per_persona(name, world, clients):
    url = reverse(name, kwargs=KWARGS[name](world) if name in KWARGS else None)
    actual = {}
    for p in POST_ORDER:
        actual[p] = outcome(clients[p].post(url, {}))
    assert {p: actual[p] for p in PERSONAS} == POST[name]


def test_every_post_only_view_has_a_post_row():
    post_only = [n for n, r in GET.items() if r["staff_a"] == 405 and r["doit"] == 405]
    missing = [n for n in post_only if n not in POST]
    assert not missing, f"POST-only views without a row in POST: {missing}"
