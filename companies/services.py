"""Changes of state in the partner registry: memberships decided by Bappeda."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Membership


class TransitionError(Exception):
    """A step the actor may not take, or not from the current state; the message is for people."""


def can_decide_memberships(user) -> bool:
    return user.is_active and user.has_perm("companies.change_membership")


def _decide(membership: Membership, actor, status: str) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not can_decide_memberships(actor):
        raise TransitionError(_("Only Bappeda staff can decide on memberships."))
    if membership.status != Membership.Status.PENDING:
        raise TransitionError(
            _("The request of %(user)s has already been decided.") % {"user": membership.user}
        )
    membership.status = status
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership._history_user = actor
    membership.save()
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership, actor) -> Membership:
    """Bappeda lets the user act for the organisation."""
    return _decide(membership, actor, Membership.Status.APPROVED)


@transaction.atomic
def membership_decline(*, membership: Membership, actor) -> Membership:
    """Bappeda declines the user's request to join the organisation."""
    return _decide(membership, actor, Membership.Status.DECLINED)
