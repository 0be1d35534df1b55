"""
Events in the admin. Registrations are made, checked in and cancelled by the services (the
same rules and records as on the portal); pledges are announced at an event by the service too.

Announcing is edited on the event itself, in its "commitments announced" field: staff open the
event and add or remove pledges there, which is where they work on the day. `save_related`
turns the difference into `commitment_announce` / `commitment_unannounce` calls, so each is
checked (only approved pledges) and recorded in the event's history with who did it. An action
on the commitment list would belong to programs/admin.py, and one on the event list would
need a second page to choose the pledges.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from companies.models import Organization
from depok_csr.admin import CreateThroughServiceMixin, HistoryAdmin, run_transition
from programs.models import Commitment

from . import services
from .models import Event, Registration
from .services import TransitionError

# Who registers or checks a person in, and when, is recorded by the services, not typed.
REGISTRATION_RECORDED_FIELDS = [
    "checkin_code",
    "checked_in_at",
    "checked_in_by",
    "cancelled_at",
    "reminder_sent_at",
    "registered_by",
    "created_at",
]


class RegistrationInline(admin.TabularInline):
    """The event's registrations; new ones are added on the registration page (by the service)."""

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
    readonly_fields = ["organization", "checkin_code", "checked_in_at", "cancelled_at"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["announced_commitments"]  # the admin adds the others

    def clean_announced_commitments(self):
        pledges = self.cleaned_data["announced_commitments"]
        before = set(self.instance.announced_commitments.all()) if self.instance.pk else set()
        unapproved = [
            str(p)
            for p in pledges
            if p not in before and p.status not in Commitment.COUNTED_STATUSES
        ]
        if unapproved:
            raise forms.ValidationError(
                _("Only approved pledges can be announced; not yet: %(pledges)s.")
                % {"pledges": ", ".join(unapproved)}
            )
        return pledges


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    form = EventAdminForm
    list_display = ["name", "date", "venue", "city", "is_published", "registration_count"]
    list_filter = ["is_published"]
    search_fields = ["name", "venue", "organiser"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "date"
    autocomplete_fields = ["announced_commitments"]
    readonly_fields = ["attendance", "portal_pages", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    ("date", "start_time", "end_time"),
                    ("venue", "city"),
                    "organiser",
                    "description",
                    "is_published",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    ("capacity", "max_representatives"),
                    "registration_closes_at",
                    "portal_pages",
                    "attendance",
                ]
            },
        ),
        (_("Pledges announced at the event"), {"fields": ["announced_commitments"]}),
        (_("Sources"), {"fields": ["source", "notes", "created_at", "updated_at"]}),
    ]
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
        """Counted from check-ins, or registrations before anyone checked in; never typed in."""
        if obj.pk is None:
            return "–"
        counts = obj.attendance_by_kind()
        return ", ".join(
            f"{label}: {counts.get(kind, 0)}" for kind, label in Organization.Kind.choices
        )

    @admin.display(description=_("registration and the door"))
    def portal_pages(self, obj):
        if obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}?event={}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:events_registration_add"),
            obj.pk,
            _("Register an organisation"),
            reverse("events:checkin", args=[obj.slug]),
            _("Check-in at the door"),
            reverse("events:attendance_sheet", args=[obj.slug]),
            _("Attendance sheet to print"),
        )

    def save_related(self, request, form, formsets, change):
        # Taken out of the form so that save_m2m leaves them; the services change them instead.
        wanted = set(form.cleaned_data.pop("announced_commitments", []))
        super().save_related(request, form, formsets, change)
        event = form.instance
        current = set(event.announced_commitments.all())
        changes = [(services.commitment_announce, p) for p in wanted - current] + [
            (services.commitment_unannounce, p) for p in current - wanted
        ]
        for step, pledge in changes:
            try:
                step(event=event, commitment=pledge, actor=request.user)
            except TransitionError as error:
                self.message_user(request, str(error), messages.ERROR)


@admin.register(Registration)
class RegistrationAdmin(CreateThroughServiceMixin, HistoryAdmin):
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
    fields = ["event", "organization", "representative_name", "position", "phone", "email"]
    actions = ["check_in", "cancel"]
    create_errors = (TransitionError,)

    def get_fields(self, request, obj=None):
        return self.fields + (REGISTRATION_RECORDED_FIELDS if obj else [])

    def get_readonly_fields(self, request, obj=None):
        # An organisation's place at an event is not moved to another event or organisation.
        return ["event", "organization", *REGISTRATION_RECORDED_FIELDS] if obj else []

    def create(self, request, data):
        """Staff register anyone, also after registration closed; capacity and limits hold."""
        return services.registration_create(
            event=data["event"],
            organization=data["organization"],
            actor=request.user,
            base_url=request.build_absolute_uri("/"),
            **{field: data[field] for field in services.REPRESENTATIVE_FIELDS},
        )

    @admin.action(description=_("Check in the selected registrations"), permissions=["change"])
    def check_in(self, request, queryset):
        run_transition(
            self,
            request,
            queryset,
            lambda r: services.registration_check_in(registration=r, actor=request.user),
            errors=(TransitionError,),
        )

    @admin.action(description=_("Cancel the selected registrations"), permissions=["change"])
    def cancel(self, request, queryset):
        run_transition(
            self,
            request,
            queryset,
            lambda r: services.registration_cancel(registration=r, actor=request.user),
            errors=(TransitionError,),
        )
