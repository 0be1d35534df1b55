"""
Scheduled emails: reminders before a reporting period closes, and agency officers' weekly digest.

Both are run by management commands (`send_reminders` daily, `send_digests` weekly) and are
idempotent: before a message goes out, a row is claimed in `ReminderSent` (period, partner,
days before the end) or `DigestSent` (officer, ISO week), whose unique constraint refuses a
second claim, also when two runs overlap. The claim is committed before the email is sent; when
sending fails, the claim is removed again, so the next run tries once more.
"""

import logging
from datetime import date, timedelta
from functools import partial

from django.db import IntegrityError, transaction

from companies.models import Membership, Organization

from . import notifications
from .models import Commitment, DigestSent, Realization, ReminderSent
from .reporting import REMINDER_DAYS, open_periods, start_of, unreported_by_partner
from .selectors import received_by

logger = logging.getLogger(__name__)


def _claim(model, **fields):
    """The new record row, or None when it is already there (sent before)."""
    try:
        with transaction.atomic():
            return model.objects.create(**fields)
    except IntegrityError:
        return None


def _send_claimed(record, send) -> int:
    """Send with the record claimed; a failed send gives the claim back for the next run."""
    try:
        sent = send()
    except Exception:
        logger.exception("Could not send %s %s; the next run tries again.", type(record), record)
        record.delete()
        return 0
    if not sent:
        record.delete()
    return sent


# --- reminders ---------------------------------------------------------------------------------


def send_reminders(*, today: date, base_url: str = "") -> int:
    """Remind partners 14, 7 and 1 days before a period ends of the pledges they have not
    reported on in it: one message per partner and reminder day to each representative."""
    sent = 0
    for period in open_periods(today):
        days_left = (period.end_date - today).days
        if days_left not in REMINDER_DAYS:
            continue
        already = set(
            ReminderSent.objects.filter(period=period, days_before=days_left).values_list(
                "partner_id", flat=True
            )
        )
        for partner_id, commitments in unreported_by_partner(period).items():
            if partner_id in already:
                continue
            partner = commitments[0].partner
            record = _claim(
                ReminderSent,
                period=period,
                partner=partner,
                days_before=days_left,
                sent_on=today,
                commitment_count=len(commitments),
            )
            if record is None:
                continue
            sent += _send_claimed(
                record,
                partial(
                    notifications.reporting_reminder,
                    partner=partner,
                    period=period,
                    commitments=commitments,
                    days_left=days_left,
                    base_url=base_url,
                ),
            )
    return sent


# --- the weekly digest -------------------------------------------------------------------------


def week_of(day: date) -> date:
    """The Monday of the day's ISO week."""
    return day - timedelta(days=day.weekday())


def _officers() -> dict:
    """{officer: [their active agencies]} for active officers with an email address."""
    memberships = (
        Membership.objects.approved()
        .filter(
            organization__kind=Organization.Kind.REGIONAL_AGENCY,
            organization__is_active=True,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user", "organization")
        .order_by("user_id", "organization__name")
    )
    officers: dict = {}
    for membership in memberships:
        officers.setdefault(membership.user, []).append(membership.organization)
    return officers


def _by_agency(rows, commitment_of):
    grouped: dict = {}
    for row in rows:
        commitment = commitment_of(row)
        agency_id = commitment.agency_id or (
            commitment.opportunity.agency_id if commitment.opportunity_id else None
        )
        grouped.setdefault(agency_id, []).append(row)
    return grouped


def send_digests(*, today: date, base_url: str = "") -> int:
    """Email each agency officer the pledges made to their agencies and the reports submitted
    on them in the 7 days before `today`; nothing to an officer whose week was quiet, and at
    most one digest per officer and ISO week."""
    week = week_of(today)
    since, until = today - timedelta(days=7), today
    window = {"gte": start_of(since), "lt": start_of(until)}
    officers = _officers()
    done = set(DigestSent.objects.filter(week=week).values_list("user_id", flat=True))
    officers = {user: agencies for user, agencies in officers.items() if user.pk not in done}
    agencies = {agency.pk for orgs in officers.values() for agency in orgs}
    if not agencies:
        return 0
    pledges = _by_agency(
        Commitment.objects.filter(
            received_by(agencies),
            created_at__gte=window["gte"],
            created_at__lt=window["lt"],
        )
        .select_related("partner", "theme", "opportunity")
        .order_by("created_at", "pk"),
        lambda pledge: pledge,
    )
    reports = _by_agency(
        Realization.objects.filter(
            received_by(agencies, "commitment__"),
            submitted_at__gte=window["gte"],
            submitted_at__lt=window["lt"],
        )
        .select_related("commitment__partner", "commitment__opportunity")
        .order_by("submitted_at", "pk"),
        lambda report: report.commitment,
    )
    sent = 0
    for user, own in officers.items():
        own_pledges = [p for agency in own for p in pledges.get(agency.pk, [])]
        own_reports = [r for agency in own for r in reports.get(agency.pk, [])]
        if not own_pledges and not own_reports:
            continue
        record = _claim(
            DigestSent,
            user=user,
            week=week,
            pledge_count=len(own_pledges),
            report_count=len(own_reports),
        )
        if record is None:
            continue
        sent += _send_claimed(
            record,
            partial(
                notifications.weekly_digest,
                user=user,
                agencies=own,
                pledges=own_pledges,
                reports=own_reports,
                since=since,
                until=until - timedelta(days=1),
                base_url=base_url,
            ),
        )
    return sent
