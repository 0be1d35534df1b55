"""
Every change of state of registrations and of the pledges announced at an event.

Each change is one function: it checks who acts, locks the row it changes, runs in one
transaction, records who and when (also in the change history) and sends its email only after
the transaction commits. Views, admin actions and the reminder command all call these.
"""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from companies.models import Organization
from programs.models import Commitment

from . import notifications
from .models import Event, Registration


class TransitionError(Exception):
    """A step the actor may not take, or not in the current state; the message is for people."""


# --- who may act ------------------------------------------------------------------------------


def can_register_anyone(user) -> bool:
    """Bappeda staff register any organisation, also after registration closed."""
    return user.is_active and user.has_perm("events.add_registration")


def can_check_in(user) -> bool:
    return user.is_active and user.has_perm("events.change_registration")


def can_announce(user) -> bool:
    return user.is_active and user.has_perm("events.change_event")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionError(message)


def _time(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i")


# --- registrations ----------------------------------------------------------------------------

REPRESENTATIVE_FIELDS = {"representative_name", "position", "phone", "email"}


@transaction.atomic
def registration_create(
    *, event: Event, organization: Organization, actor, base_url: str, **representative
) -> Registration:
    """Register a representative of the organisation; a confirmation is emailed on commit.

    `base_url` is the portal's address (e.g. "https://csr.depok.go.id/") for the email's links.
    """
    unexpected = set(representative) - REPRESENTATIVE_FIELDS
    if unexpected:
        raise TypeError(f"Fields not settable here: {', '.join(sorted(unexpected))}")
    # The event's row lock makes registrations wait for each other: capacity is counted once.
    event = Event.objects.select_for_update().get(pk=event.pk)
    staff = can_register_anyone(actor)
    _require(
        staff or organization.has_member(actor),
        _("You may register only for an organisation you are an approved member of."),
    )
    _require(organization.is_active, _("%(org)s is not active.") % {"org": organization})
    if not staff:
        _require(not (reason := event.registration_closed_reason()), reason)
    _check_room(event, organization)
    registration = Registration(
        event=event, organization=organization, registered_by=actor, **representative
    )
    registration.full_clean()
    registration._history_user = actor
    registration.save()
    transaction.on_commit(
        lambda: notifications.send_registration_confirmation(registration, base_url=base_url)
    )
    return registration


def _check_room(event: Event, organization: Organization) -> None:
    standing = event.registrations.active()
    if event.capacity is not None:
        _require(
            standing.count() < event.capacity,
            _("%(event)s is full: all %(capacity)d places are taken.")
            % {"event": event, "capacity": event.capacity},
        )
    _require(
        standing.filter(organization=organization).count() < event.max_representatives,
        _(
            "%(org)s has already registered %(limit)d representatives, "
            "the most one organisation may."
        )
        % {"org": organization, "limit": event.max_representatives},
    )


@transaction.atomic
def registration_cancel(*, registration: Registration, actor) -> Registration:
    """A member of the organisation (before the event) or staff cancel a registration."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    staff = can_register_anyone(actor)
    _require(
        staff or registration.organization.has_member(actor),
        _("You may cancel only your own organisation's registrations."),
    )
    _require(not registration.is_cancelled, _("This registration is already cancelled."))
    _require(
        registration.checked_in_at is None,
        _("%(name)s has already checked in.") % {"name": registration.representative_name},
    )
    _require(
        staff or timezone.localdate() < registration.event.date,
        _("Registrations can be cancelled only before the day of the event."),
    )
    registration.cancelled_at = timezone.now()
    registration._history_user = actor
    registration.save(update_fields=["cancelled_at"])
    return registration


@transaction.atomic
def registration_check_in(*, registration: Registration, actor) -> Registration:
    """Staff check a representative in at the door, once; a second check-in changes nothing."""
    _require(can_check_in(actor), _("Only Bappeda staff can check people in."))
    # No select_related here: a row joined to a locked row is read as it was before the wait.
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _require(not registration.is_cancelled, _("This registration was cancelled."))
    if registration.checked_in_at is not None:
        by = registration.checked_in_by
        raise TransitionError(
            _("%(name)s was already checked in at %(time)s by %(by)s.")
            % {
                "name": registration.representative_name,
                "time": _time(registration.checked_in_at),
                "by": (by.get_full_name() or by.get_username()) if by else _("someone"),
            }
        )
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor
    registration._history_user = actor
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


@transaction.atomic
def registration_send_reminder(*, registration: Registration, base_url: str) -> bool:
    """Email the reminder of a coming event once; False when it was already sent."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.reminder_sent_at is not None or registration.is_cancelled:
        return False
    registration.reminder_sent_at = timezone.now()
    registration._change_reason = "reminder sent"
    registration.save(update_fields=["reminder_sent_at"])
    transaction.on_commit(
        lambda: notifications.send_event_reminder(registration, base_url=base_url)
    )
    return True


# --- pledges announced at an event -------------------------------------------------------------


def _locked_for_announcement(event: Event, commitment: Commitment, actor):
    _require(can_announce(actor), _("Only Bappeda staff can announce pledges at an event."))
    event = Event.objects.select_for_update().get(pk=event.pk)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    event._history_user = actor
    return event, commitment


@transaction.atomic
def commitment_announce(*, event: Event, commitment: Commitment, actor) -> Event:
    """Staff record that an approved pledge was announced at the event (it shows there)."""
    event, commitment = _locked_for_announcement(event, commitment, actor)
    _require(
        commitment.status in Commitment.COUNTED_STATUSES,
        _("Only an approved pledge can be announced; “%(pledge)s” is %(status)s.")
        % {"pledge": commitment, "status": commitment.get_status_display().lower()},
    )
    _require(
        not event.announced_commitments.filter(pk=commitment.pk).exists(),
        _("“%(pledge)s” is already announced at %(event)s.")
        % {"pledge": commitment, "event": event},
    )
    event.announced_commitments.add(commitment)
    return event


@transaction.atomic
def commitment_unannounce(*, event: Event, commitment: Commitment, actor) -> Event:
    """Staff take back a pledge wrongly recorded as announced at the event."""
    event, commitment = _locked_for_announcement(event, commitment, actor)
    _require(
        event.announced_commitments.filter(pk=commitment.pk).exists(),
        _("“%(pledge)s” is not announced at %(event)s.") % {"pledge": commitment, "event": event},
    )
    event.announced_commitments.remove(commitment)
    return event
