"""
Forms agency officers fill in: their needs, withdrawing one, and the handover of reported work.

They check what was typed and uploaded; the workflow functions in services.py decide and record.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from regions.models import Kecamatan, Kelurahan

from .forms import (
    PDF,
    KelurahanChoiceField,
    RupiahField,
    checked_evidence,
    date_input,
    evidence_content_type,
)
from .models import ContributionKind, Opportunity, Theme

# A handover record is scanned on paper: a PDF or a photo of it.
SCAN_TYPES = {PDF, "image/jpeg", "image/png"}


def _helper(label, *, css_class="btn-primary"):
    helper = FormHelper()
    helper.form_tag = False  # the page writes the <form>: its action, and enctype for files
    button = Submit("submit", label)
    button.field_classes = f"btn {css_class}"  # instead of crispy's btn-primary, not beside it
    helper.add_input(button)
    return helper


class BudgetField(RupiahField):
    """Whole rupiah, zero or more: the value of goods may not be known when they are asked for."""

    default_error_messages = {"not_positive": _("The budget cannot be negative.")}

    def validate(self, value):
        if value != 0:
            super().validate(value)


class OpportunityForm(forms.ModelForm):
    """A need of the officer's agency, new or a draft being corrected."""

    budget = BudgetField(
        label=capfirst(Opportunity._meta.get_field("budget").verbose_name),
        help_text=_("Whole rupiah, for example 1.500.000; for goods and services, their value."),
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all())
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.all(), required=False
    )
    kelurahan = KelurahanChoiceField(
        label=_("Kelurahan"),
        queryset=Kelurahan.objects.select_related("kecamatan").order_by("name"),
        required=False,
    )

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "description",
            "theme",
            "kind",
            "budget",
            "quantity",
            "unit",
            "beneficiaries_target",
            "year",
            "needed_by",
            "kecamatan",
            "kelurahan",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "needed_by": date_input(),
        }
        help_texts = {
            "description": _("What is needed, for whom, and why; partners read it."),
            "quantity": _("For goods and services: how many are needed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].min_value = 1
        label = _("Save the draft") if self.instance.pk else _("Save as draft")
        self.helper = _helper(label)
        self.helper.layout = Layout(
            "title",
            "description",
            Row(Column("theme", css_class="col-md-8"), Column("year", css_class="col-md-4")),
            Row(
                Column("kind", css_class="col-md-4"),
                Column("quantity", css_class="col-md-4"),
                Column("unit", css_class="col-md-4"),
            ),
            Row(Column("budget", css_class="col-md-6"), Column("beneficiaries_target")),
            Row(Column("kecamatan", css_class="col-md-6"), Column("kelurahan")),
            "needed_by",
        )

    def clean_needed_by(self):
        day = self.cleaned_data["needed_by"]
        # A draft written weeks ago may keep its date; a date typed now cannot be past already.
        changed = self.instance.pk is None or day != self.instance.needed_by
        if day and changed and day < timezone.localdate():
            raise ValidationError(_("The date a need is needed by cannot be in the past."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("kind") == ContributionKind.CASH:
            for name in ("quantity", "unit"):
                if data.get(name):
                    self.add_error(name, _("Leave this empty for cash: the budget says it all."))
        else:
            for name, message in (
                ("quantity", _("Say how many are needed for goods and services.")),
                ("unit", _("Say in what unit, for example unit, paket or jam.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        kelurahan = data.get("kelurahan")
        if kelurahan is not None:
            if data.get("kecamatan") is None:
                data["kecamatan"] = kelurahan.kecamatan
            elif kelurahan.kecamatan_id != data["kecamatan"].pk:
                self.add_error("kelurahan", _("This kelurahan is not in the kecamatan chosen."))
        return data

    def service_fields(self) -> dict:
        """The need's fields for services.opportunity_create / opportunity_update."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields["unit"] = fields["unit"] or ""
        return fields


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the need withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Bappeda reads it; it stays in the need's history."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Withdraw the need"), css_class="btn-danger")


class HandoverForm(forms.Form):
    """The agency's confirmation on the ground: the handover record (BAST) of reported work."""

    bast_number = forms.CharField(
        label=_("Handover (BAST) number"),
        max_length=100,
        help_text=_("As written on the signed handover record, e.g. 027/BAST/DINSOS/2026."),
    )
    bast_date = forms.DateField(label=_("Handover (BAST) date"), widget=date_input())
    bast_document = forms.FileField(
        label=_("Scan of the handover record (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(SCAN_TYPES))}),
        help_text=_("A PDF, JPEG or PNG file of at most 5 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Confirm the handover"), css_class="btn-success")

    def clean_bast_date(self):
        day = self.cleaned_data["bast_date"]
        if day > timezone.localdate():
            raise ValidationError(_("The handover date cannot be in the future."))
        return day

    def clean_bast_document(self):
        upload = self.cleaned_data.get("bast_document")
        if not upload:
            return None
        if evidence_content_type(upload) not in SCAN_TYPES:
            raise ValidationError(_("The scan must be a PDF, JPEG or PNG file."))
        # Stored under a random name; its extension follows the content, not the typed name.
        return checked_evidence(upload, stem="bast")


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What should the partner correct?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The partner receives this note by email."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Return the report to the partner"), css_class="btn-outline-danger")
