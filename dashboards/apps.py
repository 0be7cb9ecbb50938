from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The overviews at the top of the app graph: ``/``, the provincial and agency dashboards, their
    drill-downs, exports and cache. No models: it reads every app below it."""

    name = "dashboards"
    verbose_name = _("Tổng quan")
