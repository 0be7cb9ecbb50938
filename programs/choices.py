from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    CHI_THI = "chi_thi", _("Chỉ thị")
    QUYET_DINH = "quyet_dinh", _("Quyết định")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    CHUONG_TRINH = "chuong_trinh", _("Chương trình hành động")
    QD_TTG = "qd_ttg", _("Quyết định của Thủ tướng Chính phủ")
    OTHER = "other", _("Khác")


class ReportingFrequency(models.TextChoices):
    SEMIANNUAL = "semiannual", _("6 tháng một lần")
    ANNUAL = "annual", _("Hằng năm")


class IndicatorComputation(models.TextChoices):
    """How an indicator's actual value is obtained; computed keys are implemented in code."""

    MANUAL = "manual", _("Nhập tay theo kỳ")
    SHARE_INFORMED = "share_informed", _("Tỷ lệ cơ sở có tiềm năng được phổ biến SXSH")
    SHARE_APPLYING = "share_applying", _("Tỷ lệ cơ sở áp dụng SXSH")
    AVG_ENERGY_SAVING = (
        "avg_energy_saving",
        _("Mức tiết kiệm năng lượng bình quân trên đơn vị sản phẩm"),
    )
    AVG_MATERIAL_SAVING = (
        "avg_material_saving",
        _("Mức tiết kiệm nguyên, nhiên liệu bình quân trên đơn vị sản phẩm"),
    )
    SHARE_STAFF_TRAINED = "share_staff_trained", _("Tỷ lệ cán bộ SXSH được đào tạo")
    DEMONSTRATION_MODELS = "demonstration_models", _("Số mô hình trình diễn")
    ENTERPRISES_ASSESSED = "enterprises_assessed", _("Số cơ sở được đánh giá SXSH")
    FUNDS_MOBILISED = "funds_mobilised", _("Kinh phí huy động")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("Tối thiểu")
    AT_MOST = "at_most", _("Tối đa")
    RANGE = "range", _("Trong khoảng")


class PeriodKind(models.TextChoices):
    H1 = "h1", _("6 tháng đầu năm")
    H2 = "h2", _("6 tháng cuối năm")
    YEAR = "year", _("Cả năm")
