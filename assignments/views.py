from django.views.generic import DetailView, ListView

from accounts.views import ScopedQuerysetMixin
from assignments.models import Task


class TaskListView(ScopedQuerysetMixin, ListView):
    model = Task
    paginate_by = 25
    template_name = "assignments/task_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("document", "lead_agency")


class TaskDetailView(ScopedQuerysetMixin, DetailView):
    model = Task
    template_name = "assignments/task_detail.html"


index = TaskListView.as_view()
task_detail = TaskDetailView.as_view()
