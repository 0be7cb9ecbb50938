from django.views.generic import DetailView, ListView

from accounts.views import ScopedQuerysetMixin
from enterprises.models import Enterprise


class EnterpriseListView(ScopedQuerysetMixin, ListView):
    model = Enterprise
    paginate_by = 25
    template_name = "enterprises/enterprise_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("locality", "vsic")


class EnterpriseDetailView(ScopedQuerysetMixin, DetailView):
    model = Enterprise
    template_name = "enterprises/enterprise_detail.html"


index = EnterpriseListView.as_view()
enterprise_detail = EnterpriseDetailView.as_view()
