"""Legal documents for every signed-in user: a filterable list and a document page."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from accounts.pagecache import cached_page
from accounts.roles import sees_everything
from accounts.views import ScopedQuerysetMixin
from programs.filters import DocumentFilter
from programs.models import LegalDocument, Target


class DocumentListView(ScopedQuerysetMixin, ListView):
    model = LegalDocument
    paginate_by = 25
    template_name = "programs/document_list.html"

    def get_queryset(self):
        self.filterset = DocumentFilter(self.request.GET or None, queryset=super().get_queryset())
        return self.filterset.qs.order_by("-signed_on", "number", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters"] = self.filterset.form
        context["filtered"] = any(self.request.GET.get(k) for k in ("q", "kind", "year"))
        return context


class DocumentDetailView(ScopedQuerysetMixin, DetailView):
    model = LegalDocument
    template_name = "programs/document_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("report_to", "replaced_by")
            .prefetch_related(
                "legal_basis",
                Prefetch("targets", queryset=Target.objects.select_related("indicator")),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # The document's tasks, through the reverse relation so this app imports nothing above it
        # (docs/architecture.md), and through the task scope: an agency user sees its own.
        tasks = (
            self.object.tasks.visible_to(user)
            .select_related("lead_agency", "assignee_group")
            .prefetch_related("coordinating_agencies", "coordinating_groups")
            .order_by("order", "ref", "lead_agency__name", "assignee_group__name")
        )
        context["task_groups"] = [
            (section, list(items))
            for section, items in groupby(tasks, key=lambda t: t.section_title)
        ]
        context["sees_all_tasks"] = sees_everything(user)
        return context


index = cached_page(DocumentListView.as_view())
document_detail = cached_page(DocumentDetailView.as_view())
