"""Spreadsheet columns (CSV, XLSX) of the partner registry, for the admin's import and export."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from regions.models import Kecamatan

from .models import Organization, Sector


class LookupWidget(widgets.ForeignKeyWidget):
    """A related row named by its code or slug; an unknown one is an error on its own line."""

    def __init__(self, model, field, *, queryset=None, **kwargs):
        super().__init__(model, field, **kwargs)
        self.queryset = queryset

    def get_queryset(self, value, row, *args, **kwargs):
        return (
            self.queryset.all() if self.queryset is not None else super().get_queryset(value, row)
        )

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(
                _("No %(model)s with %(field)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None


class OrganizationResource(resources.ModelResource):
    """One organisation a row, found again by its slug; every row is validated like a form."""

    kecamatan = fields.Field(
        attribute="kecamatan", column_name="kecamatan", widget=LookupWidget(Kecamatan, "code")
    )
    sector = fields.Field(
        attribute="sector", column_name="sector", widget=LookupWidget(Sector, "slug")
    )

    class Meta:
        model = Organization
        fields = (
            "kind",
            "name",
            "short_name",
            "slug",
            "description",
            "address",
            "kecamatan",
            "phone",
            "email",
            "website",
            "sector",
            "legal_form",
            "agency_type",
            "is_verified",
            "is_active",
        )
        export_order = fields
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import_row(self, row, **kwargs):
        # A new organisation may come without a slug: make it from the name, as the form does.
        if not (row.get("slug") or "").strip() and row.get("name"):
            row["slug"] = slugify(row["name"])[:120]

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = kwargs.get("user")
        instance._change_reason = _("imported from %(file)s") % {"file": kwargs.get("file_name")}
