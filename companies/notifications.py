"""
Emails about memberships: requests for Bappeda, its decisions and invitations for the person.

The functions in services.py schedule these with `transaction.on_commit`, so nothing is sent
for a step that was rolled back. They are written in Indonesian, the recipients' language,
whatever language the person who decided was using; each recipient gets a message of their own.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

SUBJECT_PREFIX = "[Portal CSR Depok]"


def portal_link(name: str, *args, base: str = "", **kwargs) -> str:
    """The page's full address on `base`, or on settings.PORTAL_URL; "" when neither is known."""
    base = (base or getattr(settings, "PORTAL_URL", "")).rstrip("/")
    return f"{base}{reverse(name, args=args, kwargs=kwargs)}" if base else ""


def send(template: str, recipients: list[str], **context) -> int:
    """Render `<template>_subject.txt` and `<template>.txt` in Indonesian; one message each."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return 0
    context.setdefault("contact_email", settings.PORTAL_CONTACT_EMAIL)
    with translation.override("id"):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    subject = f"{SUBJECT_PREFIX} {' '.join(subject.split())}"
    messages = [mail.EmailMessage(subject, body, to=[address]) for address in recipients]
    return mail.get_connection().send_messages(messages)


def _deciders() -> list[str]:
    """Addresses of the active staff who decide on memberships."""
    # Permissions come from the model backend (the sign-in protection's backend holds none).
    staff = get_user_model().objects.with_perm(
        "companies.change_membership", backend="django.contrib.auth.backends.ModelBackend"
    )
    staff = staff.filter(is_active=True, is_staff=True).exclude(email="").order_by("email")
    return list(staff.values_list("email", flat=True).distinct())


def membership_requested(membership) -> None:
    """Someone asked to join (or proposed) an organisation: Bappeda hears there is a decision."""
    send(
        "companies/emails/membership_requested",
        _deciders(),
        membership=membership,
        organization=membership.organization,
        link=portal_link("admin:companies_membership_change", membership.pk),
    )


def membership_approved(membership, activated: bool) -> None:
    """Bappeda approved the request: the person may now sign in and act for the organisation."""
    send(
        "companies/emails/membership_approved",
        [membership.user.email],
        membership=membership,
        organization=membership.organization,
        activated=activated,
        link=portal_link("accounts:login"),
    )


def membership_declined(membership) -> None:
    """Bappeda declined the request: the person hears it, and whom to ask."""
    send(
        "companies/emails/membership_declined",
        [membership.user.email],
        membership=membership,
        organization=membership.organization,
    )


def invitation(membership, portal_url: str) -> None:
    """Bappeda made the person an account: a link to choose their password (Django's token)."""
    user = membership.user
    link = portal_link(
        "accounts:password_reset_confirm",
        base=portal_url,
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    send(
        "companies/emails/invitation",
        [user.email],
        membership=membership,
        organization=membership.organization,
        user=user,
        link=link,
        reset_link=portal_link("accounts:password_reset", base=portal_url),
        days=settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    )
