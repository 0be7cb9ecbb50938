from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VsicLevel(models.TextChoices):
    SECTION = "section", _("Ngành cấp 1 (chữ cái)")
    DIVISION = "division", _("Ngành cấp 2")
    GROUP = "group", _("Ngành cấp 3")
    CLASS = "class", _("Ngành cấp 4")
    SUBCLASS = "subclass", _("Ngành cấp 5")


class LocalityKind(models.TextChoices):
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")


class ZoneKind(models.TextChoices):
    INDUSTRIAL_ZONE = "kcn", _("Khu công nghiệp")
    INDUSTRIAL_CLUSTER = "ccn", _("Cụm công nghiệp")
    ECONOMIC_ZONE = "kkt", _("Khu kinh tế")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Siêu nhỏ")
    SMALL = "small", _("Nhỏ")
    MEDIUM = "medium", _("Vừa")
    LARGE = "large", _("Lớn")


class Stage(models.TextChoices):
    """Derived from data, never stored by hand (see enterprises.models.EnterpriseQuerySet)."""

    NOT_REACHED = "not_reached", _("Chưa tiếp cận")
    INFORMED = "informed", _("Đã được phổ biến")
    ASSESSED = "assessed", _("Đã đánh giá SXSH")
    APPLYING = "applying", _("Đang áp dụng SXSH")


class AssessmentKind(models.TextChoices):
    QUICK = "quick", _("Đánh giá nhanh")
    DETAILED = "detailed", _("Đánh giá chi tiết")
    FOLLOW_UP = "follow_up", _("Đánh giá lại, theo dõi")


class AssessmentStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("assessment status", "Kế hoạch")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    COMPLETED = "completed", _("Hoàn thành")


class OptionCategory(models.TextChoices):
    """The eight standard cleaner-production option categories."""

    GOOD_HOUSEKEEPING = "good_housekeeping", _("Quản lý nội vi tốt")
    INPUT_CHANGE = "input_change", _("Thay đổi nguyên liệu đầu vào")
    PROCESS_CONTROL = "process_control", _("Kiểm soát quá trình tốt hơn")
    EQUIPMENT_MODIFICATION = "equipment_modification", _("Cải tiến thiết bị")
    TECHNOLOGY_CHANGE = "technology_change", _("Thay đổi công nghệ")
    ONSITE_RECOVERY = "onsite_recovery", _("Thu hồi, tái sử dụng tại chỗ")
    BY_PRODUCT = "by_product", _("Sản xuất sản phẩm phụ hữu ích")
    PRODUCT_MODIFICATION = "product_modification", _("Cải tiến sản phẩm")


class OptionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    IMPLEMENTED = "implemented", _("Đã thực hiện")
    REJECTED = "rejected", _("Loại bỏ")


class ImportJobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Đã tải lên")
    VALIDATING = "validating", _("Đang kiểm tra")
    INVALID = "invalid", _("Có lỗi, chưa lưu")
    READY = "ready", _("Sẵn sàng ghi")
    RUNNING = "running", _("Đang ghi dữ liệu")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Thất bại")
    CANCELLED = "cancelled", _("Đã hủy")


class PublicationStatus(models.TextChoices):
    """Public content: nothing is shown until DOIT publishes it; unpublishing takes it down."""

    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã công khai")


class Provenance(models.TextChoices):
    """Where a figure of the registry came from; only ``counts`` ones feed indicators."""

    DOIT = "doit", _("Sở Công Thương nhập")
    IMPORTED = "imported", _("Nhập từ tệp danh sách")
    SELF_PENDING = "self_pending", _("Doanh nghiệp tự báo cáo, chờ thẩm tra")
    SELF_VERIFIED = "self_verified", _("Doanh nghiệp tự báo cáo, đã thẩm tra")

    @classmethod
    def counted(cls) -> tuple[str, ...]:
        """Figures that count in indicators, dashboards and the consolidated report."""
        return (cls.DOIT, cls.IMPORTED, cls.SELF_VERIFIED)


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", _("Chờ Sở Công Thương xem xét")
    APPROVED = "approved", _("Đã cấp tài khoản")
    REJECTED = "rejected", _("Không chấp thuận")


class ProfileChangeStatus(models.TextChoices):
    PENDING = "pending", _("Chờ Sở Công Thương kiểm tra")
    APPLIED = "applied", _("Đã cập nhật vào danh sách")
    REJECTED = "rejected", _("Không chấp thuận")
