from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskCategory(models.TextChoices):
    AWARENESS = "awareness", _("Tuyên truyền, nâng cao nhận thức")
    TRAINING = "training", _("Đào tạo, tập huấn")
    POLICY = "policy", _("Cơ chế, chính sách")
    TECHNICAL_SUPPORT = "technical_support", _("Hỗ trợ kỹ thuật")
    DEMONSTRATION = "demonstration", _("Mô hình trình diễn")
    FUNDING = "funding", _("Kinh phí, tài chính")
    INSPECTION = "inspection", _("Kiểm tra, giám sát")
    COORDINATION = "coordination", _("Chỉ đạo, phối hợp")
    REPORTING = "reporting", _("Báo cáo, tổng hợp")
    OTHER = "other", _("Khác")


class Recurrence(models.TextChoices):
    ONCE = "once", _("Một lần")
    YEARLY = "yearly", _("Hằng năm")
    SEMIANNUAL = "semiannual", _("6 tháng một lần")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    BLOCKED = "blocked", _("Vướng mắc")


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Lớp tập huấn, đào tạo")
    WORKSHOP = "workshop", _("Hội thảo, hội nghị")
    MEDIA = "media", _("Tin, bài, phóng sự")
    LEAFLET = "leaflet", _("Tờ rơi, áp phích, ấn phẩm")
    DEMONSTRATION = "demonstration", _("Mô hình trình diễn")
    CONSULTING = "consulting", _("Tư vấn, hỗ trợ doanh nghiệp")
    INSPECTION = "inspection", _("Kiểm tra, giám sát")
    OTHER = "other", _("Khác")


class FundingSource(models.TextChoices):
    KHUYEN_CONG = "khuyen_cong", _("Khuyến công")
    SCIENCE_TECH = "science_tech", _("Khoa học và công nghệ")
    ENVIRONMENT = "environment", _("Sự nghiệp môi trường")
    CENTRAL_BUDGET = "central_budget", _("Ngân sách trung ương")
    LOCAL_BUDGET = "local_budget", _("Ngân sách địa phương")
    DONOR = "donor", _("Tài trợ quốc tế")
    ENTERPRISE = "enterprise", _("Doanh nghiệp tự đầu tư")
    OTHER = "other", _("Nguồn khác")


class AssigneeGroupKind(models.TextChoices):
    """How an assignee group's members are found (always at read time, never stored)."""

    AGENCY_KINDS = "agency_kinds", _("Các cơ quan theo loại")
    ENTERPRISES = "enterprises", _("Doanh nghiệp trong danh bạ")
    NAMED = "named", _("Danh sách cơ quan")


class RegistrationStatus(models.TextChoices):
    """An enterprise's registration for a public event, from the form to the attendance list."""

    SUBMITTED = "submitted", _("Mới đăng ký")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    ATTENDED = "attended", _("Đã tham dự")
    CANCELLED = "cancelled", _("Đã hủy")
