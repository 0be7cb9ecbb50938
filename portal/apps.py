from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top of the app graph: commands that span every app (the demo, file clean-up).

    It has no models; nothing imports it.
    """

    name = "portal"
    verbose_name = _("Cổng thông tin")
