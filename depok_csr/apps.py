from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepokCsrConfig(AppConfig):
    """The project package: project-wide template tags and the data commands."""

    name = "depok_csr"
    verbose_name = _("Depok CSR portal")
