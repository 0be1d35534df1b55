"""
Spreadsheet columns (CSV, XLSX) of needs and pledges, for the admin's import and export.

Status is never read from a file: imported needs are drafts that Bappeda publishes with the
bulk action, and imported pledges (say, those announced at a gathering) are new proposals made
through `commitment_propose`, with the same checks as a partner's own pledge; Bappeda then
approves them with the bulk action. A file never changes a pledge that exists.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from companies.models import Organization
from companies.resources import LookupWidget
from regions.models import Kecamatan, Kelurahan

from . import services
from .models import Commitment, Opportunity, Theme


def _readonly(column, attribute=None):
    return fields.Field(attribute=attribute or column, column_name=column, readonly=True)


class OpportunityResource(resources.ModelResource):
    """An agency's yearly plan of needs; a row is found again by agency, year and title."""

    theme = fields.Field(
        attribute="theme", column_name="theme", widget=LookupWidget(Theme, "number")
    )
    agency = fields.Field(
        attribute="agency",
        column_name="agency",
        widget=LookupWidget(Organization, "slug", queryset=Organization.objects.agencies()),
    )
    kecamatan = fields.Field(
        attribute="kecamatan", column_name="kecamatan", widget=LookupWidget(Kecamatan, "code")
    )
    kelurahan = fields.Field(
        attribute="kelurahan", column_name="kelurahan", widget=LookupWidget(Kelurahan, "code")
    )
    status = _readonly("status")
    pledged_value = _readonly("pledged_value")
    pledged_quantity = _readonly("pledged_quantity")
    gap_value = _readonly("gap_value")
    gap_quantity = _readonly("gap_quantity")

    class Meta:
        model = Opportunity
        fields = (
            "title",
            "description",
            "theme",
            "agency",
            "kecamatan",
            "kelurahan",
            "kind",
            "budget",
            "quantity",
            "unit",
            "beneficiaries_target",
            "year",
            "needed_by",
            "status",
            "pledged_value",
            "pledged_quantity",
            "gap_value",
            "gap_quantity",
        )
        export_order = fields
        import_id_fields = ("agency", "year", "title")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return Opportunity.objects.with_ledger().select_related(
            "theme", "agency", "kecamatan", "kelurahan"
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk and instance.status != Opportunity.Status.DRAFT:
            # Past the draft, a need changes through its form and workflow, not a spreadsheet.
            errors.setdefault("status", []).append(
                ValidationError(
                    _("“%(title)s” is already %(status)s; only drafts can be imported again.")
                    % {"title": instance.title, "status": instance.get_status_display()}
                )
            )
        super().validate_instance(instance, errors, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if instance.pk is None:
            instance.created_by = user
        instance._history_user = user
        instance._change_reason = _("imported from %(file)s") % {"file": kwargs.get("file_name")}


class CommitmentResource(resources.ModelResource):
    """Pledges for reports: export only (see the module's docstring)."""

    partner = fields.Field(attribute="partner__name", column_name="partner")
    partner_slug = fields.Field(attribute="partner__slug", column_name="partner_slug")
    partner_kind = fields.Field(attribute="partner__kind", column_name="partner_kind")
    theme = fields.Field(attribute="theme__number", column_name="theme")
    theme_name = fields.Field(attribute="theme__name", column_name="theme_name")
    opportunity = fields.Field(attribute="opportunity__title", column_name="opportunity")
    agency = fields.Field(attribute="agency__name", column_name="agency")
    agency_slug = fields.Field(attribute="agency__slug", column_name="agency_slug")
    kecamatan = fields.Field(attribute="kecamatan__code", column_name="kecamatan")
    kelurahan = fields.Field(attribute="kelurahan__code", column_name="kelurahan")

    class Meta:
        model = Commitment
        fields = (
            "id",
            "title",
            "description",
            "partner",
            "partner_slug",
            "partner_kind",
            "theme",
            "theme_name",
            "opportunity",
            "agency",
            "agency_slug",
            "kind",
            "quantity",
            "unit",
            "value",
            "start_date",
            "end_date",
            "kecamatan",
            "kelurahan",
            "status",
            "approved_at",
            "status_changed_at",
            "created_at",
        )
        export_order = fields

    def get_queryset(self):
        return Commitment.objects.select_related(
            "partner", "theme", "opportunity", "agency", "kecamatan", "kelurahan"
        )


class CommitmentImportResource(resources.ModelResource):
    """New pledges from a spreadsheet, each proposed through the workflow as Bappeda staff."""

    partner = fields.Field(
        attribute="partner",
        column_name="partner",
        widget=LookupWidget(Organization, "slug", queryset=Organization.objects.partners()),
    )
    theme = fields.Field(
        attribute="theme", column_name="theme", widget=LookupWidget(Theme, "number")
    )
    opportunity = fields.Field(
        attribute="opportunity",
        column_name="opportunity",
        widget=LookupWidget(Opportunity, "pk"),
    )
    agency = fields.Field(
        attribute="agency",
        column_name="agency",
        widget=LookupWidget(Organization, "slug", queryset=Organization.objects.agencies()),
    )
    kecamatan = fields.Field(
        attribute="kecamatan", column_name="kecamatan", widget=LookupWidget(Kecamatan, "code")
    )
    kelurahan = fields.Field(
        attribute="kelurahan", column_name="kelurahan", widget=LookupWidget(Kelurahan, "code")
    )

    class Meta:
        model = Commitment
        name = "Pledges to propose"
        fields = (
            "partner",
            "theme",
            "opportunity",
            "agency",
            "title",
            "description",
            "kind",
            "quantity",
            "unit",
            "value",
            "start_date",
            "end_date",
            "kecamatan",
            "kelurahan",
        )
        import_id_fields = ()
        clean_model_instances = True

    def get_instance(self, instance_loader, row):
        return None  # every row is a new proposal

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.opportunity_id:
            # A pledge to a need takes the need's theme (the workflow function insists too).
            instance.theme = instance.opportunity.theme

    def before_save_instance(self, instance, row, **kwargs):
        self._actor = kwargs.get("user")

    def do_instance_save(self, instance, is_create):
        # The workflow function decides, as for any pledge: partner verified, need still open,
        # the need's theme, agency and place taken over. Its refusal is this row's error.
        fields = {
            name: getattr(instance, name)
            for name in ("description", "kind", "quantity", "unit", "kecamatan", "kelurahan")
        }
        if instance.agency_id and not instance.opportunity_id:
            fields["agency"] = instance.agency
        try:
            proposed = services.commitment_propose(
                partner=instance.partner,
                actor=self._actor,
                title=instance.title,
                value=instance.value,
                start_date=instance.start_date,
                end_date=instance.end_date,
                theme=instance.theme,
                opportunity=instance.opportunity,
                **fields,
            )
        except services.TransitionError as error:
            raise ValidationError(str(error)) from error
        instance.pk = proposed.pk
