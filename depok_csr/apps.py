from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepokCsrConfig(AppConfig):
    """The project package: project-wide template tags and the data commands."""

    name = "depok_csr"
    verbose_name = _("Depok CSR portal")

    def ready(self):
        from . import pagecache

        # Any change to a public row makes the cached pages and figures out of date.
        pagecache.connect_signals()
