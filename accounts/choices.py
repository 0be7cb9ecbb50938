"""Choices of the accounts app (users and agencies)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Sở, ban, ngành tỉnh")
    BOARD = "board", _("Ban quản lý")
    PROVINCE_COMMITTEE = "province_committee", _("UBND tỉnh")
    COMMUNE_COMMITTEE = "commune_committee", _("UBND xã, phường")
    DISTRICT_COMMITTEE = "district_committee", _("UBND huyện, thị xã, thành phố (trước 2025)")
    MEDIA = "media", _("Cơ quan báo chí, phát thanh, truyền hình")
    MASS_ORGANISATION = "mass_organisation", _("Mặt trận, đoàn thể")
    ASSOCIATION = "association", _("Hiệp hội doanh nghiệp")
    POLICE = "police", _("Công an")
    MINISTRY = "ministry", _("Bộ, cơ quan trung ương")
    OTHER = "other", _("Khác")
