"""
Every change of state of needs, pledges and realization reports.

Each transition is one function: it checks who acts and from which state, locks the row,
runs in one transaction, records who and when (also in the change history) and returns the
fresh object. Views, admin actions and commands all call these; nothing else sets a status.
"""

from datetime import date
from functools import wraps

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Organization

from . import notifications
from .models import Commitment, Opportunity, Realization, Theme


class TransitionError(Exception):
    """A step the actor may not take, or not from the current state; the message is for people."""


# --- who may act ------------------------------------------------------------------------------


def can_publish(user) -> bool:
    return user.is_active and user.has_perm("programs.publish_opportunity")


def can_approve(user) -> bool:
    return user.is_active and user.has_perm("programs.approve_commitment")


def can_verify(user) -> bool:
    return user.is_active and user.has_perm("programs.verify_realization")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionError(message)


def _require_status(obj, allowed, action: str) -> None:
    if obj.status not in allowed:
        raise TransitionError(
            _("Cannot %(action)s “%(object)s” while its status is “%(status)s”.")
            % {"action": action, "object": obj, "status": obj.get_status_display()}
        )


def _locked(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _notify_after_commit(notify, *args) -> None:
    """Send `notify(*args)`'s emails once the step is committed; a mail failure is only logged."""

    @wraps(notify)  # the log of a failure names the notification
    def after_commit():
        notify(*args)

    transaction.on_commit(after_commit, robust=True)


def _record(obj, status, actor, reason: str = "") -> None:
    """Set the new status and who/when, then save it with a history entry naming the actor."""
    obj.status = status
    if hasattr(obj, "status_changed_at"):
        obj.status_changed_at = timezone.now()
        obj.status_changed_by = actor
    obj._history_user = actor
    obj._change_reason = reason or f"status → {status}"
    obj.save()


# --- opportunities ----------------------------------------------------------------------------


def _may_act_for_agency(actor, agency: Organization) -> bool:
    return can_publish(actor) or agency.has_member(actor)


def _require_officer(actor, agency: Organization) -> None:
    """The actor acts for the agency: one of its officers, or Bappeda staff."""
    _require(
        _may_act_for_agency(actor, agency),
        _("You are not an officer of %(agency)s.") % {"agency": agency},
    )


# What an agency describes about its need; status and its stamps belong to the workflow.
OPPORTUNITY_FIELDS = {
    "title",
    "description",
    "theme",
    "kecamatan",
    "kelurahan",
    "kind",
    "budget",
    "quantity",
    "unit",
    "beneficiaries_target",
    "year",
    "needed_by",
}
REALIZATION_FIELDS = {"date", "value", "quantity", "beneficiaries", "narrative"}


def _only(fields: dict, allowed: set) -> None:
    unexpected = set(fields) - allowed
    if unexpected:
        raise TypeError(f"Fields not settable here: {', '.join(sorted(unexpected))}")


@transaction.atomic
def opportunity_create(*, agency: Organization, actor, **fields) -> Opportunity:
    """Create a need as a draft of the agency."""
    _only(fields, OPPORTUNITY_FIELDS)
    _require(agency.is_agency, _("Only a regional agency can post a need."))
    _require_officer(actor, agency)
    opportunity = Opportunity(agency=agency, created_by=actor, **fields)
    opportunity.full_clean()
    opportunity._history_user = actor
    opportunity.save()
    return opportunity


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, actor, **fields) -> Opportunity:
    """The agency corrects its need while it is a draft; once submitted, Bappeda has it."""
    _only(fields, OPPORTUNITY_FIELDS)
    opportunity = _locked(opportunity)
    _require_officer(actor, opportunity.agency)
    _require_status(opportunity, [Opportunity.Status.DRAFT], _("edit"))
    for field, value in fields.items():
        setattr(opportunity, field, value)
    opportunity.full_clean()
    opportunity._history_user = actor
    opportunity.save()
    return opportunity


@transaction.atomic
def opportunity_submit(*, opportunity: Opportunity, actor) -> Opportunity:
    """An agency officer sends a draft need to Bappeda for publication."""
    opportunity = _locked(opportunity)
    _require_officer(actor, opportunity.agency)
    _require_status(opportunity, [Opportunity.Status.DRAFT], _("submit"))
    _record(opportunity, Opportunity.Status.SUBMITTED, actor)
    return opportunity


@transaction.atomic
def opportunity_publish(*, opportunity: Opportunity, actor) -> Opportunity:
    """Bappeda publishes a need, so partners can see it and pledge."""
    opportunity = _locked(opportunity)
    _require(can_publish(actor), _("Only Bappeda staff can publish a need."))
    _require_status(
        opportunity, [Opportunity.Status.DRAFT, Opportunity.Status.SUBMITTED], _("publish")
    )
    opportunity.published_at = timezone.now()
    _record(opportunity, Opportunity.Status.PUBLISHED, actor)
    _notify_after_commit(notifications.opportunity_published, opportunity)
    return opportunity


@transaction.atomic
def opportunity_return(*, opportunity: Opportunity, actor, note: str) -> Opportunity:
    """Bappeda sends a submitted need back to the agency as a draft, saying why."""
    opportunity = _locked(opportunity)
    _require(can_publish(actor), _("Only Bappeda staff can return a need."))
    _require(bool(note.strip()), _("Say what the agency should change."))
    _require_status(opportunity, [Opportunity.Status.SUBMITTED], _("return"))
    _record(opportunity, Opportunity.Status.DRAFT, actor, reason=note)
    _notify_after_commit(notifications.opportunity_returned, opportunity, note)
    return opportunity


@transaction.atomic
def opportunity_withdraw(*, opportunity: Opportunity, actor, reason: str) -> Opportunity:
    """The agency or Bappeda withdraws a need that no standing pledge depends on."""
    opportunity = _locked(opportunity)
    _require_officer(actor, opportunity.agency)
    _require(bool(reason.strip()), _("Give a reason for withdrawing the need."))
    _require_status(
        opportunity,
        [
            Opportunity.Status.DRAFT,
            Opportunity.Status.SUBMITTED,
            Opportunity.Status.PUBLISHED,
            Opportunity.Status.FULLY_COMMITTED,
        ],
        _("withdraw"),
    )
    standing = opportunity.commitments.filter(
        status__in=[
            Commitment.Status.PROPOSED,
            Commitment.Status.APPROVED,
            Commitment.Status.IN_PROGRESS,
        ]
    )
    _require(
        not standing.exists(),
        _("Pledges to this need still stand; they must be decided or cancelled first."),
    )
    opportunity.withdrawal_reason = reason
    _record(opportunity, Opportunity.Status.WITHDRAWN, actor, reason=reason)
    return opportunity


@transaction.atomic
def opportunity_complete(*, opportunity: Opportunity, actor) -> Opportunity:
    """The agency or Bappeda closes a need whose help has been delivered."""
    opportunity = _locked(opportunity)
    _require_officer(actor, opportunity.agency)
    _require_status(
        opportunity,
        [Opportunity.Status.PUBLISHED, Opportunity.Status.FULLY_COMMITTED],
        _("complete"),
    )
    _record(opportunity, Opportunity.Status.COMPLETED, actor)
    return opportunity


def _refresh_fill(opportunity: Opportunity, actor) -> None:
    """Move a locked need between published and fully committed as its pledges change."""
    full = opportunity.is_fully_pledged()
    if opportunity.status == Opportunity.Status.PUBLISHED and full:
        _record(opportunity, Opportunity.Status.FULLY_COMMITTED, actor, "nothing missing")
    elif opportunity.status == Opportunity.Status.FULLY_COMMITTED and not full:
        _record(opportunity, Opportunity.Status.PUBLISHED, actor, "open again")


# --- commitments ------------------------------------------------------------------------------


def _may_act_for_partner(actor, partner: Organization) -> bool:
    return can_approve(actor) or partner.has_member(actor)


def _require_representative(actor, partner: Organization) -> None:
    """The actor acts for the partner: one of its representatives, or Bappeda staff."""
    _require(
        _may_act_for_partner(actor, partner),
        _("You are not a representative of %(partner)s.") % {"partner": partner},
    )


@transaction.atomic
def commitment_propose(
    *,
    partner: Organization,
    actor,
    title: str,
    value: int,
    start_date: date,
    end_date: date,
    theme: Theme | None = None,
    opportunity: Opportunity | None = None,
    **fields,
) -> Commitment:
    """A verified partner pledges to a need, or to a theme; the pledge waits for Bappeda."""
    _require(partner.is_partner, _("Only a company or a zakat institution can pledge."))
    _require_representative(actor, partner)
    _require(
        partner.is_verified and partner.is_active,
        _("%(partner)s must be verified by Bappeda before it can pledge.") % {"partner": partner},
    )
    if opportunity is not None:
        opportunity = _locked(opportunity)
        _require(opportunity.is_open, _("This need no longer accepts pledges."))
        # A pledge to a need goes to that need's agency and place, whatever else is named.
        theme = opportunity.theme
        fields["agency"] = opportunity.agency
        fields["kecamatan"] = opportunity.kecamatan
        fields["kelurahan"] = opportunity.kelurahan
    _require(theme is not None, _("Choose a theme for the pledge."))
    commitment = Commitment(
        partner=partner,
        theme=theme,
        opportunity=opportunity,
        title=title,
        value=value,
        start_date=start_date,
        end_date=end_date,
        created_by=actor,
        status=Commitment.Status.PROPOSED,
        **fields,
    )
    commitment.full_clean()
    commitment._history_user = actor
    commitment.save()
    _notify_after_commit(notifications.commitment_proposed, commitment)
    return commitment


def _locked_commitment_and_need(commitment: Commitment):
    # Lock the need before the pledge, always in that order, so two approvals cannot deadlock
    # and the need's pledged total is read after every other pledge to it has settled.
    if commitment.opportunity_id:
        Opportunity.objects.select_for_update().filter(pk=commitment.opportunity_id).first()
    return _locked(commitment)


@transaction.atomic
def commitment_approve(*, commitment: Commitment, actor) -> Commitment:
    """Bappeda approves a pledge; a need with nothing missing becomes fully committed."""
    commitment = _locked_commitment_and_need(commitment)
    _require(can_approve(actor), _("Only Bappeda staff can approve a pledge."))
    _require_status(commitment, [Commitment.Status.PROPOSED], _("approve"))
    if commitment.opportunity:
        _require(
            commitment.opportunity.status
            in (Opportunity.Status.PUBLISHED, Opportunity.Status.FULLY_COMMITTED),
            _("The need of this pledge is no longer open."),
        )
    commitment.approved_at = timezone.now()
    _record(commitment, Commitment.Status.APPROVED, actor)
    if commitment.opportunity:
        _refresh_fill(commitment.opportunity, actor)
    _notify_after_commit(notifications.commitment_approved, commitment)
    return commitment


@transaction.atomic
def commitment_reject(*, commitment: Commitment, actor, reason: str) -> Commitment:
    """Bappeda rejects a proposed pledge and says why."""
    commitment = _locked(commitment)
    _require(can_approve(actor), _("Only Bappeda staff can reject a pledge."))
    _require(bool(reason.strip()), _("Give a reason for the rejection."))
    _require_status(commitment, [Commitment.Status.PROPOSED], _("reject"))
    commitment.rejection_reason = reason
    _record(commitment, Commitment.Status.REJECTED, actor, reason=reason)
    _notify_after_commit(notifications.commitment_rejected, commitment)
    return commitment


@transaction.atomic
def commitment_start(*, commitment: Commitment, actor) -> Commitment:
    """The partner (or Bappeda) marks an approved pledge as under way."""
    commitment = _locked(commitment)
    _require_representative(actor, commitment.partner)
    _require_status(commitment, [Commitment.Status.APPROVED], _("start"))
    _record(commitment, Commitment.Status.IN_PROGRESS, actor)
    return commitment


@transaction.atomic
def commitment_complete(*, commitment: Commitment, actor) -> Commitment:
    """Bappeda marks a pledge realised once at least one of its reports is verified."""
    commitment = _locked(commitment)
    _require(can_approve(actor), _("Only Bappeda staff can mark a pledge as realised."))
    _require_status(
        commitment, [Commitment.Status.APPROVED, Commitment.Status.IN_PROGRESS], _("complete")
    )
    _require(
        commitment.realizations.verified().exists(),
        _("A pledge is realised only after a realization report has been verified."),
    )
    _record(commitment, Commitment.Status.REALIZED, actor)
    return commitment


@transaction.atomic
def commitment_cancel(*, commitment: Commitment, actor, reason: str) -> Commitment:
    """The pledging partner or Bappeda cancels a pledge before it is realised."""
    commitment = _locked_commitment_and_need(commitment)
    _require(
        _may_act_for_partner(actor, commitment.partner),
        _("Only the pledging partner or Bappeda can cancel a pledge."),
    )
    _require(bool(reason.strip()), _("Give a reason for cancelling the pledge."))
    _require_status(
        commitment,
        [Commitment.Status.PROPOSED, Commitment.Status.APPROVED, Commitment.Status.IN_PROGRESS],
        _("cancel"),
    )
    commitment.cancellation_reason = reason
    _record(commitment, Commitment.Status.CANCELLED, actor, reason=reason)
    if commitment.opportunity:
        _refresh_fill(commitment.opportunity, actor)
    _notify_after_commit(notifications.commitment_cancelled, commitment, actor)
    return commitment


# --- realizations -----------------------------------------------------------------------------


def receiving_agency(commitment: Commitment) -> Organization | None:
    """The agency that confirms the handover: the pledge's own, else its need's."""
    if commitment.agency_id:
        return commitment.agency
    return commitment.opportunity.agency if commitment.opportunity_id else None


@transaction.atomic
def realization_submit(
    *, commitment: Commitment, actor, date: date, value: int, **fields
) -> Realization:
    """The partner reports what it delivered on an approved pledge."""
    _only(fields, REALIZATION_FIELDS)
    commitment = _locked(commitment)
    _require(
        commitment.partner.has_member(actor),
        _("Only a representative of %(partner)s can report on this pledge.")
        % {"partner": commitment.partner},
    )
    _require_status(
        commitment,
        [Commitment.Status.APPROVED, Commitment.Status.IN_PROGRESS],
        _("report on"),
    )
    if commitment.status == Commitment.Status.APPROVED:
        _record(commitment, Commitment.Status.IN_PROGRESS, actor, "first report")
    realization = Realization(
        commitment=commitment,
        date=date,
        value=value,
        submitted_by=actor,
        submitted_at=timezone.now(),
        status=Realization.Status.SUBMITTED,
        **fields,
    )
    realization.full_clean()
    realization._history_user = actor
    realization.save()
    _notify_after_commit(notifications.realization_submitted, realization)
    return realization


@transaction.atomic
def realization_resubmit(*, realization: Realization, actor, **changes) -> Realization:
    """The partner corrects a returned report and sends it again."""
    _only(changes, REALIZATION_FIELDS)
    realization = _locked(realization)
    partner = realization.commitment.partner
    _require(
        partner.has_member(actor),
        _("Only a representative of %(partner)s can resubmit this report.") % {"partner": partner},
    )
    _require_status(realization, [Realization.Status.RETURNED], _("resubmit"))
    for field, value in changes.items():
        setattr(realization, field, value)
    realization.full_clean()
    realization.submitted_by = actor
    realization.submitted_at = timezone.now()
    _record(realization, Realization.Status.SUBMITTED, actor)
    _notify_after_commit(notifications.realization_submitted, realization)
    return realization


@transaction.atomic
def realization_confirm(
    *, realization: Realization, actor, bast_number: str, bast_date: date, bast_document=None
) -> Realization:
    """An officer of the receiving agency confirms the handover (BAST) on the ground."""
    realization = _locked(realization)
    agency = receiving_agency(realization.commitment)
    _require(
        agency is not None and agency.has_member(actor),
        _("Only an officer of the receiving agency can confirm the handover."),
    )
    _require(bool(bast_number.strip()), _("Enter the handover (BAST) number."))
    _require(bast_date is not None, _("Enter the handover (BAST) date."))
    _require_status(realization, [Realization.Status.SUBMITTED], _("confirm"))
    realization.bast_number = bast_number.strip()
    realization.bast_date = bast_date
    if bast_document:
        realization.bast_document = bast_document
    realization.confirmed_by = actor
    realization.confirmed_at = timezone.now()
    _record(realization, Realization.Status.CONFIRMED, actor)
    _notify_after_commit(notifications.realization_confirmed, realization)
    return realization


@transaction.atomic
def realization_verify(*, realization: Realization, actor) -> Realization:
    """Bappeda verifies a report the agency confirmed; from now on it is public."""
    realization = _locked(realization)
    _require(can_verify(actor), _("Only Bappeda staff can verify a report."))
    _require_status(realization, [Realization.Status.CONFIRMED], _("verify"))
    realization.verified_by = actor
    realization.verified_at = timezone.now()
    _record(realization, Realization.Status.VERIFIED, actor)
    _notify_after_commit(notifications.realization_verified, realization)
    return realization


@transaction.atomic
def realization_return(*, realization: Realization, actor, note: str) -> Realization:
    """Send a report one step back with a note: agency → partner, Bappeda → agency."""
    realization = _locked(realization)
    _require(bool(note.strip()), _("Say what should be corrected."))
    agency = receiving_agency(realization.commitment)
    if realization.status == Realization.Status.SUBMITTED:
        _require(
            agency is not None and agency.has_member(actor),
            _("Only an officer of the receiving agency can return a submitted report."),
        )
        previous = Realization.Status.RETURNED
    elif realization.status in (Realization.Status.CONFIRMED, Realization.Status.VERIFIED):
        _require(can_verify(actor), _("Only Bappeda staff can return a confirmed report."))
        if realization.status == Realization.Status.CONFIRMED:
            previous = Realization.Status.SUBMITTED
            realization.confirmed_by = None
            realization.confirmed_at = None
        else:
            _require(
                realization.commitment.status != Commitment.Status.REALIZED,
                _("The pledge is already marked realised; its verified reports stay."),
            )
            previous = Realization.Status.CONFIRMED
            realization.verified_by = None
            realization.verified_at = None
    else:
        raise TransitionError(_("A returned report waits for the partner to correct it."))
    realization.return_note = note
    realization.returned_by = actor
    realization.returned_at = timezone.now()
    _record(realization, previous, actor, reason=note)
    if previous == Realization.Status.RETURNED:
        _notify_after_commit(notifications.realization_returned_to_partner, realization)
    else:
        _notify_after_commit(notifications.realization_returned_to_agency, realization)
    return realization
