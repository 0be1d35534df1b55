import re
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Registration


class RegistrationForm(forms.ModelForm):
    """A representative of one of the user's own organisations (the view passes them)."""

    organization = forms.ModelChoiceField(queryset=None, label=_("Organisation"), empty_label=None)

    class Meta:
        model = Registration
        fields = ["organization", "representative_name", "position", "phone", "email"]
        labels = {"representative_name": _("Representative's name")}
        help_texts = {
            "email": _("The confirmation with the check-in code and the calendar file goes here."),
            "phone": _("For the organisers to reach the representative on the day."),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        for name in ("representative_name", "phone", "email"):
            self.fields[name].required = True

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not re.fullmatch(r"\+?[\d\s().-]+", phone) or len(re.sub(r"\D", "", phone)) < 8:
            raise forms.ValidationError(
                _("Enter a phone number of at least 8 digits, e.g. 0812-3456-7890.")
            )
        return phone


class CheckInSearchForm(forms.Form):
    """Find a registration at the door: its code, the scanned badge address, a name."""

    q = forms.CharField(
        label=_("Code, name or organisation"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )

    def clean_q(self):
        """A scanner that types the badge's address gives the whole URL: keep only its code."""
        text = self.cleaned_data["q"].strip()
        if "://" in text or text.startswith("/"):
            return parse_qs(urlsplit(text).query).get("q", [""])[0].strip()
        return text
