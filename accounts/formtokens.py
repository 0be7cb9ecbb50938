"""One-time form tokens: a form that creates a record saves it once, however often it is posted.

The browser's guard (the submit button disables itself) does not stop a second POST sent by a
slow network, a reload or a replayed request. So every such form renders ``{% form_token %}``
(``accounts/templatetags/form_tokens.py``: a fresh random value, nothing stored), its view is
decorated with ``@one_time_form``, and the view calls ``form_saved(request, url)`` once it has
saved, naming the page that shows the record.

The decorator runs the view in one transaction that begins by inserting the token into
``FormToken`` (unique), so:

- a POST whose token is already stored is redirected to that page with a message, without
  running the view;
- a POST sent while its twin is still running waits on the unique index (PostgreSQL) or on the
  write lock (SQLite, IMMEDIATE transactions) and then gets the same answer;
- a POST that saved nothing (an invalid form, a refused action) gives its token back, so the
  corrected form can be sent again; one that fails rolls back with the write.

The database is the only shared state, so this holds across gunicorn workers and app servers.
A POST without a token (a script, a page rendered before this existed) is processed as before.
``manage.py cleanup_files`` deletes tokens older than ``KEEP``.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from functools import wraps

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.models import FormToken

FIELD = "form_token"
KEEP = dt.timedelta(days=1)
_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{20,64}")
_SAVED_AT = "_form_saved_location"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def form_saved(request, location: str) -> None:
    """Tell ``@one_time_form`` that this request saved its record, shown at ``location``."""
    setattr(request, _SAVED_AT, location)


class _AlreadySaved(Exception):
    pass


def _answer_saved(request, used: FormToken):
    if used.user_id != request.user.pk:
        raise SuspiciousOperation("form token of another user")
    messages.info(
        request, _("Biểu mẫu này đã được gửi và lưu trước đó; hệ thống không lưu thêm lần nữa.")
    )
    location = used.location or "/"
    if getattr(request, "htmx", False):
        # a redirect would be followed inside the XHR and swapped into the panel
        response = HttpResponse(status=200)
        response["HX-Redirect"] = location
        return response
    return redirect(location)


def one_time_form(view):
    """Process each POSTed form token at most once (see the module docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not (_WELL_FORMED.fullmatch(token) and request.user.is_authenticated):
            return view(request, *args, **kwargs)
        used = FormToken.objects.filter(token=token).first()
        if used is not None:
            return _answer_saved(request, used)
        try:
            with transaction.atomic():
                try:
                    claim = FormToken.objects.create(token=token, user=request.user)
                except IntegrityError:
                    raise _AlreadySaved from None  # the twin committed while we waited
                response = view(request, *args, **kwargs)
                location = getattr(request, _SAVED_AT, None)
                if location:
                    claim.location = location[:500]
                    claim.save(update_fields=["location"])
                else:
                    claim.delete()
        except _AlreadySaved:
            return _answer_saved(request, FormToken.objects.get(token=token))
        return response

    return wrapped
