"""
Emails telling people about decisions on needs, pledges and realization reports.

The workflow functions in services.py schedule these with `transaction.on_commit`, so nothing
is sent for a step that was rolled back. Like the membership emails (companies.notifications,
whose `send` and `portal_link` these use), they are written in Indonesian, the recipients'
language, whatever language the person who decided was using. Each recipient gets a message of
their own: a partner's representatives never see each other's addresses, nor those of the
agency's officers (and the other way round), and one bad address does not hold up the rest.
"""

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from companies.models import Membership
from companies.notifications import SUBJECT_PREFIX, portal_link
from companies.notifications import send as send_email

from . import services


def member_emails(*organizations) -> list[str]:
    """Email addresses of the approved, active members of the organisations (blank ones skipped)."""
    organizations = [org for org in organizations if org is not None]
    if not organizations:
        return []
    emails = (
        Membership.objects.approved()
        .filter(organization__in=organizations, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return list(emails)


def send(template: str, recipients: list[str], **context) -> int:
    """Send `programs/emails/<template>` (subject and body) to each recipient."""
    return send_email(f"programs/emails/{template}", recipients, **context)


def _agency_page(realization) -> str:
    return portal_link("programs:agency_realization", realization.pk)


# --- needs ------------------------------------------------------------------------------------


def opportunity_published(opportunity) -> None:
    """Bappeda published the need: its agency's officers hear it is open for pledges."""
    send(
        "opportunity_published",
        member_emails(opportunity.agency),
        opportunity=opportunity,
        link=portal_link("programs:opportunity_detail", opportunity.pk),
    )


def opportunity_returned(opportunity, note: str) -> None:
    """Bappeda returned the submitted need to draft: the agency's officers read what to change."""
    send(
        "opportunity_returned",
        member_emails(opportunity.agency),
        opportunity=opportunity,
        note=note,
        link=portal_link("programs:agency_opportunity", opportunity.pk),
    )


# --- pledges ----------------------------------------------------------------------------------


def commitment_proposed(commitment) -> None:
    """A partner pledged to the agency (or its need): its officers hear of it."""
    send(
        "commitment_proposed",
        member_emails(services.receiving_agency(commitment)),
        commitment=commitment,
        link=portal_link("programs:agency_dashboard"),
    )


def commitment_approved(commitment) -> None:
    """Bappeda approved the pledge: the partner's representatives hear it."""
    send(
        "commitment_approved",
        member_emails(commitment.partner),
        commitment=commitment,
        link=portal_link("programs:commitment_detail", commitment.pk),
    )


def commitment_rejected(commitment) -> None:
    """Bappeda rejected the pledge: the partner's representatives read why."""
    send("commitment_rejected", member_emails(commitment.partner), commitment=commitment)


def commitment_cancelled(commitment, actor) -> None:
    """A cancelled pledge: the agency hears of it; the partner too when Bappeda cancelled it."""
    by_partner = commitment.partner.has_member(actor)
    recipients = member_emails(
        services.receiving_agency(commitment), None if by_partner else commitment.partner
    )
    send("commitment_cancelled", recipients, commitment=commitment, by_partner=by_partner)


# --- realization reports ----------------------------------------------------------------------


def realization_submitted(realization) -> None:
    """A partner reported (or corrected) delivery: the receiving agency's officers confirm it."""
    agency = services.receiving_agency(realization.commitment)
    send(
        "realization_submitted",
        member_emails(agency),
        realization=realization,
        commitment=realization.commitment,
        link=_agency_page(realization),
    )


def realization_confirmed(realization) -> None:
    """The agency confirmed the handover: the partner hears it now waits for Bappeda."""
    commitment = realization.commitment
    send(
        "realization_confirmed",
        member_emails(commitment.partner),
        realization=realization,
        commitment=commitment,
        agency=services.receiving_agency(commitment),
    )


def realization_returned_to_partner(realization) -> None:
    """The agency returned the report: the partner's representatives read what to correct."""
    commitment = realization.commitment
    send(
        "realization_returned_to_partner",
        member_emails(commitment.partner),
        realization=realization,
        commitment=commitment,
        agency=services.receiving_agency(commitment),
    )


def realization_returned_to_agency(realization) -> None:
    """Bappeda returned a confirmed report: the receiving agency's officers read why."""
    send(
        "realization_returned_to_agency",
        member_emails(services.receiving_agency(realization.commitment)),
        realization=realization,
        commitment=realization.commitment,
        link=_agency_page(realization),
    )


def realization_verified(realization) -> None:
    """Bappeda verified the report, now public: the partner and the agency hear it."""
    commitment = realization.commitment
    send(
        "realization_verified",
        member_emails(commitment.partner, services.receiving_agency(commitment)),
        realization=realization,
        commitment=commitment,
        link=portal_link("programs:commitment_detail", commitment.pk),
    )


# --- reporting periods and the weekly digest (sent by scheduled commands) ---------------------


def send_with_html(template: str, recipients: list[str], **context) -> int:
    """Like `send`, with an HTML part (`<template>.html`) beside the plain text; Indonesian."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return 0
    context.setdefault("contact_email", settings.PORTAL_CONTACT_EMAIL)
    name = f"programs/emails/{template}"
    with translation.override("id"):
        subject = render_to_string(f"{name}_subject.txt", context)
        body = render_to_string(f"{name}.txt", context)
        html = render_to_string(f"{name}.html", context)
    subject = f"{SUBJECT_PREFIX} {' '.join(subject.split())}"
    messages = []
    for address in recipients:
        message = mail.EmailMultiAlternatives(subject, body, to=[address])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return mail.get_connection().send_messages(messages)


def reporting_reminder(*, partner, period, commitments, days_left: int, base_url: str) -> int:
    """A partner has pledges without a report in a period that ends soon: its representatives
    get one message listing them all, with the dashboard and each pledge's report form."""
    rows = [
        {
            "commitment": commitment,
            "link": portal_link("programs:realization_create", commitment.pk, base=base_url),
        }
        for commitment in commitments
    ]
    return send_with_html(
        "reporting_reminder",
        member_emails(partner),
        partner=partner,
        period=period,
        rows=rows,
        days_left=days_left,
        link=portal_link("programs:dashboard", base=base_url),
    )


def weekly_digest(*, user, agencies, pledges, reports, since, until, base_url: str) -> int:
    """An agency officer's week: pledges made to their agencies and reports on them."""
    return send_with_html(
        "weekly_digest",
        [user.email],
        user=user,
        agency_names=", ".join(agency.name for agency in agencies),
        pledges=pledges,
        reports=reports,
        since=since,
        until=until,
        link=portal_link("programs:agency_dashboard", base=base_url),
    )
