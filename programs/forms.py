"""
Forms partners fill in: a pledge, and a realization report with its evidence files.

They only check what was typed and uploaded; the workflow functions in services.py decide and
record the change. Evidence is judged by its content, never by its name or the browser's claim.
"""

import io
import re
from pathlib import PurePath

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from companies.models import Organization
from depok_csr.money import format_rupiah
from regions.models import Kecamatan, Kelurahan

from .models import Commitment, ContributionKind

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
MAX_EVIDENCE_FILES = 5
# Pillow's name of each accepted image format → the type the file is stored and served as.
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF = "application/pdf"
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", PDF: ".pdf"}
# A PDF ends with %%EOF, possibly followed by a line break or a little padding.
PDF_TAIL_BYTES = 1024
# A few megabytes of JPEG can claim a huge canvas (a "pixel bomb"); a 48-megapixel phone photo
# fits, anything bigger is refused before it is decoded.
MAX_EVIDENCE_PIXELS = 50_000_000
# The largest amount a form accepts: far above any pledge, far below the database's limit.
MAX_RUPIAH = 10**15
# "1.500.000" (dots group thousands, the Indonesian way) or "1500000"; "Rp" and ",00" allowed.
RUPIAH_TEXT = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)")


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RupiahField(forms.CharField):
    """Whole rupiah, more than zero, typed as 1.500.000, 1500000 or Rp 1.500.000."""

    default_error_messages = {
        "invalid": _("Enter an amount in whole rupiah, for example 1.500.000."),
        "not_positive": _("The amount must be more than Rp 0."),
        "too_large": _("This amount is too large."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(max_length=None, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        text = re.sub(r"^rp\.?", "", text.replace(" ", ""), flags=re.IGNORECASE)
        text = re.sub(r",0{1,2}$", "", text)
        if not RUPIAH_TEXT.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text.replace(".", ""))

    def validate(self, value):
        super().validate(value)
        if value is not None and value <= 0:
            raise ValidationError(self.error_messages["not_positive"], code="not_positive")
        if value is not None and value > MAX_RUPIAH:
            raise ValidationError(self.error_messages["too_large"], code="too_large")

    def prepare_value(self, value):
        # A stored amount shows as it is written in Indonesia; what was typed stays as typed.
        return format_rupiah(value).removeprefix("Rp ") if isinstance(value, int) else value


# --- evidence files -----------------------------------------------------------------------------


def evidence_content_type(upload) -> str:
    """The type of an evidence file read from its content; ValidationError unless allowed."""
    name = PurePath(upload.name or "").name
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than 5 MB."), code="too_large", params={"name": name}
        )
    try:
        return _pdf_or_image_type(upload)
    finally:
        upload.seek(0)


def _pdf_or_image_type(upload) -> str:
    upload.seek(0)
    if upload.read(5) == b"%PDF-":
        upload.seek(max(upload.size - PDF_TAIL_BYTES, 0))
        if b"%%EOF" in upload.read():
            return PDF
    else:
        upload.seek(0)
        try:
            with Image.open(upload) as image:
                image_format = image.format
                image.verify()
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
            image_format = None
        if image_format in IMAGE_TYPES:
            return IMAGE_TYPES[image_format]
    raise ValidationError(
        _("“%(name)s” is not a JPEG, PNG or WebP photo or a PDF document."),
        code="invalid_type",
        params={"name": PurePath(upload.name or "").name},
    )


def _size_checked(image, name):
    if image.width * image.height > MAX_EVIDENCE_PIXELS:
        raise ValidationError(
            _("“%(name)s” has too many pixels (at most 50 megapixels)."),
            code="too_many_pixels",
            params={"name": name},
        )


def redrawn_image(upload, content_type):
    """
    The photo drawn again in its own format: upright as the camera meant (EXIF orientation
    applied), with only its pixels and colour profile, so no EXIF (GPS position, camera, time)
    or XMP travels with it.
    """
    name = PurePath(upload.name or "").name
    image_format = next(fmt for fmt, kind in IMAGE_TYPES.items() if kind == content_type)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            _size_checked(image, name)
            icc_profile = image.info.get("icc_profile")
            upright = ImageOps.exif_transpose(image)
            if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            elif upright.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                upright = upright.convert("RGBA")
            # A new canvas carries none of the original's metadata, whatever Pillow would copy.
            clean = Image.new(upright.mode, upright.size)
            if upright.mode == "P":
                clean.putpalette(upright.getpalette())
            clean.paste(upright)
            content = io.BytesIO()
            options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {}
            if icc_profile:
                options["icc_profile"] = icc_profile
            clean.save(content, format=image_format, **options)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("“%(name)s” could not be read as a photo."),
            code="invalid_image",
            params={"name": name},
        ) from error
    finally:
        upload.seek(0)
    size = content.tell()
    content.seek(0)
    return InMemoryUploadedFile(content, "evidence", name, content_type, size, None)


def checked_evidence(upload, *, stem="evidence"):
    """
    An evidence file ready to store: its type read from its content (ValidationError unless a
    JPEG, PNG or WebP photo or a PDF of at most 5 MB), photos drawn again without metadata,
    named `<stem>.<extension of its type>` (the storage adds a random name) and carrying its
    type in `content_type`.
    """
    content_type = evidence_content_type(upload)
    if content_type != PDF:
        upload = redrawn_image(upload, content_type)
    upload.content_type = content_type
    upload.name = f"{stem}{EXTENSIONS[content_type]}"
    return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """1 to 5 photos (JPEG, PNG, WebP) or PDFs of at most 5 MB each, checked by content.

    Each cleaned file is what `checked_evidence` makes of it: photos drawn again without
    metadata, a type read from the content and a name whose extension matches it.
    """

    def __init__(self, *, min_files=1, max_files=MAX_EVIDENCE_FILES, **kwargs):
        self.min_files, self.max_files = min_files, max_files
        accept = ",".join([*IMAGE_TYPES.values(), PDF])
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", min_files > 0)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(uploads) < self.min_files:
            raise ValidationError(_("Attach at least one photo or PDF."), code="required")
        if len(uploads) > self.max_files:
            raise ValidationError(
                _("Attach at most %(count)d files at a time."),
                code="too_many",
                params={"count": self.max_files},
            )
        errors, checked = [], []
        for upload in uploads:
            try:
                checked.append(checked_evidence(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked


# --- pledges ------------------------------------------------------------------------------------


def _helper(label, button="btn btn-primary"):
    helper = FormHelper()
    submit = Submit("submit", label)
    submit.field_classes = button
    helper.add_input(submit)
    return helper


class KelurahanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.kecamatan.name})"


class PledgeForm(forms.Form):
    """A partner's pledge to an open need, or to a theme; it starts as proposed."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("What you give"), choices=ContributionKind.choices)
    value = RupiahField(
        label=_("Value (Rp)"),
        help_text=_("Whole rupiah, for example 1.500.000; for goods and services, their value."),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        required=False,
        help_text=_("For goods and services: how many."),
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=40,
        required=False,
        help_text=_("For example: unit, paket, jam."),
    )
    start_date = forms.DateField(label=_("Period start"), widget=date_input())
    end_date = forms.DateField(label=_("Period end"), widget=date_input())
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Implementing agency"),
        queryset=Organization.objects.agencies().active(),
        required=False,
        help_text=_("The regional agency that receives the help and confirms its handover."),
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.all(), required=False
    )
    kelurahan = KelurahanChoiceField(
        label=_("Kelurahan"),
        queryset=Kelurahan.objects.select_related("kecamatan").order_by("name"),
        required=False,
    )
    confirm_over = forms.BooleanField(
        label=_("I understand this exceeds what is still missing"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, organization, theme, opportunity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization, self.theme, self.opportunity = organization, theme, opportunity
        if opportunity is not None:
            # A pledge to a need goes to that need's agency and place.
            for name in ("agency", "kecamatan", "kelurahan"):
                del self.fields[name]
        self.helper = _helper(_("Send the pledge to Bappeda"))

    def clean(self):
        data = super().clean()
        if not (self.organization.is_verified and self.organization.is_active):
            raise ValidationError(
                _("%(partner)s must be verified by Bappeda before it can pledge."),
                params={"partner": self.organization},
            )
        if self.opportunity is not None and not self.opportunity.is_open:
            raise ValidationError(_("This need no longer accepts pledges."))
        self._clean_quantity(data)
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The period cannot end before it starts."))
        self._clean_place(data)
        self._check_oversubscription(data)
        return data

    def _clean_quantity(self, data):
        if data.get("kind") == ContributionKind.CASH:
            data["quantity"], data["unit"] = None, ""
            return
        for name, message in (
            ("quantity", _("Say how many for goods and services.")),
            ("unit", _("Say in what unit, for example unit, paket or jam.")),
        ):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)

    def _clean_place(self, data):
        kelurahan = data.get("kelurahan")
        if kelurahan is None:
            return
        if data.get("kecamatan") is None:
            data["kecamatan"] = kelurahan.kecamatan
        elif kelurahan.kecamatan_id != data["kecamatan"].pk:
            self.add_error("kelurahan", _("This kelurahan is not in the kecamatan chosen."))

    def _exceeded(self, data):
        """What of the pledge goes beyond what the need still misses (empty if nothing)."""
        need = self.opportunity
        if need is None:
            return []
        missing_value = max(need.budget - need.pledged_value, 0)
        exceeded = []
        if data.get("value") and data["value"] > missing_value:
            exceeded.append(format_rupiah(missing_value))
        if need.quantity and data.get("quantity"):
            missing_quantity = max(need.quantity - need.pledged_quantity, 0)
            if data["quantity"] > missing_quantity:
                exceeded.append(f"{missing_quantity} {need.unit}".strip())
        return exceeded

    def _check_oversubscription(self, data):
        exceeded = self._exceeded(data)
        if not exceeded:
            return
        # Over-subscription is allowed, but only knowingly: show the box to confirm it.
        self.fields["confirm_over"].widget = forms.CheckboxInput()
        if not data.get("confirm_over"):
            self.add_error(
                "confirm_over",
                _(
                    "This pledge is more than what the need still misses (%(missing)s). "
                    "Lower it, or tick the box to pledge it anyway."
                )
                % {"missing": ", ".join(exceeded)},
            )

    def service_fields(self) -> dict:
        """Keyword arguments of services.commitment_propose, besides partner and actor."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in ("title", "kind", "value", "quantity", "unit", "start_date", "end_date")
        }
        fields["description"] = data["description"]
        if self.opportunity is not None:
            return {**fields, "opportunity": self.opportunity}
        place = {name: data[name] for name in ("agency", "kecamatan", "kelurahan") if data[name]}
        return {**fields, **place, "theme": self.theme}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you cancel this pledge?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Bappeda and the agency will read it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Cancel the pledge"), button="btn btn-danger")


# --- realization reports ------------------------------------------------------------------------


class RealizationForm(forms.Form):
    """A report of what was delivered on a pledge, with photos or PDFs as evidence."""

    date = forms.DateField(label=_("Date realised"), widget=date_input())
    value = RupiahField(label=_("Value realised (Rp)"))
    quantity = forms.IntegerField(label=_("Quantity realised"), min_value=1, required=False)
    beneficiaries = forms.IntegerField(
        label=_("Beneficiaries reached"), min_value=0, required=False
    )
    narrative = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was handed over or done, where, and for whom."),
    )
    evidence = EvidenceFilesField(
        label=_("Evidence (photos or PDF)"),
        help_text=_("1 to 5 files: JPEG, PNG or WebP photos, or PDF documents, at most 5 MB each."),
    )

    def __init__(self, *args, commitment: Commitment, resubmission=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        if commitment.kind == ContributionKind.CASH:
            del self.fields["quantity"]
        else:
            self.fields["quantity"].required = True
            self.fields["quantity"].help_text = _("In %(unit)s; %(quantity)s pledged.") % {
                "unit": commitment.unit,
                "quantity": commitment.quantity,
            }
        if resubmission:
            # The report keeps its evidence; more may be added.
            self.fields["evidence"] = EvidenceFilesField(
                label=_("More evidence (optional)"),
                min_files=0,
                help_text=_("Up to 5 more photos or PDFs, at most 5 MB each."),
            )
            label = _("Send the corrected report")
        else:
            label = _("Send the report")
        self.helper = _helper(label)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError(_("The date realised cannot be in the future."))
        return day

    def report_fields(self) -> dict:
        """The report's fields for services.realization_submit / realization_resubmit."""
        data = self.cleaned_data
        fields = {name: data[name] for name in ("date", "value", "beneficiaries", "narrative")}
        fields["quantity"] = data.get("quantity")
        return fields
