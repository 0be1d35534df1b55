"""The QR code on a registration's badge: the address of its check-in, drawn locally by segno."""

import io
from urllib.parse import urlencode, urljoin

import segno
from django.urls import reverse
from django.utils.safestring import mark_safe

from .models import Registration


def checkin_url(registration: Registration, *, base_url: str) -> str:
    """The staff check-in page with the badge's code filled in: what scanning the badge opens."""
    path = reverse("events:checkin", args=[registration.event.slug])
    return urljoin(base_url, f"{path}?{urlencode({'q': registration.checkin_code})}")


def _qr(registration: Registration, base_url: str):
    return segno.make(checkin_url(registration, base_url=base_url), error="m")


def qr_svg(registration: Registration, *, base_url: str, title: str):
    """Inline SVG (no style attributes, so a strict CSP allows it), sized by CSS."""
    svg = _qr(registration, base_url).svg_inline(
        scale=1, omitsize=True, svgclass="qr-code", lineclass="qr-line", title=title
    )
    return mark_safe(svg)  # segno escapes the title; the rest is its own markup


def qr_png(registration: Registration, *, base_url: str) -> bytes:
    """The same QR code as a PNG, attached to the confirmation email."""
    out = io.BytesIO()
    _qr(registration, base_url).save(out, kind="png", scale=8, border=4)
    return out.getvalue()
