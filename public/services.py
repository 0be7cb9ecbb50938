"""Writes of the public content: save, publish, unpublish, and the visitors' messages.

Every write leaves a simple-history row with the acting user (the audit page lists them) and so
changes the public page cache's data version: a publish or unpublish shows at once.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.roles import is_doit
from public.models import ContactMessage, PublishStatus


def can_edit(user) -> bool:
    """DOIT reviewers (and superusers) edit the public site."""
    return is_doit(user)


def _require(actor) -> None:
    if not can_edit(actor):
        raise PermissionDenied


@transaction.atomic
def content_save(*, form, actor):
    _require(actor)
    item = form.save(commit=False)
    if item.pk is None:
        item.created_by = actor
    item._history_user = actor
    item.save()
    form.save_m2m()
    return item


@transaction.atomic
def content_publish(*, item, actor):
    _require(actor)
    item.status = PublishStatus.PUBLISHED
    item.published_at = item.published_at or timezone.now()
    item._history_user = actor
    item.save()
    return item


@transaction.atomic
def content_unpublish(*, item, actor):
    """Back to draft: off every public page, the sitemap and the feeds at once."""
    _require(actor)
    item.status = PublishStatus.DRAFT
    item._history_user = actor
    item.save()
    return item


@transaction.atomic
def content_delete(*, item, actor):
    _require(actor)
    item._history_user = actor
    item.delete()


@transaction.atomic
def contact_message_create(*, form) -> ContactMessage:
    return form.save()


@transaction.atomic
def contact_message_handle(*, message, actor) -> ContactMessage:
    _require(actor)
    message.handled = True
    message._history_user = actor
    message.save()
    return message
