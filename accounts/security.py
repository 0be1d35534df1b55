"""
Protection of the account pages: the client's address behind the proxy, the page shown when
too many wrong passwords locked a sign-in (django-axes), and limits on the forms that anyone
may post (django-ratelimit).
"""

import ipaddress

from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited


def client_ip(request) -> str:
    """The client's address: from X-Forwarded-For as the trusted proxies wrote it, if any."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        # Each proxy appends the address it was reached from; what a client sent itself stands
        # further left, so only the entry our own first proxy wrote is believed.
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(forwarded[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page's answer while an account is locked from this address (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/locked_out.html", context, status=429)


def _email(group, request) -> str:
    return request.POST.get("email", "").strip().casefold()


def too_many_posts(request, *, group: str, rate: str, per_email_rate: str | None = None) -> bool:
    """Counts this POST; True when its address (or the email it names) went over the rate."""
    limited = is_ratelimited(
        request, group=f"{group}:ip", key="ip", rate=rate, method="POST", increment=True
    )
    if per_email_rate:
        limited |= is_ratelimited(
            request,
            group=f"{group}:email",
            key=_email,
            rate=per_email_rate,
            method="POST",
            increment=True,
        )
    return limited


def too_many_posts_message() -> str:
    return _(
        "Too many attempts from your connection in a short time, so nothing was saved or sent. "
        "Please wait a while and try again."
    )


def attempted_username(request, credentials=None) -> str | None:
    """The name a failed sign-in gave, for its lockout record: at most what the column holds.

    Django's sign-in form checks the name only by looking it up, so any length reaches here.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else request.POST.get(field)
    if not isinstance(username, str):
        return username
    return username[: AccessAttempt._meta.get_field("username").max_length]
