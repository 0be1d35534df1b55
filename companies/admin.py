from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from depok_csr.admin import (
    AllOrNothingImportMixin,
    CheckedListMixin,
    HistoryAdmin,
    KeptRecordAdminMixin,
    run_transition,
)

from .models import ContactPerson, Membership, Organization, Sector
from .resources import OrganizationResource
from .services import (
    TransitionError,
    can_archive_organizations,
    can_decide_memberships,
    membership_approve,
    membership_decline,
    organization_archive,
)


@admin.register(Sector)
class SectorAdmin(CheckedListMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    fields = ["name", "position", "phone", "email", "is_public", "order"]
    extra = 0


class MembershipInlineForm(forms.ModelForm):
    """Who and where stay as Bappeda approved them: an approval never moves to another pair."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("user", "organization"):
                if name in self.fields:
                    self.fields[name].disabled = True


class MembershipInline(admin.TabularInline):
    """Requests added here start as pending; they are decided with the membership actions."""

    model = Membership
    form = MembershipInlineForm
    readonly_fields = ["status", "decided_by", "decided_at"]
    extra = 0
    show_change_link = True


class OrganizationMembershipInline(MembershipInline):
    fk_name = "organization"
    fields = ["user", "role", "status", "decided_by", "decided_at"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "decided_by")


class UserMembershipInline(MembershipInline):
    fk_name = "user"
    fields = ["organization", "role", "status", "decided_by", "decided_at"]
    autocomplete_fields = ["organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization", "decided_by")


@admin.register(Organization)
class OrganizationAdmin(
    KeptRecordAdminMixin, AllOrNothingImportMixin, ImportExportMixin, HistoryAdmin
):
    resource_classes = [OrganizationResource]
    list_display = ["name", "kind", "kecamatan", "sector", "is_verified", "is_active", "is_demo"]
    list_filter = [
        "kind",
        "is_verified",
        "is_active",
        "is_demo",
        "agency_type",
        "legal_form",
        "sector",
        "kecamatan",
    ]
    list_select_related = ["kecamatan", "sector"]
    search_fields = ["name", "short_name", "slug", "email"]
    autocomplete_fields = ["kecamatan", "sector"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "short_name", "slug", "description", "logo"]}),
        (_("Contact"), {"fields": ["address", "kecamatan", "phone", "email", "website"]}),
        (_("Companies"), {"fields": ["sector", "legal_form"]}),
        (_("Regional agencies"), {"fields": ["agency_type"]}),
        (
            _("Registry"),
            {
                "fields": [
                    "is_verified",
                    "is_active",
                    "is_demo",
                    "source",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [ContactPersonInline, OrganizationMembershipInline]
    actions = ["archive_organizations"]
    # Websites typed without a scheme are https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self._kind_is_fixed(obj):
            fields.append("kind")
        return fields

    def has_archive_permission(self, request):
        return can_archive_organizations(request.user)

    @admin.action(
        description=_("Archive selected organisations (out of the directory, records kept)"),
        permissions=["archive"],
    )
    def archive_organizations(self, request, queryset):
        run_transition(
            self,
            request,
            queryset,
            lambda organization: organization_archive(
                organization=organization, actor=request.user
            ),
            errors=(TransitionError,),
        )

    @staticmethod
    def _kind_is_fixed(obj):
        # The database refuses a new kind while needs or pledges point at the organisation.
        return (
            obj.opportunities.exists()
            or obj.commitments.exists()
            or obj.received_commitments.exists()
        )


@admin.register(ContactPerson)
class ContactPersonAdmin(CheckedListMixin, admin.ModelAdmin):
    list_display = ["name", "organization", "position", "phone", "email", "is_public"]
    list_filter = ["is_public", "organization__kind"]
    list_select_related = ["organization"]
    search_fields = ["name", "position", "email", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "organization", "role", "status", "created_at", "decided_by"]
    list_filter = ["status", "role", "organization__kind"]
    list_select_related = ["user", "organization", "decided_by"]
    search_fields = [
        "user__username",
        "user__email",
        "user__first_name",
        "user__last_name",
        "organization__name",
    ]
    autocomplete_fields = ["user", "organization"]
    readonly_fields = ["status", "decided_by", "decided_at", "created_at"]
    date_hierarchy = "created_at"
    actions = ["approve_memberships", "decline_memberships"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["user", "organization"]
        return fields

    def has_decide_permission(self, request):
        return can_decide_memberships(request.user)

    @admin.action(description=_("Approve selected requests"), permissions=["decide"])
    def approve_memberships(self, request, queryset):
        run_transition(
            self,
            request,
            queryset,
            lambda membership: membership_approve(membership=membership, actor=request.user),
            errors=(TransitionError,),
        )

    @admin.action(description=_("Decline selected requests"), permissions=["decide"])
    def decline_memberships(self, request, queryset):
        run_transition(
            self,
            request,
            queryset,
            lambda membership: membership_decline(membership=membership, actor=request.user),
            errors=(TransitionError,),
        )
