from django.views.generic import DetailView, ListView

from accounts.views import ScopedQuerysetMixin
from reports.models import AgencyReport


class ReportListView(ScopedQuerysetMixin, ListView):
    model = AgencyReport
    paginate_by = 25
    template_name = "reports/report_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("agency", "period")


class ReportDetailView(ScopedQuerysetMixin, DetailView):
    model = AgencyReport
    template_name = "reports/report_detail.html"


index = ReportListView.as_view()
report_detail = ReportDetailView.as_view()
