from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import AgencyKind
from accounts.scoping import PublicToUsersQuerySet
from config.text import normalize_name


class AgencyQuerySet(PublicToUsersQuerySet):
    def active(self, on: dt.date | None = None):
        """Agencies in existence on a date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=on)
        )

    def doit(self):
        return self.filter(is_doit=True)


class Agency(models.Model):
    """A body that is assigned tasks or reports (a Sở, a board, a commune, the radio station…).

    Agencies are never deleted: after the 2025 reorganisation an old agency gets ``active_until``
    and a ``successor``; its history keeps the old name while figures roll up into the successor.
    """

    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(
        _("loại"), max_length=32, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_until = models.DateField(_("hoạt động đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("cơ quan kế thừa"),
    )
    is_doit = models.BooleanField(
        _("là Sở Công Thương"),
        default=False,
        help_text=_("Cơ quan đầu mối tiếp nhận báo cáo SXSH của tỉnh."),
    )
    normalized_name = models.CharField(max_length=255, editable=False, db_index=True)

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords(table_name="programs_historicalagency")

    class Meta:
        db_table = "programs_agency"  # created by programs before agencies moved here
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_doit"], condition=Q(is_doit=True), name="agency_single_doit"
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="agency_active_range_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")), name="agency_not_own_successor"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # a derived lookup key (accent/case-insensitive matching), not business logic
        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return (self.active_from is None or self.active_from <= today) and (
            self.active_until is None or self.active_until >= today
        )

    def current(self) -> Agency:
        """The agency that carries this one's work today (follows the successor chain)."""
        agency, seen = self, {self.pk}
        while agency.successor_id and agency.successor_id not in seen:
            seen.add(agency.successor_id)
            agency = agency.successor
        return agency


class AgencyAlias(models.Model):
    """Another way documents write an agency's name ("Sở TN&MT"), for the directive importer."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("cơ quan")
    )
    alias = models.CharField(_("tên gọi khác"), max_length=255)
    normalized_alias = models.CharField(max_length=255, editable=False, unique=True)

    history = HistoricalRecords(table_name="programs_historicalagencyalias")

    class Meta:
        db_table = "programs_agencyalias"
        verbose_name = _("tên gọi khác của cơ quan")
        verbose_name_plural = _("tên gọi khác của cơ quan")
        ordering = ["alias"]

    def __str__(self):
        return f"{self.alias} → {self.agency}"

    def save(self, *args, **kwargs):
        self.normalized_alias = normalize_name(self.alias)
        super().save(*args, **kwargs)


class User(AbstractUser):
    """A portal user. Everyone but a system administrator belongs to exactly one agency."""

    agency = models.ForeignKey(
        Agency,
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
