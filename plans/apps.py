from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The annual SXSH plan and its budget: items tied to directive tasks, appraisal by Sở Tài
    chính, approval by UBND tỉnh, revisions, and planned-versus-actual from the activities."""

    name = "plans"
    verbose_name = _("Kế hoạch và kinh phí")
