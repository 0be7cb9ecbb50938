"""What the portal's three review workflows share — agency reports and enterprise reports
(``reports``), plan versions (``plans``): the record of each step, and the compare-and-set that
makes a stale form or a second reviewer fail cleanly instead of overwriting.

Each workflow keeps its own states, rules and messages; only these two shapes are common.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


def status_fields(choices) -> tuple[models.CharField, models.CharField]:
    """The step's from/to status, with the workflow's own choices:
    ``from_status, to_status = status_fields(ReportStatus.choices)`` in the model's body."""
    return (
        models.CharField(_("từ trạng thái"), max_length=20, choices=choices),
        models.CharField(_("sang trạng thái"), max_length=20, choices=choices),
    )


class Transition(models.Model):
    """One workflow step: who, when, from/to, and the comment. A concrete step adds the foreign
    key to what moved (named by ``subject_field``) and its status fields (``status_fields``)."""

    subject_field: ClassVar[str] = "report"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("thời gian"), auto_now_add=True)
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return f"{getattr(self, self.subject_field)}: {self.from_status} → {self.to_status}"

    @classmethod
    def record(cls, subject, *, from_status: str, actor, comment: str = ""):
        """The step that just moved ``subject`` from ``from_status`` to its current status."""
        return cls.objects.create(
            **{cls.subject_field: subject},
            from_status=from_status,
            to_status=subject.status,
            actor=actor,
            comment=comment,
        )


def check_version(obj, version: int | None, error: type[Exception], *, field: str = "version"):
    """A form built from an older version is stale, whatever the row's state is now."""
    if version is not None and version != getattr(obj, field):
        raise error


def claim(
    queryset, obj, version: int | None, error: type[Exception], *, field="version", **changes
):
    """Compare-and-set: ``UPDATE … SET field = field + 1 WHERE pk = … AND field = version``
    (``version`` is the one the user's form was built from; ``None`` means the one in hand),
    with ``changes`` in the same statement. Raises ``error`` when another write came first;
    otherwise reloads ``obj`` from ``queryset`` (its ``select_related`` included) and returns it.
    """
    expected = getattr(obj, field) if version is None else version
    claimed = queryset.filter(pk=obj.pk, **{field: expected}).update(
        **{field: F(field) + 1}, **changes
    )
    if not claimed:
        raise error
    fresh = queryset.get(pk=obj.pk)
    obj.__dict__.update(fresh.__dict__)
    return obj
