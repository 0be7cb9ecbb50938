"""Writes on case studies (mô hình trình diễn), all by DOIT reviewers: the story, the options it
presents, the cover image, the enterprise's consent, publishing and taking it down.

Here rather than in ``enterprises`` because the files go through the guarded upload path of
``assignments.uploads`` (a layer above the registry). Every change leaves a history row with
its reason (simple_history ``_change_reason``).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from accounts.roles import is_doit
from assignments.uploads import sniff_upload
from enterprises.choices import OptionStatus, PublicationStatus
from enterprises.models import CaseStudy, Enterprise, Option
from public.richtext import sanitize

#: a cover is scaled down to this width and re-encoded (drops metadata such as GPS positions)
COVER_MAX_WIDTH = 1600
CONTENT_FIELDS = ("title", "summary", "problem", "story", "cover_alt")


def _check_doit(actor) -> None:
    if not is_doit(actor):
        raise PermissionDenied(_("Chỉ chuyên viên Sở Công Thương biên tập mô hình trình diễn."))


def _save(case: CaseStudy, *, actor, reason: str) -> None:
    case._history_user = actor
    case._change_reason = reason
    case.full_clean()
    case.save()


def presentable_options(enterprise: Enterprise):
    """The options a case study of ``enterprise`` may present: its implemented ones."""
    return (
        Option.objects.filter(assessment__enterprise=enterprise, status=OptionStatus.IMPLEMENTED)
        .select_related("assessment")
        .order_by("category", "implemented_on", "pk")
    )


@transaction.atomic
def case_study_save(
    *, actor, data: dict, options, enterprise: Enterprise | None = None, case=None
) -> CaseStudy:
    """Create (``enterprise``) or change (``case``) a case study's text and options.

    The story is sanitised before it is stored. A published case study stays published: the
    reviewer who edits it is the one who approves it, so the approval is stamped again.
    """
    _check_doit(actor)
    creating = case is None
    if creating:
        case = CaseStudy(enterprise=enterprise, created_by=actor)
    else:
        case = CaseStudy.objects.select_for_update().get(pk=case.pk)
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(case, name, (data[name] or "").strip())
    case.story = sanitize(case.story)
    options = list(options)
    allowed = set(presentable_options(case.enterprise).values_list("pk", flat=True))
    if any(o.pk not in allowed for o in options):
        raise ValidationError(
            {"options": _("Chỉ chọn được các giải pháp đã thực hiện của chính cơ sở này.")}
        )
    if case.is_published:
        if not options:
            raise ValidationError(
                {"options": _("Mô hình đang công khai phải trình bày ít nhất một giải pháp.")}
            )
        case.approved_by, case.approved_at = actor, timezone.now()
    _save(case, actor=actor, reason=_("Tạo mô hình") if creating else _("Sửa nội dung"))
    case.options.set(options)
    return case


def _checked_image(upload) -> tuple[bytes, str]:
    """The upload decoded and re-encoded by Pillow (JPEG or PNG only, scaled to the width cap)."""
    info = sniff_upload(upload, max_bytes=8 * 1024 * 1024)
    if info.kind not in ("jpg", "png"):
        raise ValidationError({"cover_image": _("Ảnh bìa phải là ảnh JPEG hoặc PNG.")})
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()
            if image.width * image.height > 40_000_000:
                raise ValidationError({"cover_image": _("Ảnh quá lớn.")})
            if image.width > COVER_MAX_WIDTH:
                height = round(image.height * COVER_MAX_WIDTH / image.width)
                image = image.resize((COVER_MAX_WIDTH, height))
            out = io.BytesIO()
            if info.kind == "png":
                image.save(out, format="PNG", optimize=True)
            else:
                image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError({"cover_image": _("Không đọc được ảnh này.")}) from None
    return out.getvalue(), info.extension


@transaction.atomic
def case_study_set_cover(*, case: CaseStudy, actor, upload, alt: str) -> CaseStudy:
    _check_doit(actor)
    case = CaseStudy.objects.select_for_update().get(pk=case.pk)
    if not (alt or "").strip():
        raise ValidationError({"cover_alt": _("Hãy mô tả ảnh cho người không xem được ảnh.")})
    data, extension = _checked_image(upload)
    case.cover_image.save(f"cover.{extension}", ContentFile(data), save=False)
    case.cover_alt = alt.strip()
    _save(case, actor=actor, reason=_("Đổi ảnh bìa"))
    return case


@transaction.atomic
def case_study_record_consent(
    *, case: CaseStudy, actor, given_by: str, given_on: dt.date, document
) -> CaseStudy:
    """Record the enterprise's written consent to publish: who gave it, when, the signed letter
    (PDF or a scan, through the guarded upload check)."""
    _check_doit(actor)
    case = CaseStudy.objects.select_for_update().get(pk=case.pk)
    if not (given_by or "").strip():
        raise ValidationError({"given_by": _("Hãy ghi họ tên, chức vụ người đại diện đồng ý.")})
    if given_on is None or given_on > timezone.localdate():
        raise ValidationError({"given_on": _("Ngày đồng ý không được ở tương lai.")})
    if document is None:
        raise ValidationError({"document": _("Hãy đính kèm văn bản đồng ý của doanh nghiệp.")})
    info = sniff_upload(document)
    if info.kind not in ("pdf", "jpg", "png"):
        raise ValidationError({"document": _("Văn bản đồng ý phải là tệp PDF hoặc ảnh chụp.")})
    document.seek(0)
    case.consent_document.save(
        f"consent.{info.extension}", ContentFile(document.read()), save=False
    )
    case.consent_document_name = PurePath(info.original_name).name
    case.consent_given_by = given_by.strip()
    case.consent_on = given_on
    case.consent_recorded_by, case.consent_recorded_at = actor, timezone.now()
    _save(case, actor=actor, reason=_("Ghi nhận doanh nghiệp đồng ý công khai"))
    return case


@transaction.atomic
def case_study_withdraw_consent(*, case: CaseStudy, actor) -> CaseStudy:
    """The enterprise withdraws its consent: the case study comes down at once."""
    _check_doit(actor)
    case = CaseStudy.objects.select_for_update().get(pk=case.pk)
    case.status = PublicationStatus.DRAFT
    case.consent_recorded_by = case.consent_recorded_at = None
    case.approved_by = case.approved_at = None
    _save(case, actor=actor, reason=_("Doanh nghiệp rút lại đồng ý; gỡ khỏi trang công khai"))
    return case


@transaction.atomic
def case_study_publish(*, case: CaseStudy, actor) -> CaseStudy:
    """DOIT approves and publishes: only with the enterprise's consent and at least one option."""
    _check_doit(actor)
    case = CaseStudy.objects.select_for_update().get(pk=case.pk)
    if not case.has_consent:
        raise ValidationError(_("Chưa ghi nhận văn bản đồng ý công khai của doanh nghiệp."))
    if not case.options.exists():
        raise ValidationError(_("Mô hình chưa trình bày giải pháp đã thực hiện nào."))
    now = timezone.now()
    case.status = PublicationStatus.PUBLISHED
    case.approved_by, case.approved_at = actor, now
    case.published_at = case.published_at or now
    _save(case, actor=actor, reason=_("Phê duyệt và công khai"))
    return case


@transaction.atomic
def case_study_unpublish(*, case: CaseStudy, actor) -> CaseStudy:
    """Take it down at once (the approval is withdrawn with it; publishing again re-approves)."""
    _check_doit(actor)
    case = CaseStudy.objects.select_for_update().get(pk=case.pk)
    case.status = PublicationStatus.DRAFT
    case.approved_by = case.approved_at = None
    _save(case, actor=actor, reason=_("Gỡ khỏi trang công khai"))
    return case
