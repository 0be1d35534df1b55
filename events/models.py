import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.models import Membership


def new_checkin_code():
    """Eight characters a person can read out and type: no 0/O or 1/I confusion."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events shown on the public pages."""
        return self.filter(is_published=True)

    def upcoming(self):
        """Published events from today on, soonest first."""
        return self.published().filter(date__gte=timezone.localdate()).order_by("date")

    def with_participant_count(self):
        """Annotate `participant_count`: organisations counted as `Event.attendance` counts them."""

        def organisations(registrations):
            return Coalesce(
                Subquery(
                    registrations.filter(event=OuterRef("pk"))
                    .order_by()
                    .values("event")
                    .annotate(n=Count("organization", distinct=True))
                    .values("n")
                ),
                Value(0),
            )

        return self.alias(
            checked_in_count=organisations(Registration.objects.checked_in())
        ).annotate(
            participant_count=Case(
                When(checked_in_count__gt=0, then=F("checked_in_count")),
                default=organisations(Registration.objects.active()),
                output_field=IntegerField(),
            )
        )


@dataclass(frozen=True)
class Attendance:
    """Who takes part in an event, counted from its registrations in one query."""

    by_kind: dict  # organisation kind -> organisations counted
    from_check_ins: bool  # counted from check-ins at the door, else from registrations
    registrations: int  # registrations that stand (people), what the capacity limits
    checked_in: int  # people checked in

    @property
    def total(self):
        return sum(self.by_kind.values())


class Event(models.Model):
    """A gathering or partnership forum, such as the yearly Gathering CSR."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    description = models.TextField(_("programme"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    max_representatives = models.PositiveSmallIntegerField(
        _("representatives per organization"), default=3
    )
    is_published = models.BooleanField(_("published"), default=True)
    source = models.TextField(_("source"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    announced_commitments = models.ManyToManyField(
        "programs.Commitment",
        blank=True,
        related_name="announced_at",
        verbose_name=_("commitments announced"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[announced_commitments])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_representatives__gte=1), name="event_max_representatives_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def attendance_rows(self) -> dict:
        """Per organisation kind: organisations and people registered and checked in."""
        checked_in = Q(checked_in_at__isnull=False)
        rows = (
            self.registrations.active()
            .values("organization__kind")
            .annotate(
                registered=Count("organization", distinct=True),
                present=Count("organization", distinct=True, filter=checked_in),
                people=Count("pk"),
                people_in=Count("pk", filter=checked_in),
            )
            .order_by()
        )
        return {row.pop("organization__kind"): row for row in rows}

    def attendance(self) -> Attendance:
        """
        Organisations taking part by kind, never typed in: from check-ins once anyone checked in
        (the door is the truth), else from the registrations that stand (before the event, and
        past events loaded from data without check-ins).
        """
        rows = self.attendance_rows()
        from_check_ins = any(row["present"] for row in rows.values())
        counted = "present" if from_check_ins else "registered"
        return Attendance(
            by_kind={kind: row[counted] for kind, row in rows.items() if row[counted]},
            from_check_ins=from_check_ins,
            registrations=sum(row["people"] for row in rows.values()),
            checked_in=sum(row["people_in"] for row in rows.values()),
        )

    def attendance_by_kind(self) -> dict:
        """Organisations that took part by kind, as `attendance()` counts them."""
        return self.attendance().by_kind

    def participants(self, attendance: Attendance):
        """The registrations `attendance` counted: checked in, or standing."""
        if attendance.from_check_ins:
            return self.registrations.checked_in()
        return self.registrations.active()

    def registration_closed_reason(self, now=None) -> str:
        """Why partners may no longer register themselves, or "" while registration is open."""
        now = now or timezone.now()
        if not self.is_published:
            return _("This event is not published.")
        if timezone.localdate(now) > self.date:
            return _("The event has taken place.")
        if self.registration_closes_at and now >= self.registration_closes_at:
            closed = timezone.localtime(self.registration_closes_at)
            return _("Registration closed on %(date)s at %(time)s.") % {
                "date": formats.date_format(closed, "DATE_FORMAT"),
                "time": formats.time_format(closed, "H:i"),
            }
        return ""

    @property
    def is_past(self):
        return self.date < timezone.localdate()


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that stand (not cancelled)."""
        return self.filter(cancelled_at__isnull=True)

    def checked_in(self):
        """Registrations that stand and were checked in at the door."""
        return self.active().filter(checked_in_at__isnull=False)

    def visible_to(self, user):
        """Registrations the user may see: staff all of them, members their organisation's."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.has_perm("events.view_registration"):
            return self
        return self.filter(
            organization__is_active=True,
            organization__memberships__user=user,
            organization__memberships__status=Membership.Status.APPROVED,
        )


class Registration(models.Model):
    """An organisation's representative registered for an event, with a code for check-in."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    organization = models.ForeignKey(
        "companies.Organization",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("organization"),
    )
    representative_name = models.CharField(_("representative"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    checkin_code = models.CharField(
        _("check-in code"), max_length=16, unique=True, default=new_checkin_code, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True, editable=False
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "organization__name", "representative_name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "organization"], name="registration_event_org_idx")
        ]

    def __str__(self):
        return f"{self.representative_name} – {self.organization} ({self.event})"

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None
