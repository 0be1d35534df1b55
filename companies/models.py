from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from depok_csr.records import KeptQuerySet, KeptRecord


class Sector(models.Model):
    """A business sector of companies (banking, retail, ...), named in both languages."""

    name = models.CharField(_("name (Indonesian)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class OrganizationQuerySet(KeptQuerySet):
    def active(self):
        """Organisations that take part in the partnership (not archived)."""
        return self.filter(is_active=True)

    def partners(self):
        """Companies and zakat institutions: the ones that pledge."""
        return self.filter(kind__in=Organization.PARTNER_KINDS)

    def agencies(self):
        """Regional agencies (perangkat daerah): the ones that post needs."""
        return self.filter(kind=Organization.Kind.REGIONAL_AGENCY)


class Organization(KeptRecord, models.Model):
    """A company, a zakat institution or a regional agency taking part in the partnership."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        ZAKAT_INSTITUTION = "zakat_institution", _("Zakat institution")
        REGIONAL_AGENCY = "regional_agency", _("Regional agency")

    class LegalForm(models.TextChoices):
        PT = "pt", _("PT (limited company)")
        PT_TBK = "pt_tbk", _("PT Tbk (listed company)")
        CV = "cv", _("CV (limited partnership)")
        BUMN = "bumn", _("BUMN (state-owned enterprise)")
        BUMD = "bumd", _("BUMD (regional enterprise)")
        KOPERASI = "koperasi", _("Cooperative")
        YAYASAN = "yayasan", _("Foundation")
        BAZNAS = "baznas", _("BAZNAS (national zakat board)")
        LAZ = "laz", _("LAZ (zakat institution)")
        OTHER = "other", _("Other")

    class AgencyType(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Secretariat")
        INSPEKTORAT = "inspektorat", _("Inspectorate")
        DINAS = "dinas", _("Office (dinas)")
        BADAN = "badan", _("Agency (badan)")
        SATPOL_PP = "satpol_pp", _("Public order police (Satpol PP)")
        RSUD = "rsud", _("Regional hospital (RSUD)")
        KECAMATAN = "kecamatan", _("District office (kecamatan)")
        OTHER = "other", _("Other")

    PARTNER_KINDS = (Kind.COMPANY, Kind.ZAKAT_INSTITUTION)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    kecamatan = models.ForeignKey(
        "regions.Kecamatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("kecamatan"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("sector"),
        help_text=_("Companies only."),
    )
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, blank=True
    )
    agency_type = models.CharField(
        _("agency type"),
        max_length=20,
        choices=AgencyType.choices,
        blank=True,
        help_text=_("Regional agencies only."),
    )
    is_verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked by Bappeda; only verified partners pledge."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Fictional entry made for demonstration.")
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the public facts come from.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["company", "zakat_institution", "regional_agency"]),
                name="organization_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="regional_agency") | Q(agency_type=""),
                name="organization_agency_type_only_for_agencies",
            ),
            models.CheckConstraint(
                condition=Q(kind="company") | Q(sector__isnull=True),
                name="organization_sector_only_for_companies",
            ),
        ]
        # The directory pages its ids over one of these in the order of its sort (by name, by
        # kind, or newest; companies/filters.py), reading the index alone however deep the page.
        # The kind index also serves a kind filter sorted by name, and the agency contacts.
        indexes = [
            models.Index(
                fields=["name", "id"], condition=Q(is_active=True), name="org_active_name_idx"
            ),
            models.Index(
                fields=["kind", "name", "id"],
                condition=Q(is_active=True),
                name="org_active_kind_idx",
            ),
            models.Index(
                fields=["-created_at", "name", "id"],
                condition=Q(is_active=True),
                name="org_active_newest_idx",
            ),
            # Pledges by partner name (the pledge list's sort), archived partners included: read
            # partner after partner in name order instead of sorting every pledge.
            models.Index(fields=["name"], name="org_name_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_partner(self):
        return self.kind in self.PARTNER_KINDS

    @property
    def is_agency(self):
        return self.kind == self.Kind.REGIONAL_AGENCY

    @property
    def display_name(self):
        return self.short_name or self.name

    def has_member(self, user):
        """Whether the user is an approved member who may act for this organisation."""
        if not (user.is_authenticated and user.is_active):
            return False
        return self.memberships.approved().filter(user=user).exists()


class ContactPerson(models.Model):
    """A person to call at an organisation. Phone and email are shown only to signed-in partners."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_public = models.BooleanField(
        _("name shown publicly"),
        default=True,
        help_text=_("Name and position on public pages; phone and email never are."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["organization", "order", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return f"{self.name} ({self.organization.display_name})"


class MembershipQuerySet(models.QuerySet):
    def approved(self):
        """Memberships Bappeda approved: the user may act for the organisation."""
        return self.filter(status=Membership.Status.APPROVED)

    def pending(self):
        """Requests waiting for Bappeda's decision."""
        return self.filter(status=Membership.Status.PENDING)


class Membership(models.Model):
    """A user's place in an organisation, approved by Bappeda before it gives any right."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        OFFICER = "officer", _("Agency officer")
        MANAGER = "manager", _("Manager")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.REPRESENTATIVE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_unique_user_organization"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "declined"]),
                name="membership_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["representative", "officer", "manager"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organization.display_name}"
