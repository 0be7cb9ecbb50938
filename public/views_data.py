"""Open data and the solution library: pages, downloads and the catalogue (no login)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from enterprises.choices import OptionCategory, SizeClass
from public import datasets
from public.aggregates import release
from public.caching import public_page
from public.library import library_table
from public.pages import render_public


class LibraryFilter(forms.Form):
    nganh = forms.ChoiceField(label=_("Ngành (VSIC cấp 2)"), required=False)
    nhom = forms.ChoiceField(
        label=_("Nhóm giải pháp"),
        required=False,
        choices=[("", _("Tất cả nhóm giải pháp")), *OptionCategory.choices],
    )
    quy_mo = forms.ChoiceField(
        label=_("Quy mô"),
        required=False,
        choices=[("", _("Mọi quy mô")), *SizeClass.choices],
    )

    def __init__(self, *args, divisions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nganh"].choices = [
            ("", _("Tất cả các ngành")),
            *((code, f"{code} — {name}") for code, name in sorted(divisions.items())),
        ]


@require_GET
@public_page(name="library")
def library(request):
    rel = release()
    form = LibraryFilter(request.GET or None, divisions=rel["divisions"])
    chosen = form.cleaned_data if form.is_valid() else {}
    table = library_table(
        rel,
        division=chosen.get("nganh") or None,
        category=chosen.get("nhom") or None,
        size=chosen.get("quy_mo") or None,
    )
    return render_public(
        request,
        "public/data/library.html",
        {
            "meta_description": _(
                "Các cơ sở sản xuất trong tỉnh đã đầu tư bao nhiêu, tiết kiệm bao nhiêu và hoàn "
                "vốn trong bao lâu với từng nhóm giải pháp SXSH, theo ngành và quy mô."
            ),
            "form": form,
            "table": table,
            "filtered": bool(chosen and any(chosen.values())),
            "as_of": rel["as_of"],
            "min_group": rel["min_group"],
            "dataset": datasets.BY_SLUG["thu-vien-giai-phap"],
        },
    )


@require_GET
@public_page(name="open_data")
def open_data(request):
    rel = release()
    total = rel["datasets"]["total"]
    return render_public(
        request,
        "public/data/index.html",
        {
            "meta_description": _(
                "Số liệu tổng hợp về áp dụng sản xuất sạch hơn trong công nghiệp theo năm, xã "
                "phường, ngành, quy mô và nhóm giải pháp: CSV, XLSX, JSON, giấy phép CC BY 4.0."
            ),
            "datasets": datasets.DATASETS,
            "formats": list(datasets.FORMATS),
            "as_of": rel["as_of"],
            "min_group": rel["min_group"],
            "licence": datasets.licence(),
            "publisher": datasets.publisher(),
            "total": total,
            "investment_billion": _billion(total["investment_vnd"]),
            "saving_billion": _billion(total["annual_saving_vnd"]),
        },
    )


def _billion(value):
    return None if value is None else value / 1_000_000_000


@login_not_required
@require_GET
def dataset_file(request, slug: str, fmt: str):
    if slug not in datasets.BY_SLUG or fmt not in datasets.FORMATS:
        raise Http404
    body = datasets.render(slug, fmt)
    content_type, _label = datasets.FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if fmt == "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="sxsh-{slug}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@login_not_required
@require_GET
def catalogue(request):
    """A DCAT-style catalogue (JSON-LD vocabulary names) of every dataset and distribution."""
    rel = release()
    lic = datasets.licence()
    home = request.build_absolute_uri(reverse("public:open_data"))
    entries = []
    for d in datasets.DATASETS:
        meta = datasets.metadata(d, rel)
        entries.append(
            {
                "@type": "dcat:Dataset",
                "dct:identifier": d.slug,
                "dct:title": meta["title"],
                "dct:description": meta["description"],
                "dct:license": lic["url"],
                "dct:publisher": {"@type": "foaf:Organization", "foaf:name": meta["publisher"]},
                "dct:modified": meta["as_of"],
                "dct:language": "vi",
                "dcat:keyword": [str(k) for k in d.keywords],
                "dcat:landingPage": home + f"#{d.slug}",
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:format": label,
                        "dcat:mediaType": mime.split(";")[0],
                        "dcat:downloadURL": request.build_absolute_uri(
                            reverse("public:dataset", args=[d.slug, fmt])
                        ),
                        "dct:license": lic["url"],
                    }
                    for fmt, (mime, label) in datasets.FORMATS.items()
                ],
                "columns": meta["columns"],
                "minimum_group": meta["minimum_group"],
                "suppression": meta["suppression"],
            }
        )
    payload = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "dct:title": str(_("Dữ liệu mở về sản xuất sạch hơn")),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": str(datasets.publisher())},
        "dct:license": lic["url"],
        "dct:modified": rel["as_of"].isoformat(),
        "dcat:landingPage": home,
        "dcat:dataset": entries,
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response
