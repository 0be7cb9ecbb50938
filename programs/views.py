from django.views.generic import DetailView, ListView

from accounts.views import ScopedQuerysetMixin
from programs.models import LegalDocument


class DocumentListView(ScopedQuerysetMixin, ListView):
    model = LegalDocument
    paginate_by = 25
    template_name = "programs/document_list.html"


class DocumentDetailView(ScopedQuerysetMixin, DetailView):
    model = LegalDocument
    template_name = "programs/document_detail.html"


index = DocumentListView.as_view()
document_detail = DocumentDetailView.as_view()
