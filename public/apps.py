from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public SXSH site: what an anonymous visitor reads (home, documents, guides, case
    studies, the solution library, events, news, open data). It reads the apps below it and
    shows only what is published or aggregated."""

    name = "public"
    verbose_name = _("Trang thông tin công khai")
