"""Choices of the annual plan: version states and the kinds of deliverable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Chờ Sở Tài chính thẩm định")
    RETURNED = "returned", _("Sở Tài chính trả lại")
    APPRAISED = "appraised", _("Đã thẩm định, chờ UBND tỉnh phê duyệt")
    APPROVED = "approved", _("Đã được UBND tỉnh phê duyệt")
    EXECUTING = "executing", _("Đang thực hiện")
    SUPERSEDED = "superseded", _("Đã được điều chỉnh (thay thế)")
    CLOSED = "closed", _("Đã kết thúc năm")


#: states in which a version's content is frozen (approved by UBND tỉnh and after)
LOCKED_STATUSES = frozenset(
    {PlanStatus.APPROVED, PlanStatus.EXECUTING, PlanStatus.SUPERSEDED, PlanStatus.CLOSED}
)
#: states in which a version is still being written or appraised (at most one per plan)
OPEN_STATUSES = frozenset(
    {PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.APPRAISED}
)
#: states whose figures are "the plan in force" for execution
IN_FORCE_STATUSES = frozenset({PlanStatus.APPROVED, PlanStatus.EXECUTING, PlanStatus.CLOSED})


class DeliverableKind(models.TextChoices):
    """What a plan item delivers; each kind is counted from the linked activities (``measure``)."""

    TRAINING_COURSES = "training_courses", _("Lớp tập huấn, đào tạo")
    PARTICIPANTS = "participants", _("Lượt người tham dự")
    WORKSHOPS = "workshops", _("Hội thảo, hội nghị")
    DEMONSTRATION_MODELS = "demonstration_models", _("Mô hình trình diễn")
    ASSESSMENTS = "assessments", _("Doanh nghiệp được đánh giá, tư vấn SXSH")
    MEDIA = "media", _("Tin, bài, phóng sự")
    PUBLICATIONS = "publications", _("Tờ rơi, ấn phẩm")
    INSPECTIONS = "inspections", _("Cuộc kiểm tra, giám sát")
    OTHER = "other", _("Sản phẩm khác")


class Quarter(models.IntegerChoices):
    Q1 = 1, _("Quý I")
    Q2 = 2, _("Quý II")
    Q3 = 3, _("Quý III")
    Q4 = 4, _("Quý IV")
