from django.db import models
from django.utils.translation import gettext_lazy as _


class Kecamatan(models.Model):
    """A district of the city, keyed by its Kemendagri code (e.g. 32.76.01)."""

    code = models.CharField(_("Kemendagri code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    bps_code = models.CharField(_("BPS code"), max_length=7, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class Kelurahan(models.Model):
    """A village-level area. Names repeat across kecamatan (two Curug), so the code is the key."""

    code = models.CharField(_("Kemendagri code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.PROTECT,
        related_name="kelurahan",
        verbose_name=_("kecamatan"),
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    class Meta:
        ordering = ["kecamatan__name", "name"]
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")

    def __str__(self):
        return f"{self.name} ({self.kecamatan.name})"
