from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from depok_csr.admin import (
    AllOrNothingImportMixin,
    CheckedListMixin,
    CreateThroughServiceMixin,
    HistoryAdmin,
    KeptRecordAdminMixin,
    run_transition,
    run_transition_with_reason,
    rupiah_column,
)
from depok_csr.money import format_rupiah

from . import services
from .models import (
    Commitment,
    Evidence,
    Opportunity,
    Realization,
    ReportingPeriod,
    Theme,
    current_year,
)
from .overlaps import also_active_here, overlap_groups, years_with_items
from .resources import CommitmentImportResource, CommitmentResource, OpportunityResource
from .services import TransitionError, can_approve, can_publish, can_verify

# Set only by the workflow functions in services.py, never typed in a form.
OPPORTUNITY_WORKFLOW_FIELDS = [
    "status",
    "status_changed_at",
    "status_changed_by",
    "published_at",
    "withdrawal_reason",
    "created_by",
    "created_at",
    "updated_at",
]
COMMITMENT_WORKFLOW_FIELDS = [
    "status",
    "status_changed_at",
    "status_changed_by",
    "approved_at",
    "rejection_reason",
    "cancellation_reason",
    "created_by",
    "created_at",
    "updated_at",
]


def _without_blanks(data):
    # Leave out what the form left empty, so the create function's defaults apply (a pledge to
    # a need takes the need's agency and area unless it names its own).
    return {name: value for name, value in data.items() if value not in (None, "")}


def _transition(step, **extra):
    """An admin action running `step(obj, actor)` on every selected row."""

    def action(modeladmin, request, queryset):
        run_transition(
            modeladmin,
            request,
            queryset,
            lambda obj: step(obj, request.user),
            errors=(TransitionError,),
        )

    return admin.action(**extra)(action)


def _transition_with_reason(step, *, label, **extra):
    """An admin action asking first for a reason, then running `step(obj, actor, reason)`."""

    def action(modeladmin, request, queryset):
        return run_transition_with_reason(
            modeladmin,
            request,
            queryset,
            lambda obj, reason: step(obj, request.user, reason),
            errors=(TransitionError,),
            title=extra["description"],
            label=label,
        )

    return admin.action(**extra)(action)


class AlsoActiveHereMixin:
    """The change page of a need or pledge lists the others in its kelurahan, theme and year
    (programs/overlaps.py), under its fields; the changelist links to the overlaps page."""

    change_form_template = "admin/programs/change_form_also_active.html"
    import_export_change_list_template = "admin/programs/change_list_overlaps.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["also_active"] = also_active_here(obj, request.user)
            context["also_active_place"] = obj
        return super().render_change_form(request, context, add, change, form_url, obj)


class OverlapYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


@admin.register(Theme)
class ThemeAdmin(CheckedListMixin, admin.ModelAdmin):
    list_display = ["number", "short_name", "short_name_en", "slug"]
    list_display_links = ["number", "short_name"]
    search_fields = ["name", "name_en", "short_name", "short_name_en", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}


class OpportunityCommitmentInline(admin.TabularInline):
    """The pledges to a need, as the ledger counts them; each is decided on its own page."""

    model = Commitment
    fk_name = "opportunity"
    fields = ["title", "partner", "status", "value_display", "quantity", "unit"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("pledges to this need")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("value"))
    def value_display(self, obj):
        return format_rupiah(obj.value)


@admin.register(Opportunity)
class OpportunityAdmin(
    KeptRecordAdminMixin,
    AlsoActiveHereMixin,
    CreateThroughServiceMixin,
    AllOrNothingImportMixin,
    ImportExportMixin,
    HistoryAdmin,
):
    resource_classes = [OpportunityResource]
    list_display = [
        "title",
        "agency",
        "theme",
        "kecamatan",
        "year",
        "status",
        "budget_column",
        "pledged_column",
        "gap_column",
        "needed_by",
    ]
    list_filter = [
        "status",
        "theme",
        "kind",
        "year",
        "kecamatan",
        ("agency", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["agency", "theme", "kecamatan"]
    search_fields = ["title", "description", "agency__name", "agency__short_name"]
    autocomplete_fields = ["theme", "agency", "kecamatan", "kelurahan"]
    date_hierarchy = "created_at"
    readonly_fields = [*OPPORTUNITY_WORKFLOW_FIELDS, "ledger"]
    fieldsets = [
        (None, {"fields": ["title", "description", "theme", "agency", "year", "needed_by"]}),
        (_("Where"), {"fields": ["kecamatan", "kelurahan"]}),
        (
            _("What is needed"),
            {"fields": ["kind", "budget", "quantity", "unit", "beneficiaries_target", "ledger"]},
        ),
        (_("Workflow"), {"fields": OPPORTUNITY_WORKFLOW_FIELDS}),
    ]
    inlines = [OpportunityCommitmentInline]
    actions = [
        "submit_opportunities",
        "publish_opportunities",
        "complete_opportunities",
        "return_opportunities",
        "withdraw_opportunities",
    ]
    create_errors = (TransitionError,)

    budget_column = rupiah_column("budget", _("budget"))
    pledged_column = rupiah_column("pledged_value", _("pledged"))
    gap_column = rupiah_column("gap_value", _("gap"))

    def get_queryset(self, request):
        return super().get_queryset(request).with_ledger()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("agency")
            if obj.status not in (Opportunity.Status.DRAFT, Opportunity.Status.SUBMITTED):
                # Partners pledged against the published size of the need.
                fields += ["kind", "budget", "quantity", "unit"]
        return fields

    def create(self, request, data):
        data = _without_blanks(data)
        return services.opportunity_create(agency=data.pop("agency"), actor=request.user, **data)

    @admin.display(description=_("pledged and missing"))
    def ledger(self, obj):
        if obj.pk is None:
            return "–"
        text = _("pledged %(pledged)s, missing %(gap)s") % {
            "pledged": format_rupiah(obj.pledged_value),
            "gap": format_rupiah(obj.gap_value),
        }
        if obj.quantity is not None:
            text += f" ({obj.pledged_quantity}/{obj.quantity} {obj.unit})"
        return text

    def has_publish_permission(self, request):
        return can_publish(request.user)

    submit_opportunities = _transition(
        lambda opportunity, actor: services.opportunity_submit(
            opportunity=opportunity, actor=actor
        ),
        description=_("Submit selected needs for publication"),
        permissions=["publish"],
    )
    publish_opportunities = _transition(
        lambda opportunity, actor: services.opportunity_publish(
            opportunity=opportunity, actor=actor
        ),
        description=_("Publish selected needs"),
        permissions=["publish"],
    )
    complete_opportunities = _transition(
        lambda opportunity, actor: services.opportunity_complete(
            opportunity=opportunity, actor=actor
        ),
        description=_("Mark selected needs as completed"),
        permissions=["publish"],
    )
    return_opportunities = _transition_with_reason(
        lambda opportunity, actor, note: services.opportunity_return(
            opportunity=opportunity, actor=actor, note=note
        ),
        label=_("What should the agency change?"),
        description=_("Return selected needs to their agency"),
        permissions=["publish"],
    )
    withdraw_opportunities = _transition_with_reason(
        lambda opportunity, actor, reason: services.opportunity_withdraw(
            opportunity=opportunity, actor=actor, reason=reason
        ),
        label=_("Reason for withdrawal"),
        description=_("Withdraw selected needs"),
        permissions=["publish"],
    )


class RealizationInline(admin.TabularInline):
    """Reports on a pledge, in short; each is read and decided on its own page."""

    model = Realization
    fields = ["date", "value_display", "quantity", "status", "bast_number", "verified_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("value realised"))
    def value_display(self, obj):
        return format_rupiah(obj.value)


@admin.register(Commitment)
class CommitmentAdmin(
    KeptRecordAdminMixin,
    AlsoActiveHereMixin,
    CreateThroughServiceMixin,
    AllOrNothingImportMixin,
    ImportExportMixin,
    HistoryAdmin,
):
    resource_classes = [CommitmentResource]

    def get_import_resource_classes(self, request):
        return [CommitmentImportResource]

    def get_export_resource_classes(self, request):
        return [CommitmentResource]

    list_display = [
        "title",
        "partner",
        "theme",
        "opportunity",
        "agency",
        "status",
        "value_column",
        "start_date",
        "end_date",
    ]
    list_filter = [
        "status",
        "kind",
        "theme",
        "partner__kind",
        ("agency", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["partner", "theme", "opportunity", "agency"]
    search_fields = ["title", "partner__name", "opportunity__title", "agency__name"]
    autocomplete_fields = ["partner", "theme", "opportunity", "agency", "kecamatan", "kelurahan"]
    date_hierarchy = "start_date"
    readonly_fields = COMMITMENT_WORKFLOW_FIELDS
    fieldsets = [
        (None, {"fields": ["title", "description", "partner", "theme", "opportunity", "agency"]}),
        (
            _("What is pledged"),
            {"fields": ["kind", "quantity", "unit", "value", "start_date", "end_date"]},
        ),
        (_("Where"), {"fields": ["kecamatan", "kelurahan"]}),
        (_("Workflow"), {"fields": COMMITMENT_WORKFLOW_FIELDS}),
    ]
    inlines = [RealizationInline]
    actions = [
        "approve_commitments",
        "reject_commitments",
        "start_commitments",
        "complete_commitments",
        "cancel_commitments",
    ]
    create_errors = (TransitionError,)

    value_column = rupiah_column("value", _("value"))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # A pledge stays with the partner and need it was made for.
            fields += ["partner", "opportunity"]
            if obj.opportunity_id:
                # ... and a pledge to a need goes to that need's agency and place.
                fields += ["agency", "kecamatan", "kelurahan"]
            if obj.status != Commitment.Status.PROPOSED:
                # What Bappeda approved is what the ledger counts.
                fields += ["theme", "kind", "quantity", "unit", "value"]
        return fields

    def create(self, request, data):
        data = _without_blanks(data)
        return services.commitment_propose(partner=data.pop("partner"), actor=request.user, **data)

    def get_urls(self):
        overlaps = path(
            "overlaps/",
            self.admin_site.admin_view(self.overlaps_view),
            name="programs_commitment_overlaps",
        )
        return [overlaps, *super().get_urls()]

    def overlaps_view(self, request):
        """Staff: per kelurahan and theme, the needs and pledges of a year where two or more
        separate efforts meet, to bring their partners and agencies together."""
        opportunities = self.admin_site._registry[Opportunity]
        if not (self.has_view_permission(request) and opportunities.has_view_permission(request)):
            raise PermissionDenied
        years = years_with_items()
        form = OverlapYearForm(request.GET or None, years=years)
        year = form.cleaned_data["year"] if form.is_valid() else current_year()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Also active here: overlaps in %(year)s") % {"year": year},
            "opts": self.opts,
            "form": form,
            "year": year,
            "groups": overlap_groups(year=year, viewer=request.user),
        }
        return TemplateResponse(request, "admin/programs/overlaps.html", context)

    def has_approve_permission(self, request):
        return can_approve(request.user)

    approve_commitments = _transition(
        lambda commitment, actor: services.commitment_approve(commitment=commitment, actor=actor),
        description=_("Approve selected pledges"),
        permissions=["approve"],
    )
    reject_commitments = _transition_with_reason(
        lambda commitment, actor, reason: services.commitment_reject(
            commitment=commitment, actor=actor, reason=reason
        ),
        label=_("Reason for rejection (the partner reads it)"),
        description=_("Reject selected pledges"),
        permissions=["approve"],
    )
    start_commitments = _transition(
        lambda commitment, actor: services.commitment_start(commitment=commitment, actor=actor),
        description=_("Mark selected pledges as in progress"),
        permissions=["approve"],
    )
    complete_commitments = _transition(
        lambda commitment, actor: services.commitment_complete(commitment=commitment, actor=actor),
        description=_("Mark selected pledges as realised"),
        permissions=["approve"],
    )
    cancel_commitments = _transition_with_reason(
        lambda commitment, actor, reason: services.commitment_cancel(
            commitment=commitment, actor=actor, reason=reason
        ),
        label=_("Reason for cancellation"),
        description=_("Cancel selected pledges"),
        permissions=["approve"],
    )


def _file_link(url_name, obj, label):
    """A file of the private storage opens through the portal's view, which checks access."""
    return format_html('<a href="{}">{}</a>', reverse(url_name, args=[obj.pk]), label)


@admin.display(description=_("file"))
def evidence_link(evidence):
    return _file_link("programs:evidence_file", evidence, evidence.file.name.rsplit("/", 1)[-1])


class EvidenceInline(admin.TabularInline):
    """Photos and PDFs come with the partner's report; staff read them here."""

    model = Evidence
    fields = [evidence_link, "caption", "content_type", "uploaded_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Realization)
class RealizationAdmin(KeptRecordAdminMixin, HistoryAdmin):
    """
    Reports are written by partners and confirmed by agencies on the portal; here Bappeda reads,
    verifies or returns them. Nothing in a report is edited here: a report to correct goes back.
    """

    list_display = [
        "__str__",
        "partner",
        "status",
        "value_column",
        "date",
        "bast_number",
        "verified_at",
    ]
    list_filter = ["status", "commitment__theme", "commitment__partner__kind"]
    list_select_related = ["commitment__partner"]
    search_fields = ["commitment__title", "commitment__partner__name", "bast_number", "narrative"]
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["commitment", "date", "value", "quantity", "beneficiaries"]}),
        (_("Report"), {"fields": ["narrative", "submitted_by", "submitted_at"]}),
        (
            _("Handover confirmed by the agency"),
            {
                "fields": [
                    "bast_number",
                    "bast_date",
                    "bast_document_link",
                    "confirmed_by",
                    "confirmed_at",
                ]
            },
        ),
        (
            _("Workflow"),
            {
                "fields": [
                    "status",
                    "verified_by",
                    "verified_at",
                    "return_note",
                    "returned_by",
                    "returned_at",
                ]
            },
        ),
    ]
    readonly_fields = ["bast_document_link"]
    inlines = [EvidenceInline]
    actions = ["verify_realizations", "return_realizations"]

    value_column = rupiah_column("value", _("value realised"))

    @admin.display(description=_("handover (BAST) document"))
    def bast_document_link(self, obj):
        if obj.bast_document:
            return _file_link("programs:handover_document", obj, _("Open the scan"))
        return None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commitment__partner")

    @admin.display(description=_("partner"), ordering="commitment__partner__name")
    def partner(self, obj):
        return obj.commitment.partner

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_verify_permission(self, request):
        return can_verify(request.user)

    verify_realizations = _transition(
        lambda realization, actor: services.realization_verify(
            realization=realization, actor=actor
        ),
        description=_("Verify selected reports"),
        permissions=["verify"],
    )
    return_realizations = _transition_with_reason(
        lambda realization, actor, note: services.realization_return(
            realization=realization, actor=actor, note=note
        ),
        label=_("What should be corrected?"),
        description=_("Return selected reports to the previous step"),
        permissions=["verify"],
    )


@admin.register(Evidence)
class EvidenceAdmin(KeptRecordAdminMixin, CheckedListMixin, admin.ModelAdmin):
    """Evidence files, to find one; they are added with the partner's report on the portal."""

    list_display = ["__str__", "realization", "content_type", "uploaded_by", "created_at"]
    list_select_related = ["realization__commitment", "uploaded_by"]
    search_fields = ["caption", "file", "realization__commitment__title"]
    date_hierarchy = "created_at"
    fields = [evidence_link, "realization", "caption", "content_type", "uploaded_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(HistoryAdmin):
    """Bappeda opens a period; who reported in it is on its compliance page (linked here)."""

    list_display = ["name", "start_date", "end_date", "compliance_link"]
    search_fields = ["name"]
    date_hierarchy = "start_date"
    readonly_fields = ["created_at", "compliance_link"]

    @admin.display(description=_("who reported"))
    def compliance_link(self, obj):
        if obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', obj.get_compliance_url(), _("Who reported, who is late")
        )
