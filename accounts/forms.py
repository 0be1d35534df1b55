"""Forms of the accounts pages: registering, and asking for a password link."""

import unicodedata

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .models import User


class SignUpForm(auth_forms.UserCreationForm):
    """A new account: name, email, username and a password Django's validators accept."""

    class Meta(auth_forms.UserCreationForm.Meta):
        model = User
        fields = ["first_name", "last_name", "email", "username"]
        labels = {"first_name": _("Name"), "last_name": _("Family name")}
        help_texts = {
            "email": _("Bappeda's decision and password links are sent to this address."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["email"].required = True
        self.fields["last_name"].help_text = _("Leave empty if you have one name.")

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "An account with this email address exists already. Sign in, or ask for "
                    "a new password if you forgot it."
                ),
                code="duplicate_email",
            )
        return email


class PasswordResetForm(auth_forms.PasswordResetForm):
    """
    Also for people Bappeda invited who have not chosen a password yet (or whose link
    expired): on this portal every account signs in with a password, none elsewhere.
    """

    def get_users(self, email):
        users = User.objects.filter(email__iexact=email, is_active=True)
        # As Django does: the database's case-insensitive match is checked again in Python.
        return (user for user in users if _folded(user.email) == _folded(email))


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()
