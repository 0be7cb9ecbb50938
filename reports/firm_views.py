"""The enterprise's own pages under /co-so/ (its overview, profile, tasks, assessments and
options, trainings, annual SXSH report) and DOIT's review queue of what enterprises submit.

An enterprise user reaches nothing else (``accounts.fence``); every row here is read through
``visible_to`` / the company's tax code, so another company's data never appears.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from accounts.fence import enterprise_allowed
from accounts.scoping import company_of
from enterprises.models import Enterprise


def _company_or_404(request) -> tuple[str, list[Enterprise]]:
    """The signed-in enterprise user's tax code and facilities; anyone else gets 404."""
    tax_code = company_of(request.user)
    if tax_code is None:
        raise Http404
    facilities = list(
        Enterprise.objects.visible_to(request.user).select_related("vsic", "locality", "zone")
    )
    if not facilities:
        raise Http404
    return tax_code, facilities


@enterprise_allowed
def overview(request):
    tax_code, facilities = _company_or_404(request)
    return render(
        request,
        "firms/overview.html",
        {"tax_code": tax_code, "facilities": facilities, "company": facilities[0]},
    )
