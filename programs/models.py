import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from depok_csr.records import KeptQuerySet, KeptRecord


def current_year():
    return timezone.localdate().year


def private_storage():
    """Evidence and handover scans: outside MEDIA_ROOT, served only by views that check access."""
    return storages["private"]


def _random_name(folder, filename):
    # A random name, so no file can be found by guessing, and no partner's file name shows.
    extension = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension}"


def evidence_upload_to(instance, filename):
    return _random_name("evidence", filename)


def handover_upload_to(instance, filename):
    return _random_name("bast", filename)


def sum_of(queryset, group_by, field):
    """A correlated subquery summing `field` over `queryset` (0 when there are no rows)."""
    summed = queryset.order_by().values(group_by).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(summed, output_field=models.BigIntegerField()), Value(0))


class ContributionKind(models.TextChoices):
    """What a need asks for and what a pledge gives."""

    CASH = "cash", _("Cash")
    GOODS = "goods", _("Goods")
    SERVICES = "services", _("Services")


# A cash amount carries no quantity; goods and services carry both a quantity and its unit.
QUANTITY_MATCHES_KIND = Q(kind="cash", quantity__isnull=True) | (
    ~Q(kind="cash") & Q(quantity__isnull=False, quantity__gt=0) & ~Q(unit="")
)


class Theme(models.Model):
    """One of the collaboration themes the city offers partners (seven in Depok)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name (Indonesian)"), max_length=80)
    short_name_en = models.CharField(_("short name (English)"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="theme_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.localized_short_name}"

    @property
    def localized_name(self):
        return self.name_en if get_language() == "en" and self.name_en else self.name

    @property
    def localized_short_name(self):
        if get_language() == "en" and self.short_name_en:
            return self.short_name_en
        return self.short_name


class OpportunityQuerySet(KeptQuerySet):
    def public(self):
        """Needs the public may see: published, fully committed or completed."""
        return self.filter(status__in=Opportunity.PUBLIC_STATUSES)

    def open(self):
        """Published needs that still accept pledges."""
        return self.filter(status=Opportunity.Status.PUBLISHED)

    def with_ledger(self):
        """Annotate pledged (approved pledges), realised (verified reports) and the gap."""
        pledges = Commitment.objects.counted().filter(opportunity=OuterRef("pk"))
        verified = Realization.objects.verified().filter(commitment__opportunity=OuterRef("pk"))
        return self.annotate(
            pledged_value=sum_of(pledges, "opportunity", "value"),
            pledged_quantity=sum_of(pledges, "opportunity", "quantity"),
            realized_value=sum_of(verified, "commitment__opportunity", "value"),
            realized_quantity=sum_of(verified, "commitment__opportunity", "quantity"),
        ).annotate(
            gap_value=F("budget") - F("pledged_value"),
            gap_quantity=F("quantity") - F("pledged_quantity"),
        )


class Opportunity(KeptRecord, models.Model):
    """A need posted by a regional agency, which partners can fund alone or together."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        FULLY_COMMITTED = "fully_committed", _("Fully committed")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.FULLY_COMMITTED, Status.COMPLETED)
    Kind = ContributionKind

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("theme")
    )
    agency = models.ForeignKey(
        "companies.Organization",
        on_delete=models.PROTECT,
        related_name="opportunities",
        limit_choices_to={"kind": "regional_agency"},
        verbose_name=_("regional agency"),
    )
    kecamatan = models.ForeignKey(
        "regions.Kecamatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("kecamatan"),
    )
    kelurahan = models.ForeignKey(
        "regions.Kelurahan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("kelurahan"),
    )
    kind = models.CharField(
        _("what is needed"), max_length=10, choices=ContributionKind.choices, default="cash"
    )
    budget = models.BigIntegerField(
        _("estimated budget (Rp)"),
        help_text=_("Whole rupiah; for goods and services, their value."),
    )
    quantity = models.PositiveIntegerField(_("quantity needed"), null=True, blank=True)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example: unit, paket, jam.")
    )
    beneficiaries_target = models.PositiveIntegerField(
        _("target beneficiaries"), null=True, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year"), default=current_year, db_index=True)
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        permissions = [("publish_opportunity", _("Can publish and withdraw opportunities"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0), name="opportunity_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=QUANTITY_MATCHES_KIND, name="opportunity_quantity_matches_kind"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "submitted",
                        "published",
                        "fully_committed",
                        "completed",
                        "withdrawn",
                    ]
                ),
                name="opportunity_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="opportunity_public_idx"),
            models.Index(fields=["theme", "status"], name="opportunity_theme_idx"),
            models.Index(fields=["kecamatan", "status"], name="opportunity_kecamatan_idx"),
            # The public list sorted by budget: its page's ids read in order from the index.
            models.Index(
                F("budget").desc(),
                F("id").desc(),
                condition=Q(status__in=["published", "fully_committed", "completed"]),
                name="opportunity_public_budget_idx",
            ),
            # Each theme's open needs counted from the index alone (themes page).
            models.Index(
                fields=["theme", "id"],
                condition=Q(status="published"),
                name="opportunity_open_theme_idx",
            ),
            # The agencies with public needs in a theme (the directory's theme filter).
            models.Index(
                fields=["theme", "agency"],
                condition=Q(status__in=["published", "fully_committed", "completed"]),
                name="opportunity_theme_agency_idx",
            ),
            # opportunity_public_newest_idx (the public list, newest first) is made by migration
            # 0004 in SQL: SQLite has no NULLS LAST in an index, which this ordering needs.
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATUSES

    def pledged_totals(self):
        """Value and quantity of the approved pledges to this need, summed in the database."""
        return self.commitments.counted().aggregate(
            value=Coalesce(Sum("value"), Value(0)), quantity=Coalesce(Sum("quantity"), Value(0))
        )

    def is_fully_pledged(self):
        """Nothing missing: pledges cover the budget and, for goods or services, the quantity."""
        totals = self.pledged_totals()
        if totals["value"] < self.budget:
            return False
        return self.quantity is None or totals["quantity"] >= self.quantity


class CommitmentQuerySet(KeptQuerySet):
    def counted(self):
        """Pledges Bappeda approved that still stand: they count in the ledger and are public."""
        return self.filter(status__in=Commitment.COUNTED_STATUSES)

    def public(self):
        """What the public may see of pledges: the counted ones."""
        return self.counted()


class Commitment(KeptRecord, models.Model):
    """A partner's pledge of cash, goods or services, to a need or to a theme."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        IN_PROGRESS = "in_progress", _("In progress")
        REALIZED = "realized", _("Realised")
        CANCELLED = "cancelled", _("Cancelled")

    COUNTED_STATUSES = (Status.APPROVED, Status.IN_PROGRESS, Status.REALIZED)
    Kind = ContributionKind

    partner = models.ForeignKey(
        "companies.Organization",
        on_delete=models.PROTECT,
        related_name="commitments",
        limit_choices_to={"kind__in": ["company", "zakat_institution"]},
        verbose_name=_("partner"),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("theme")
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("opportunity"),
    )
    agency = models.ForeignKey(
        "companies.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_commitments",
        limit_choices_to={"kind": "regional_agency"},
        verbose_name=_("implementing agency"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ContributionKind.choices, default="cash"
    )
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    value = models.BigIntegerField(
        _("value (Rp)"), help_text=_("Whole rupiah; estimated for goods and services.")
    )
    start_date = models.DateField(_("period start"))
    end_date = models.DateField(_("period end"))
    kecamatan = models.ForeignKey(
        "regions.Kecamatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("kecamatan"),
    )
    kelurahan = models.ForeignKey(
        "regions.Kelurahan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("kelurahan"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-created_at"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        permissions = [("approve_commitment", _("Can approve and reject commitments"))]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="commitment_value_not_negative"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="commitment_period_end_after_start"
            ),
            models.CheckConstraint(
                condition=QUANTITY_MATCHES_KIND, name="commitment_quantity_matches_kind"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "proposed",
                        "approved",
                        "rejected",
                        "in_progress",
                        "realized",
                        "cancelled",
                    ]
                ),
                name="commitment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="commitment_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-start_date"], name="commitment_public_idx"),
            models.Index(fields=["theme", "status"], name="commitment_theme_idx"),
            models.Index(fields=["partner", "status"], name="commitment_partner_idx"),
            models.Index(fields=["kecamatan", "status"], name="commitment_kecamatan_idx"),
            # Public pledges, newest first (lists, downloads): read in order, no sort.
            models.Index(
                F("start_date").desc(),
                F("id").desc(),
                condition=Q(status__in=["approved", "in_progress", "realized"]),
                name="commitment_public_newest_idx",
            ),
            # Public pledges, largest first (the list sorted by value): read in order, no sort.
            models.Index(
                F("value").desc(),
                F("id").desc(),
                condition=Q(status__in=["approved", "in_progress", "realized"]),
                name="commitment_public_value_idx",
            ),
            # What each need has been pledged (`with_ledger`: need lists, pages and their gap
            # sort) and each theme (themes page), summed from the index alone; the theme's also
            # gives who pledged in it (the directory's theme filter).
            models.Index(
                fields=["opportunity", "value", "quantity"],
                condition=Q(status__in=["approved", "in_progress", "realized"]),
                name="commitment_need_value_idx",
            ),
            models.Index(
                fields=["theme", "partner", "value"],
                condition=Q(status__in=["approved", "in_progress", "realized"]),
                name="commitment_theme_partner_idx",
            ),
            # An agency's received pledges, newest first, a page at a time (its profile).
            models.Index(
                F("agency"),
                F("start_date").desc(),
                F("created_at").desc(),
                F("id").desc(),
                condition=Q(status__in=["approved", "in_progress", "realized"]),
                name="commitment_agency_newest_idx",
            ),
            # Pledged totals per partner and per agency (directory, profiles, statistics) from
            # the index alone, without visiting the table.
            models.Index(
                fields=["partner", "value"],
                condition=Q(status__in=["approved", "in_progress", "realized"]),
                name="commitment_partner_value_idx",
            ),
            models.Index(
                fields=["agency", "value"],
                condition=Q(status__in=["approved", "in_progress", "realized"]),
                name="commitment_agency_value_idx",
            ),
            # The statistics page's grouped sums of public pledges, and of the verified reports
            # joined to them in id order, read from the index alone (programs/statistics.py).
            models.Index(
                fields=[
                    "id",
                    "theme",
                    "kecamatan",
                    "partner",
                    "start_date",
                    "opportunity",
                    "value",
                ],
                condition=Q(status__in=["approved", "in_progress", "realized"]),
                name="commitment_statistics_idx",
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.partner}"

    @property
    def is_public(self):
        return self.status in self.COUNTED_STATUSES

    @property
    def year(self):
        return self.start_date.year


class RealizationQuerySet(KeptQuerySet):
    def verified(self):
        """Reports Bappeda verified after the agency confirmed them: the only public ones."""
        return self.filter(status=Realization.Status.VERIFIED)

    def public(self):
        return self.verified()


class Realization(KeptRecord, models.Model):
    """A partner's report of what was delivered, signed off by the agency and then Bappeda."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CONFIRMED = "confirmed", _("Confirmed by the agency")
        VERIFIED = "verified", _("Verified by Bappeda")
        RETURNED = "returned", _("Returned for correction")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="realizations",
        verbose_name=_("commitment"),
    )
    date = models.DateField(_("date realised"))
    value = models.BigIntegerField(_("value realised (Rp)"))
    quantity = models.PositiveIntegerField(_("quantity realised"), null=True, blank=True)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries reached"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    bast_number = models.CharField(_("handover (BAST) number"), max_length=100, blank=True)
    bast_date = models.DateField(_("handover (BAST) date"), null=True, blank=True)
    bast_document = models.FileField(
        _("handover (BAST) document"),
        upload_to=handover_upload_to,
        storage=private_storage,
        blank=True,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    return_note = models.TextField(_("note on return"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("returned by"),
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = RealizationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("realization")
        verbose_name_plural = _("realizations")
        permissions = [("verify_realization", _("Can verify realization reports"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0), name="realization_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "confirmed", "verified", "returned"]),
                name="realization_status_valid",
            ),
            # Nothing counts as delivered without the agency's handover record.
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "returned"])
                | (~Q(bast_number="") & Q(bast_date__isnull=False)),
                name="realization_confirmed_has_bast",
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_at__isnull=False),
                name="realization_verified_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-date"], name="realization_status_idx"),
            # Verified reports in the order of their pledge, with what the statistics page sums.
            models.Index(
                fields=["commitment", "date", "value"],
                condition=Q(status="verified"),
                name="realization_statistics_idx",
            ),
        ]

    def __str__(self):
        return f"{self.commitment.title} – {self.date:%Y-%m-%d}"

    @property
    def is_public(self):
        return self.status == self.Status.VERIFIED


class Evidence(KeptRecord, models.Model):
    """A photo or PDF attached to a realization report; public only once the report is verified."""

    realization = models.ForeignKey(
        Realization,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("realization"),
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, storage=private_storage)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=50, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = KeptQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.caption or self.file.name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class ReportingPeriod(models.Model):
    """A window (e.g. a semester) in which every partner with running pledges must report."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="reporting_period_end_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def is_open_on(self, day):
        return self.start_date <= day <= self.end_date

    def get_compliance_url(self):
        return reverse("programs:period_compliance", args=[self.pk])


class ReminderSent(models.Model):
    """One reminder email a partner got before a period closed: the record that keeps
    `send_reminders` from sending it twice (one row per period, partner and reminder day)."""

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="reminders_sent",
        verbose_name=_("reporting period"),
    )
    partner = models.ForeignKey(
        "companies.Organization",
        on_delete=models.CASCADE,
        related_name="reminders_sent",
        verbose_name=_("partner"),
    )
    days_before = models.PositiveSmallIntegerField(_("days before the end"))
    sent_on = models.DateField(_("sent on"))
    commitment_count = models.PositiveIntegerField(_("pledges not reported"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "pk"]
        verbose_name = _("reporting reminder sent")
        verbose_name_plural = _("reporting reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "partner", "days_before"], name="reminder_once_per_day_before"
            ),
        ]

    def __str__(self):
        return f"{self.period} – {self.partner} – {self.days_before}"


class DigestSent(models.Model):
    """The weekly digest an agency officer got: one per officer and ISO week (its Monday)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digests_sent",
        verbose_name=_("officer"),
    )
    week = models.DateField(_("week (its Monday)"))
    pledge_count = models.PositiveIntegerField(_("pledges"), default=0)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-week", "pk"]
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="digest_once_per_week"),
        ]

    def __str__(self):
        return f"{self.user} – {self.week:%G-W%V}"


# --- the ledger's totals (programs/ledger.py keeps them) -------------------------------------


class LedgerCell(models.Model):
    """Public pledges and verified reports summed per theme, year, kecamatan and kind of
    partner: one row per combination that has either. Derived data, rebuilt by ledger.py."""

    # Derived rows, written only by a rebuild from rows the database checked already: no
    # foreign key checks or indexes to pay on every rebuild (pages read all the cells).
    theme = models.ForeignKey(
        Theme, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    # A pledge's year is the one its period starts in; a report's, the one it was done in.
    year = models.PositiveSmallIntegerField()
    kecamatan = models.ForeignKey(
        "regions.Kecamatan",
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    partner_kind = models.CharField(max_length=20)
    commitments = models.PositiveIntegerField(default=0)
    pledged = models.BigIntegerField(default=0)
    realizations = models.PositiveIntegerField(default=0)
    realized = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("ledger cell")
        verbose_name_plural = _("ledger cells")

    def __str__(self):
        return f"{self.theme_id} {self.year} {self.kecamatan_id} {self.partner_kind}"


class LedgerPartner(models.Model):
    """A partner's public pledges and verified reports, summed (the top contributors)."""

    partner = models.OneToOneField(
        "companies.Organization",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    pledged = models.BigIntegerField(default=0)
    realized = models.BigIntegerField(default=0)

    class Meta:
        # The top contributors: the largest first, reading only as far as the page needs.
        indexes = [models.Index(fields=["-pledged"], name="ledger_partner_pledged_idx")]
        verbose_name = _("ledger partner")
        verbose_name_plural = _("ledger partners")

    def __str__(self):
        return str(self.partner_id)


class LedgerOpenNeeds(models.Model):
    """The needs of a theme open for pledges: how many, their budget, the pledges to them."""

    theme = models.OneToOneField(
        Theme, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    count = models.PositiveIntegerField(default=0)
    budget = models.BigIntegerField(default=0)
    pledged = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("ledger open needs")
        verbose_name_plural = _("ledger open needs")

    def __str__(self):
        return str(self.theme_id)


class LedgerChange(models.Model):
    """A write to a table the ledger sums that the ledger does not hold yet. Database
    triggers add one in the writing transaction; a rebuild removes those it has summed."""

    table = models.CharField(max_length=63)

    class Meta:
        verbose_name = _("ledger change")
        verbose_name_plural = _("ledger changes")

    def __str__(self):
        return f"{self.table} #{self.pk}"
