"""The authorization matrix: every URL pattern of the project × every persona → expected outcome.

Every pattern (the admin excepted) must have a row in ``GET`` below: a new URL without one fails
``test_every_url_pattern_has_a_row`` — the failure message prints the outcomes observed so the
row can be reviewed and pasted. Objects behind ``<int:pk>``/``<key>`` belong to agency A (see
``tests.factories.build_world``), so staff of agency B get 404 wherever the object is scoped.

The enterprise persona ``firm`` (a contact of a company that is not agency A's world) is fenced
to its own pages (``accounts.fence``): unless a row says otherwise it gets 404 wherever a login is
needed, and what anyone gets on a public page.

Outcomes: ``LOGIN`` (redirect to the login page), ``R`` (another redirect), or a status code.
POST-only views answer 405 to GET; ``POST`` checks who may post to the state-changing views.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.forms.models import model_to_dict
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import AgencyAlias
from assignments.groups import assignee_group_create
from assignments.models import ProgressUpdate, ReminderLog
from enterprises.models import GridEmissionFactor, IndustrialZone
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    ProgressFactory,
    TargetFactory,
    TaskFactory,
    UserFactory,
    VsicFactory,
    build_world,
)

LOGIN = "login"
R = "redirect"
PERSONAS = ("anon", "staff_a", "lead_a", "staff_b", "doit", "leader", "firm")


def row(anon=LOGIN, staff_a=200, lead_a=None, staff_b=None, doit=None, leader=None, firm=None):
    """A row: unspecified agency-A lead defaults to staff A, agency B/DOIT/leader likewise; the
    enterprise persona to 404 behind the login (the fence), else to what staff A gets."""
    lead_a = staff_a if lead_a is None else lead_a
    staff_b = staff_a if staff_b is None else staff_b
    doit = staff_a if doit is None else doit
    leader = staff_a if leader is None else leader
    if firm is None:
        firm = 404 if anon == LOGIN else staff_a
    values = (anon, staff_a, lead_a, staff_b, doit, leader, firm)
    return dict(zip(PERSONAS, values, strict=True))


EVERYONE = row()
AGENCY_A_ONLY = row(staff_b=404)  # scoped object of agency A: B gets 404, DOIT/leader read
DOIT_ONLY = row(staff_a=403, doit=200, leader=403)
POST_ONLY = row(staff_a=405)


def _event(w):
    """A published event on agency A's activity, with one registration (made once per world)."""
    if not hasattr(w, "public_event"):
        from tests.factories import EventRegistrationFactory, PublicEventFactory

        w.public_event = PublicEventFactory(activity=w.activity)
        w.registration = EventRegistrationFactory(event=w.public_event)
    return w.public_event


def _case(w):
    """A published case study of the world's enterprise, with a cover and a consent letter."""
    if not hasattr(w, "case"):
        from django.core.files.base import ContentFile
        from django.utils import timezone

        from tests.factories import CaseStudyFactory
        from tests.test_case_studies_services import PDF, png_bytes

        now = timezone.now()
        w.case = CaseStudyFactory(
            enterprise=w.enterprise,
            status="published",
            consent_recorded_at=now,
            approved_at=now,
            published_at=now,
        )
        w.case.cover_image.save("c.png", ContentFile(png_bytes()), save=False)
        w.case.consent_document.save("d.pdf", ContentFile(PDF), save=True)
    return w.case


def _registration(w):
    _event(w)
    return w.registration


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
    "reports:consolidated_docx": lambda w: {"key": w.period.key},
    "reports:consolidated_xlsx": lambda w: {"key": w.period.key},
    "reports:period_lock": lambda w: {"key": w.period.key},
    "dashboards:dashboard_export": lambda w: {"table": "chi-tieu"},
    "dashboards:indicator_detail": lambda w: {"code": w.indicator.code},
    "reports:officer_edit": lambda w: {"pk": w.officer.pk},
    "public:event_detail": lambda w: {"pk": _event(w).pk},
    "public:event_register": lambda w: {"pk": _event(w).pk},
    "public:event_registered": lambda w: {"pk": _event(w).pk},
    "public:manage_event_new": lambda w: {"activity_pk": w.activity.pk},
    "public:manage_event": lambda w: {"pk": _event(w).pk},
    "public:manage_event_edit": lambda w: {"pk": _event(w).pk},
    "public:manage_registrations_csv": lambda w: {"pk": _event(w).pk},
    "public:manage_registration_status": lambda w: {"pk": _registration(w).pk},
    "public:case_detail": lambda w: {"pk": _case(w).pk},
    "public:case_cover": lambda w: {"pk": _case(w).pk},
    "public:manage_case": lambda w: {"pk": _case(w).pk},
    "public:manage_case_edit": lambda w: {"pk": _case(w).pk},
    "public:manage_case_preview": lambda w: {"pk": _case(w).pk},
    "public:manage_case_consent": lambda w: {"pk": _case(w).pk},
    "public:manage_case_consent_document": lambda w: {"pk": _case(w).pk},
    "public:manage_case_cover": lambda w: {"pk": _case(w).pk},
    "public:manage_case_publish": lambda w: {"pk": _case(w).pk},
    "public:manage_case_unpublish": lambda w: {"pk": _case(w).pk},
    "public:manage_case_withdraw": lambda w: {"pk": _case(w).pk},
    "accounts:invitation": lambda w: {"uidb64": "MQ", "token": "sai-ma"},
    "enterprises:access_request_decide": lambda w: {"pk": w.access_request.pk, "action": "tu-choi"},
    "enterprises:company_access_toggle": lambda w: {"tax_code": w.firm_company.tax_code},
    "enterprises:profile_change_decide": lambda w: {"pk": w.profile_change.pk, "action": "tu-choi"},
    "firms:profile": lambda w: {"pk": w.firm_company.pk},
    "firms:assessment_new": lambda w: {"facility": w.firm_company.pk},
    "firms:assessment_edit": lambda w: {"pk": w.firm_assessment.pk},
    "firms:option_new": lambda w: {"assessment": w.firm_assessment.pk},
    "firms:option_edit": lambda w: {"pk": w.firm_option.pk},
    "firms:option_evidence_add": lambda w: {"pk": w.firm_option.pk},
    "firms:evidence_download": lambda w: {"pk": w.firm_evidence.pk},
    "firms:report_start": lambda w: {"year": w.firm_year},
    "firms:report_detail": lambda w: {"pk": w.firm_report.pk},
    "firms:review_detail": lambda w: {"pk": w.firm_report.pk},
    "firms:review_action": lambda w: {"pk": w.firm_report.pk, "action": "tra-lai"},
    "plans:plan_year": lambda w: {"year": _plan_item(w).version.plan.year},
    "plans:version_detail": lambda w: {"pk": _plan_item(w).version_id},
    "plans:version_compare": lambda w: {"pk": _plan_item(w).version_id},
    "plans:version_export": lambda w: {"pk": _plan_item(w).version_id, "fmt": "xlsx"},
    "plans:version_action": lambda w: {"pk": _plan_item(w).version_id, "action": "submit"},
    "plans:item_create": lambda w: {"version_pk": _plan_item(w).version_id},
    "plans:item_edit": lambda w: {"pk": _plan_item(w).pk},
    "plans:item_delete": lambda w: {"pk": _plan_item(w).pk},
    "plans:item_move": lambda w: {"pk": _plan_item(w).pk, "direction": "len"},
}


def _plan_item(w):
    """A draft 2026 plan (opened by DOIT) with one item on agency A's task."""
    from plans.models import PlanItem
    from tests.factories import PlanItemFactory, PlanVersionFactory

    item = PlanItem.objects.filter(task=w.task).first()
    if item is None:
        version = PlanVersionFactory()
        item = PlanItemFactory(version=version, task=w.task, lead_agency=w.task.lead_agency)
    return item


FIRM_ONLY = row(staff_a=404, firm=200)  # the enterprise's own pages: 404 to everyone else


PUBLIC = row(anon=200, staff_a=200)
# public pages, in step with public/urls.py; tests/test_public_leaks.py crawls them signed out
PUBLIC_GET = {
    "public:home": PUBLIC,
    "public:language": row(anon=R, staff_a=R),
    "public:document_list": PUBLIC,
    "public:document_detail": PUBLIC,
    "public:document_file": row(anon=404, staff_a=404),  # the world's document has no file
    "public:guide_list": PUBLIC,
    "public:guide_detail": PUBLIC,
    "public:news_list": PUBLIC,
    "public:news_detail": PUBLIC,
    "public:news_rss": PUBLIC,
    "public:news_atom": PUBLIC,
    "public:provider_list": PUBLIC,
    "public:provider_detail": PUBLIC,
    "public:contact": PUBLIC,
    "public:content_file": PUBLIC,
    "public:sitemap": PUBLIC,
    "public:robots": PUBLIC,
    "public:library": PUBLIC,
    "public:open_data": PUBLIC,
    "public:catalogue": PUBLIC,
    "public:dataset": PUBLIC,
    # the editors' pages in the portal: DOIT reviewers only
    "public:edit_index": DOIT_ONLY,
    "public:edit_messages": DOIT_ONLY,
    "public:edit_list": DOIT_ONLY,
    "public:edit_create": DOIT_ONLY,
    "public:edit_item": DOIT_ONLY,
    "public:edit_preview": DOIT_ONLY,
    "public:edit_file": DOIT_ONLY,
    "public:edit_publish": row(staff_a=405),
    "public:edit_unpublish": row(staff_a=405),
    "public:edit_message_handle": row(staff_a=405),
    # events and case studies (only what DOIT published; unpublished ones answer 404)
    "public:event_list": PUBLIC,
    "public:event_detail": PUBLIC,
    "public:event_registered": PUBLIC,
    "public:events_atom": PUBLIC,
    "public:events_rss": PUBLIC,
    "public:case_list": PUBLIC,
    "public:case_detail": PUBLIC,
    "public:case_cover": PUBLIC,
}


def _news_with_image(draft=False):
    from django.core.files.base import ContentFile

    from tests.factories import NewsFactory
    from tests.test_public_content import PNG

    news = NewsFactory(draft=draft)
    news.image.save("anh.png", ContentFile(PNG), save=True)
    return news


def _contact_message():
    from public.models import ContactMessage

    return ContactMessage.objects.create(
        topic="other", name="Khách", email="khach@example.vn", message="Xin chào"
    )


KWARGS.update(
    {
        "public:language": lambda w: {"code": "en"},
        "public:dataset": lambda w: {"slug": "theo-xa-phuong", "fmt": "xlsx"},
        "public:document_detail": lambda w: {"pk": w.document.pk},
        "public:document_file": lambda w: {"pk": w.document.pk},
        "public:guide_detail": lambda w: {"slug": _factory("GuideFactory").slug},
        "public:news_detail": lambda w: {"slug": _factory("NewsFactory").slug},
        "public:provider_detail": lambda w: {"slug": _factory("ProviderFactory").slug},
        "public:content_file": lambda w: {
            "model": "tin-tuc",
            "slug": _news_with_image().slug,
            "field": "anh",
        },
        "public:edit_list": lambda w: {"kind": "tin-tuc"},
        "public:edit_create": lambda w: {"kind": "huong-dan"},
        "public:edit_item": lambda w: {"kind": "tin-tuc", "pk": _factory("NewsFactory").pk},
        "public:edit_preview": lambda w: {
            "kind": "tin-tuc",
            "pk": _factory("NewsFactory", draft=True).pk,
        },
        "public:edit_file": lambda w: {
            "kind": "tin-tuc",
            "pk": _news_with_image(draft=True).pk,
            "field": "anh",
        },
        "public:edit_publish": lambda w: {"kind": "tin-tuc", "pk": _factory("NewsFactory").pk},
        "public:edit_unpublish": lambda w: {"kind": "tin-tuc", "pk": _factory("NewsFactory").pk},
        "public:edit_message_handle": lambda w: {"pk": _contact_message().pk},
    }
)


def _factory(name, **kwargs):
    from tests import factories

    return getattr(factories, name)(**kwargs)


# Expected outcome of a GET, per persona. Keep in step with the views' rules
# (docs/architecture.md, "How scoping works").
GET = {
    "accounts:audit": DOIT_ONLY,
    "accounts:login": row(anon=200, staff_a=R),
    "accounts:logout": row(staff_a=405, firm=405),
    "accounts:password_change": row(staff_a=200, firm=200),
    "accounts:password_change_done": row(staff_a=200, firm=200),
    "accounts:profile": row(staff_a=200, firm=200),
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
    # signed out, "/" is the public home; signed in, the user's dashboard
    "home": row(anon=200, staff_a=200, firm=R),
    "accounts:invitation": row(anon=200, staff_a=200),
    "accounts:invitation_done": row(anon=200, staff_a=200),
    "enterprises:access_request": row(anon=200, staff_a=200),
    "enterprises:access_admin": row(staff_a=403, doit=200),
    "enterprises:access_invite": row(staff_a=405),
    "enterprises:access_request_decide": row(staff_a=405),
    "enterprises:company_access_toggle": row(staff_a=405),
    "enterprises:profile_change_decide": row(staff_a=405),
    "firms:overview": FIRM_ONLY,
    "firms:profile": FIRM_ONLY,
    "firms:tasks": FIRM_ONLY,
    "firms:trainings": FIRM_ONLY,
    "firms:options": FIRM_ONLY,
    "firms:assessment_new": FIRM_ONLY,
    "firms:assessment_edit": FIRM_ONLY,
    "firms:option_new": FIRM_ONLY,
    "firms:option_edit": FIRM_ONLY,
    "firms:option_evidence_add": row(staff_a=405, firm=405),
    # the enterprise's evidence: the company and DOIT/leadership, no agency
    "firms:evidence_download": row(staff_a=404, doit=200, leader=200, firm=200),
    "firms:report_start": row(staff_a=405, firm=405),
    "firms:report_list": FIRM_ONLY,
    "firms:report_detail": FIRM_ONLY,
    "firms:review_queue": row(staff_a=403, doit=200, leader=403),
    "firms:review_remind": row(staff_a=405),
    "firms:review_detail": row(staff_a=403, doit=200, leader=403),
    "firms:review_action": row(staff_a=405),
    # the plan: every user reads the plan pages; a draft's items are scoped (B sees none of
    # A's, so A's item is 404 for B); leaders read but never draft (403)
    "plans:item_create": row(staff_a=200, leader=403),
    "plans:item_delete": POST_ONLY,
    "plans:item_edit": row(staff_a=200, staff_b=404, leader=403),
    "plans:item_move": POST_ONLY,
    "plans:plan_create": POST_ONLY,
    "plans:plan_list": EVERYONE,
    "plans:plan_year": row(staff_a=R),
    # a step the user may not take: back to the plan page with a message
    "plans:version_action": row(staff_a=R, doit=200),
    "plans:version_compare": row(staff_a=404),  # the first version revises nothing
    "plans:version_detail": EVERYONE,
    # a draft's files are DOIT's (and Sở Tài chính's) until approved
    "plans:version_export": row(staff_a=404, doit=200),
    "programs:document_detail": row(staff_a=200),
    "programs:index": row(staff_a=200),
    "dashboards:agency_dashboard": row(staff_a=200),
    "reports:completeness": row(staff_a=404, doit=200, leader=200),
    "reports:consolidated_detail": row(staff_a=404, doit=200, leader=200),
    "reports:consolidated_edit": row(staff_a=404, doit=200, leader=403),
    "reports:consolidated_list": row(staff_a=404, doit=200, leader=200),
    "reports:consolidated_pdf": row(staff_a=404, doit=200, leader=200),
    "reports:consolidated_docx": row(staff_a=404, doit=200, leader=200),
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
    # the public site: every page open to the anonymous persona (and to everyone signed in)
    **PUBLIC_GET,
    # events and case studies: DOIT alone manages them
    "public:event_register": row(anon=405, staff_a=405),
    "public:manage_events": DOIT_ONLY,
    "public:manage_event": DOIT_ONLY,
    "public:manage_event_edit": DOIT_ONLY,
    "public:manage_event_new": DOIT_ONLY,
    "public:manage_registrations_csv": DOIT_ONLY,
    "public:manage_registration_status": POST_ONLY,
    "public:manage_cases": DOIT_ONLY,
    "public:manage_case": DOIT_ONLY,
    "public:manage_case_new": DOIT_ONLY,
    "public:manage_case_edit": DOIT_ONLY,
    "public:manage_case_preview": DOIT_ONLY,
    "public:manage_case_consent_document": DOIT_ONLY,
    "public:manage_case_consent": POST_ONLY,
    "public:manage_case_cover": POST_ONLY,
    "public:manage_case_publish": POST_ONLY,
    "public:manage_case_unpublish": POST_ONLY,
    "public:manage_case_withdraw": POST_ONLY,
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
def world(agency_a, staff_a, doit, firm, firm_company):
    world = build_world(agency_a=agency_a, staff_a=staff_a, doit=doit)
    _add_firm_rows(world, firm=firm, company=firm_company)
    return world


def _add_firm_rows(world, *, firm, company):
    """The enterprise persona's own rows (its pages answer 200 to it, 404 to everyone else)."""
    from django.core.files.base import ContentFile

    from enterprises.choices import Provenance
    from enterprises.models import AccessRequest, ProfileChange
    from reports.firm_workflow import current_report_year, firm_report_start
    from reports.models import OptionEvidence
    from tests.factories import AssessmentFactory, OptionFactory

    world.firm_company = company
    world.firm_assessment = AssessmentFactory(enterprise=company, source=Provenance.SELF_PENDING)
    world.firm_option = OptionFactory(
        assessment=world.firm_assessment, source=Provenance.SELF_PENDING
    )
    world.firm_evidence = OptionEvidence(
        option=world.firm_option,
        original_name="hoa-don.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=firm,
    )
    world.firm_evidence.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    world.firm_year = current_report_year()
    world.firm_report = firm_report_start(
        tax_code=company.tax_code, year=world.firm_year, actor=firm
    )
    world.access_request = AccessRequest.objects.create(
        tax_code=company.tax_code, company_name=company.name, contact_name="B", email="b@x.vn"
    )
    world.profile_change = ProfileChange.objects.create(
        enterprise=company, changes={"name": "Tên mới"}, requested_by=firm
    )


@pytest.fixture
def clients(staff_a, lead_a, staff_b, doit, leader, firm):
    users = {"staff_a": staff_a, "lead_a": lead_a, "staff_b": staff_b, "doit": doit}
    users["leader"] = leader
    users["firm"] = firm
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
POST_ORDER = ("anon", "firm", "staff_b", "leader", "staff_a", "lead_a", "doit")
POST = {
    "accounts:logout": row(staff_a=LOGIN, firm=LOGIN),
    "assignments:activity_evidence_add": row(staff_a=R, staff_b=404, doit=403, leader=403),
    "assignments:progress_create": row(staff_a=400, staff_b=404, doit=403, leader=403),
    "assignments:task_activity_create": row(staff_a=400, staff_b=404, doit=403, leader=403),
    "enterprises:import_cancel": row(staff_a=403, doit=R),
    "enterprises:import_confirm": row(staff_a=403, doit=R),
    # the leader's post is refused by the service (PermissionDenied → message + redirect)
    "plans:plan_create": row(staff_a=403, doit=R),
    # staff A deletes its own draft item: after that it is gone for agency A's lead and DOIT
    "plans:item_delete": row(staff_a=R, lead_a=404, staff_b=404, doit=404, leader=R),
    "plans:item_move": row(staff_a=R, staff_b=404),
    "reports:period_lock": row(staff_a=404, doit=R, leader=R),
    "reports:report_adjust": row(staff_a=R, staff_b=404),
    "reports:report_refresh": row(staff_a=R, staff_b=404),
    # staff B starts *its own* report for the period; DOIT and leaders have none to start
    "reports:report_start": row(staff_a=R, doit=404, leader=404),
    "set_language": row(anon=R, staff_a=R),
    "public:edit_publish": row(staff_a=403, doit=R, leader=403),
    "public:edit_unpublish": row(staff_a=403, doit=R, leader=403),
    "public:edit_message_handle": row(staff_a=403, doit=R, leader=403),
    # an empty form is a robot's: everyone gets the thank-you page, nothing is saved
    "public:event_register": row(anon=R, staff_a=R),
    "public:manage_registration_status": row(staff_a=403, doit=400, leader=403),
    # DOIT's actions answer with a redirect to the case study page (and a message)
    "public:manage_case_consent": row(staff_a=403, doit=R),
    "public:manage_case_cover": row(staff_a=403, doit=R),
    "public:manage_case_publish": row(staff_a=403, doit=R),
    "public:manage_case_unpublish": row(staff_a=403, doit=R),
    "public:manage_case_withdraw": row(staff_a=403, doit=R),
    # enterprise accounts and the enterprise's own posts (empty forms: DOIT gets its message
    # and a redirect; the enterprise's posts answer 404 to everyone but the company)
    "enterprises:access_invite": row(staff_a=403, doit=R),
    "enterprises:access_request_decide": row(staff_a=403, doit=R),
    "enterprises:company_access_toggle": row(staff_a=403, doit=R),
    "enterprises:profile_change_decide": row(staff_a=403, doit=R),
    "firms:option_evidence_add": row(staff_a=404, firm=R),
    "firms:report_start": row(staff_a=404, firm=R),
    "firms:review_remind": row(staff_a=403, doit=R),
    "firms:review_action": row(staff_a=403, doit=R),
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


# --- the admin --------------------------------------------------------------------------------
#
# Every model our apps register in the admin × every admin path, for a staff user who holds
# every view_* permission and nothing else, and for a superuser facing a *locked* object (an
# accepted report's progress, activity, evidence, the report itself): both may read, neither may
# write — change, delete, bulk "delete selected" or revert from history. A new admin without a
# row fails ``test_every_admin_model_has_a_row``.

ADMIN_APPS = {"accounts", "programs", "assignments", "enterprises", "reports"}
KEPT = "kept"  # the bulk delete left the row where it was
ADMIN_PATHS = (
    "changelist",
    "change",
    "change_post",
    "delete",
    "delete_post",
    "bulk_delete",
    "history",
    "history_form",
    "history_form_post",
)


def admin_row(**overrides):
    outcomes = dict.fromkeys(("changelist", "change", "history", "history_form"), 200)
    outcomes.update(dict.fromkeys(("change_post", "delete", "delete_post"), 403))
    outcomes.update(bulk_delete=KEPT, history_form_post=403)
    outcomes.update(overrides)
    return outcomes


READ_ONLY = admin_row()
NO_HISTORY_FORM = admin_row(history_form=None, history_form_post=None)  # plain ModelAdmin

VIEW_ONLY_STAFF = {
    "accounts.user": READ_ONLY,
    "assignments.activity": READ_ONLY,
    "assignments.assigneegroup": READ_ONLY,
    "assignments.evidence": READ_ONLY,
    "assignments.progressupdate": READ_ONLY,
    "assignments.reminderlog": NO_HISTORY_FORM,
    "assignments.task": READ_ONLY,
    "enterprises.assessment": READ_ONLY,
    "enterprises.enterprise": READ_ONLY,
    "enterprises.gridemissionfactor": READ_ONLY,
    "enterprises.importjob": NO_HISTORY_FORM,
    "enterprises.industrialzone": READ_ONLY,
    "enterprises.locality": READ_ONLY,
    "enterprises.option": READ_ONLY,
    "enterprises.vsiccode": NO_HISTORY_FORM,
    "accounts.agency": READ_ONLY,
    "accounts.agencyalias": READ_ONLY,
    "programs.indicator": READ_ONLY,
    "programs.legaldocument": READ_ONLY,
    "programs.reportingregime": READ_ONLY,
    "programs.target": READ_ONLY,
    "reports.agencyreport": READ_ONLY,
    "reports.consolidatedreport": READ_ONLY,
    "programs.reportingperiod": READ_ONLY,
}
# a locked object is to the superuser what every object is to the view-only staff user
LOCKED_FOR_SUPERUSER = {
    "assignments.activity": READ_ONLY,
    "assignments.evidence": READ_ONLY,
    "assignments.progressupdate": READ_ONLY,
    "reports.agencyreport": READ_ONLY,
}


def test_every_admin_model_has_a_row():
    registered = [
        m._meta.label_lower for m in admin.site._registry if m._meta.app_label in ADMIN_APPS
    ]
    assert sorted(registered) == sorted(VIEW_ONLY_STAFF)


@pytest.fixture
def admin_objects(world, agency_a, staff_a, doit):
    """One object of every model in VIEW_ONLY_STAFF."""
    locality = LocalityFactory()
    objects = {
        "accounts.user": staff_a,
        "assignments.activity": world.activity,
        "assignments.assigneegroup": assignee_group_create(
            name="UBND các xã, phường",
            kind="agency_kinds",
            agency_kinds=["commune_committee"],
            actor=doit,
        ),
        "assignments.evidence": world.evidence,
        "assignments.progressupdate": world.progress,
        "assignments.reminderlog": ReminderLog.objects.create(
            user=staff_a, agency=agency_a, sent_on=world.period.starts_on
        ),
        "assignments.task": world.task,
        "enterprises.assessment": world.assessment,
        "enterprises.enterprise": world.enterprise,
        "enterprises.gridemissionfactor": GridEmissionFactor.objects.get(year=2023),
        "enterprises.importjob": world.import_job,
        "enterprises.industrialzone": IndustrialZone.objects.create(
            name="KCN Bình Hòa", locality=locality
        ),
        "enterprises.locality": locality,
        "enterprises.option": world.option,
        "enterprises.vsiccode": VsicFactory(),
        "accounts.agency": agency_a,
        "accounts.agencyalias": AgencyAlias.objects.create(agency=agency_a, alias="Sở NN&MT"),
        "programs.indicator": world.indicator,
        "programs.legaldocument": world.document,
        "programs.reportingregime": world.period.regime,
        "programs.target": TargetFactory(indicator=world.indicator, document=world.document),
        "reports.agencyreport": world.report,
        "reports.consolidatedreport": world.consolidated,
        "programs.reportingperiod": world.period,
    }
    for obj in objects.values():
        if hasattr(obj, "history") and not obj.history.exists():
            obj.save()  # reference data loaded by a migration has no version yet
    return objects


def _admin_outcomes(client, obj) -> dict:
    opts = obj._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    change = reverse(f"{prefix}_change", args=[obj.pk])
    delete = reverse(f"{prefix}_delete", args=[obj.pk])
    changelist = reverse(f"{prefix}_changelist")
    outcomes = {
        "changelist": client.get(changelist).status_code,
        "change": client.get(change).status_code,
        "change_post": client.post(change, {}).status_code,
        "delete": client.get(delete).status_code,
        "delete_post": client.post(delete, {"post": "yes"}).status_code,
        "history": client.get(reverse(f"{prefix}_history", args=[obj.pk])).status_code,
        "history_form": None,
        "history_form_post": None,
    }
    selected = {"action": "delete_selected", "_selected_action": [str(obj.pk)], "post": "yes"}
    client.post(changelist, selected)
    outcomes["bulk_delete"] = KEPT if type(obj).objects.filter(pk=obj.pk).exists() else "deleted"
    if hasattr(obj, "history"):
        version = obj.history.order_by("-history_id").first().history_id
        form = reverse(f"{prefix}_simple_history", args=[obj.pk, version])
        outcomes["history_form"] = client.get(form).status_code
        outcomes["history_form_post"] = client.post(form, {}).status_code
    return outcomes


def _snapshot(obj):
    fresh = type(obj)._base_manager.filter(pk=obj.pk).first()
    return fresh and model_to_dict(fresh)


@pytest.mark.django_db
def test_view_only_staff_reads_every_admin_page_and_writes_none(admin_objects, doit_agency):
    viewer = UserFactory(username="chi_xem", agency=doit_agency, is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(
            codename__startswith="view_", content_type__app_label__in=ADMIN_APPS
        ).exclude(codename__startswith="view_historical")
    )
    client = Client()
    client.force_login(viewer)
    before = {label: _snapshot(obj) for label, obj in admin_objects.items()}
    actual = {label: _admin_outcomes(client, admin_objects[label]) for label in VIEW_ONLY_STAFF}
    assert actual == VIEW_ONLY_STAFF
    assert {label: _snapshot(obj) for label, obj in admin_objects.items()} == before


@pytest.mark.django_db
def test_superuser_reads_locked_objects_and_writes_none(world, admin_user, doit):
    report = world.report
    report.status = "accepted"
    report.submitted_at = report.accepted_at = timezone.now()
    report.accepted_by = doit
    report.save()
    objects = {
        "assignments.activity": world.activity,
        "assignments.evidence": world.evidence,
        "assignments.progressupdate": world.progress,
        "reports.agencyreport": report,
    }
    client = Client()
    client.force_login(admin_user)
    before = {label: _snapshot(obj) for label, obj in objects.items()}
    actual = {label: _admin_outcomes(client, obj) for label, obj in objects.items()}
    assert actual == LOCKED_FOR_SUPERUSER
    assert {label: _snapshot(obj) for label, obj in objects.items()} == before


# --- who reads a task's progress ---------------------------------------------------------------
#
# The rule (docs/architecture.md, "How scoping works"): the lead agency and every coordinating
# agency of a task share its whole progress history, narratives included — they work on the same
# task; every entry names the agency that wrote it and its role; an agency outside the task gets
# 404 on the task and sees none of its entries.


@pytest.mark.django_db
def test_lead_and_coordinators_share_a_task_history_each_entry_naming_its_writer(
    agency_a, agency_b, staff_a, staff_b
):
    task = TaskFactory(lead_agency=agency_a, coordinating=[agency_b])
    ProgressFactory(task=task, agency=agency_a, author=staff_a, narrative="Ghi chép của đơn vị A")
    ProgressFactory(task=task, agency=agency_b, author=staff_b, narrative="Phần phối hợp của B")
    outsider = UserFactory(agency=AgencyFactory(name="Sở Tài chính", short_name="STC"))
    url = reverse("assignments:task_detail", args=[task.pk])
    for reader in (staff_a, staff_b):
        client = Client()
        client.force_login(reader)
        page = client.get(url)
        assert page.status_code == 200
        body = page.content.decode()
        assert "Ghi chép của đơn vị A" in body and "Phần phối hợp của B" in body
        assert (
            f'title="{agency_a.name}">{agency_a.short_name}</strong> <span class="small muted">(chủ trì)'
            in body
        )
        assert (
            f'title="{agency_b.name}">{agency_b.short_name}</strong> <span class="small muted">(phối hợp)'
            in body
        )
        assert ProgressUpdate.objects.visible_to(reader).filter(task=task).count() == 2
    client = Client()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert not ProgressUpdate.objects.visible_to(outsider).exists()


# --- tasks given to a group ---------------------------------------------------------------------
#
# A task given to "UBND các xã, phường" (no lead agency): the staff of a commune (a member,
# resolved when read) see it and report on it; agency A and B, departments, are not members and
# get 404 like for any task outside their scope; DOIT and leaders read it and do not report.

GROUP_PERSONAS = ("anon", "commune", "staff_a", "staff_b", "doit", "leader")
GROUP_TASK_GET = {
    "assignments:task_detail": dict(
        anon=LOGIN, commune=200, staff_a=404, staff_b=404, doit=200, leader=200
    ),
}
GROUP_TASK_POST = {
    # an empty form: the member gets it back with its errors (400), outsiders 404, readers 403
    "assignments:progress_create": dict(
        anon=LOGIN, commune=400, staff_a=404, staff_b=404, doit=403, leader=403
    ),
    "assignments:task_activity_create": dict(
        anon=LOGIN, commune=400, staff_a=404, staff_b=404, doit=403, leader=403
    ),
}


@pytest.fixture
def group_task(clients, doit):
    from accounts.roles import Role
    from tests.factories import make_periods

    make_periods()
    group = assignee_group_create(
        name="Ủy ban nhân dân các xã, phường",
        kind="agency_kinds",
        agency_kinds=["commune_committee"],
        actor=doit,
    )
    ward = AgencyFactory(name="UBND phường Long Xuyên", kind="commune_committee")
    commune = Client()
    commune.force_login(UserFactory(agency=ward, roles=[Role.AGENCY_STAFF]))
    task = TaskFactory(lead_agency=None, assignee_group=group)
    return task, {**clients, "commune": commune}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(GROUP_TASK_GET))
def test_group_task_get_per_persona(name, group_task):
    task, clients = group_task
    url = reverse(name, kwargs={"pk": task.pk})
    actual = {p: outcome(clients[p].get(url)) for p in GROUP_PERSONAS}
    assert actual == GROUP_TASK_GET[name]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(GROUP_TASK_POST))
def test_group_task_post_per_persona(name, group_task):
    task, clients = group_task
    url = reverse(name, kwargs={"pk": task.pk})
    actual = {p: outcome(clients[p].post(url, {})) for p in GROUP_PERSONAS}
    assert actual == GROUP_TASK_POST[name]
