from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from companies.models import Organization
from depok_csr.admin import HistoryAdmin

from .models import Event, Registration

# Who registers or checks a person in is recorded, not typed.
REGISTRATION_RECORDED_FIELDS = ["checkin_code", "checked_in_by", "registered_by", "created_at"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = [
        "organization",
        "representative_name",
        "position",
        "phone",
        "email",
        "checkin_code",
        "checked_in_at",
        "cancelled_at",
    ]
    readonly_fields = ["checkin_code"]
    autocomplete_fields = ["organization"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    list_display = ["name", "date", "venue", "city", "is_published", "registration_count"]
    list_filter = ["is_published"]
    search_fields = ["name", "venue", "organiser"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "date"
    autocomplete_fields = ["announced_commitments"]
    readonly_fields = ["attendance", "created_at", "updated_at"]
    inlines = [RegistrationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                registration_total=Count(
                    "registrations", filter=Q(registrations__cancelled_at__isnull=True)
                )
            )
        )

    @admin.display(description=_("registrations"), ordering="registration_total")
    def registration_count(self, obj):
        return obj.registration_total

    @admin.display(description=_("attendance by kind"))
    def attendance(self, obj):
        """Counted from registrations, never typed in."""
        if obj.pk is None:
            return "–"
        counts = obj.attendance_by_kind()
        return ", ".join(
            f"{label}: {counts.get(kind, 0)}" for kind, label in Organization.Kind.choices
        )

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.has_changed():
                _record_who(inline_form.instance, request, inline_form.changed_data)
        super().save_formset(request, form, formset, change)


def _record_who(registration, request, changed_fields):
    if registration.pk is None:
        registration.registered_by = request.user
    if "checked_in_at" in changed_fields:
        registration.checked_in_by = request.user if registration.checked_in_at else None


@admin.register(Registration)
class RegistrationAdmin(HistoryAdmin):
    list_display = [
        "representative_name",
        "organization",
        "event",
        "checkin_code",
        "checked_in_at",
        "cancelled_at",
    ]
    list_filter = ["event", "organization__kind", "checked_in_at", "cancelled_at"]
    list_select_related = ["event", "organization"]
    search_fields = [
        "representative_name",
        "email",
        "checkin_code",
        "organization__name",
        "event__name",
    ]
    autocomplete_fields = ["event", "organization"]
    date_hierarchy = "created_at"
    readonly_fields = REGISTRATION_RECORDED_FIELDS

    def save_model(self, request, obj, form, change):
        _record_who(obj, request, form.changed_data)
        super().save_model(request, obj, form, change)
