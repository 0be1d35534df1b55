import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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

    def attendance_by_kind(self):
        """Organisations that took part, counted by kind from registrations (never typed in)."""
        rows = (
            self.registrations.active()
            .values("organization__kind")
            .annotate(count=Count("organization", distinct=True))
            .order_by()
        )
        return {row["organization__kind"]: row["count"] for row in rows}


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that stand (not cancelled)."""
        return self.filter(cancelled_at__isnull=True)

    def checked_in(self):
        return self.active().filter(checked_in_at__isnull=False)


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
