from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A portal user. Everyone but a system administrator belongs to exactly one agency."""

    agency = models.ForeignKey(
        "programs.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("cơ quan, đơn vị"),
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        """Vietnamese order: family and middle names (last_name) before the given name."""
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self):
        return self.first_name or self.username

    def clean(self):
        super().clean()
        if not self.is_superuser and self.agency_id is None:
            raise ValidationError({"agency": _("Mỗi người dùng phải thuộc một cơ quan, đơn vị.")})


class FormToken(models.Model):
    """A submitted form's one-time token, kept once what the form created has been saved.

    A second POST of the same form (a double click, a slow network, a replayed request) finds
    its token here and is sent to ``location``, the page showing the saved record, instead of
    saving it again (``accounts.formtokens``).
    """

    token = models.CharField(_("mã biểu mẫu"), max_length=64, unique=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("người gửi")
    )
    location = models.CharField(_("trang hiển thị kết quả"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("biểu mẫu đã gửi")
        verbose_name_plural = _("biểu mẫu đã gửi")

    def __str__(self):
        return self.token
