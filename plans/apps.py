from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The annual SXSH plan and its budget: items tied to directive tasks, appraisal by Sở Tài
    chính, approval by UBND tỉnh, revisions, and planned-versus-actual from the activities."""

    name = "plans"
    verbose_name = _("Kế hoạch và kinh phí")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from plans import extensions
        from plans.models import PlanItem

        # a frozen item's coordinating agencies are frozen too (m2m writes bypass save())
        m2m_changed.connect(
            extensions.refuse_locked_coordinators,
            sender=PlanItem.coordinating_agencies.through,
            dispatch_uid="plans_locked_coordinators",
        )
        extensions.register()
