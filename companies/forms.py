"""Forms of the signed-in pages about organisations: joining one, its profile and its contacts."""

import io
import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from regions.models import Kecamatan

from .models import ContactPerson, Membership, Organization, Sector
from .services import membership_request, organization_propose

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 1024  # pixels; a larger logo is scaled down when it is saved again
# Pillow's name of each accepted format: the extension and content type it is saved with.
LOGO_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}


def _grouped_choices(organizations):
    """Choices for a select, one group per kind of organisation, in the order given."""
    groups = {}
    for pk, name, kind in organizations.values_list("pk", "name", "kind"):
        groups.setdefault(Organization.Kind(kind).label, []).append((pk, name))
    return [("", _("Choose an organisation")), *groups.items()]


class MembershipRequestForm(forms.Form):
    """Ask to join an organisation already in the directory, or propose a new partner."""

    JOIN, PROPOSE = "join", "propose"

    intent = forms.ChoiceField(
        label=_("Your organisation"),
        choices=[
            (JOIN, _("It is already in the partnership directory: I ask to join it")),
            (PROPOSE, _("It is not in the directory yet: I propose it")),
        ],
        widget=forms.RadioSelect,
        initial=JOIN,
        help_text=_(
            "If your organisation is not in the list below, choose “I propose it” and fill in "
            "its name and kind: Bappeda reviews it before it appears in the directory."
        ),
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation to join"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Agency officers choose their regional agency."),
    )
    name = forms.CharField(label=_("Name of the organisation"), max_length=255, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", "—"), *[(k.value, k.label) for k in Organization.PARTNER_KINDS]],
        required=False,
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        help_text=_("Companies only."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.all(), required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        joinable = Organization.objects.active().order_by("kind", "name")
        self.fields["organization"].queryset = joinable
        self.fields["organization"].choices = _grouped_choices(joinable)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Your organisation"),
                "intent",
                "organization",
            ),
            Fieldset(
                _("Or propose a new organisation"),
                "name",
                Row(Column("kind"), Column("sector")),
                "address",
                Row(Column("kecamatan"), Column(Field("website", placeholder="https://"))),
            ),
        )

    def clean(self):
        data = super().clean()
        if data.get("intent") == self.JOIN:
            if not data.get("organization") and "organization" not in self.errors:
                self.add_error("organization", _("Choose the organisation you work for."))
        elif data.get("intent") == self.PROPOSE:
            if not data.get("name", "").strip():
                self.add_error("name", _("Give the name of the organisation you propose."))
            if not data.get("kind"):
                self.add_error("kind", _("Say whether it is a company or a zakat institution."))
            elif data.get("sector") and data["kind"] != Organization.Kind.COMPANY:
                self.add_error("sector", _("Only companies have a sector; leave it empty."))
        return data

    def submit(self, *, user) -> Membership:
        """The pending membership the person asked for (and the proposed organisation)."""
        data = self.cleaned_data
        if data["intent"] == self.JOIN:
            return membership_request(user=user, organization=data["organization"])
        return organization_propose(
            user=user,
            name=data["name"].strip(),
            kind=data["kind"],
            sector=data["sector"],
            address=data["address"],
            kecamatan=data["kecamatan"],
            website=data["website"],
        )


class OrganizationProfileForm(forms.ModelForm):
    """What a member may change on the organisation's public profile; never its registry flags."""

    class Meta:
        model = Organization
        fields = ["description", "address", "kecamatan", "phone", "email", "website", "logo"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {
            "logo": _("JPEG, PNG or WebP, at most 2 MB."),
            "phone": _("The office number: never on public pages, only for signed-in partners."),
            "email": _("The office address: never on public pages, only for signed-in partners."),
        }

    # Websites typed without a scheme are https (Django 6's default, chosen now).
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The content decides, not the file's name: it is saved again under a name of ours.
        self.fields["logo"].validators = []
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "description",
            "address",
            Row(Column("kecamatan"), Column("phone")),
            Row(Column("email"), Column("website")),
            "logo",
        )

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not isinstance(logo, UploadedFile):
            return logo  # unchanged, or cleared (False)
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is larger than 2 MB."), code="too_large")
        return _resaved_logo(logo)


def _resaved_logo(upload):
    """The image drawn again under a random name: only its pixels are kept, nothing hidden."""
    logo_format = getattr(upload.image, "format", None)  # set by Django's ImageField check
    if logo_format not in LOGO_FORMATS:
        raise forms.ValidationError(
            _("The logo must be a JPEG, PNG or WebP image."), code="invalid_format"
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()
            # Upright as the camera meant it; the orientation tag goes with the other metadata.
            image = ImageOps.exif_transpose(image)
            image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            if logo_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            content = io.BytesIO()
            image.save(content, format=logo_format)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise forms.ValidationError(
            _("The logo could not be read as an image."), code="invalid_image"
        ) from error
    extension, content_type = LOGO_FORMATS[logo_format]
    size = content.tell()
    content.seek(0)
    return InMemoryUploadedFile(
        content, "logo", f"{uuid.uuid4().hex}.{extension}", content_type, size, None
    )


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "position", "phone", "email", "is_public", "order"]


ContactPersonFormSet = forms.inlineformset_factory(
    Organization,
    ContactPerson,
    form=ContactPersonForm,
    extra=2,
    max_num=30,
    validate_max=True,
    can_delete=True,
)


class ContactFormSetHelper(FormHelper):
    """Each contact person as a small group of fields, with a box to remove it."""

    form_tag = False
    disable_csrf = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = Layout(
            Row(Column("name"), Column("position")),
            Row(Column("phone"), Column("email")),
            Row(Column("order", css_class="col-6 col-md-3"), Column("is_public"), Column("DELETE")),
        )


class InviteForm(forms.Form):
    """Bappeda invites a person to act for an organisation: the account and its membership."""

    first_name = forms.CharField(label=_("Name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"))
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        help_text=_("Officers of a regional agency, representatives of the others."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.active().order_by("kind", "name")
        self.fields["organization"].queryset = organizations
        self.fields["organization"].choices = _grouped_choices(organizations)
