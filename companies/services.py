"""Changes of state in the partner registry: memberships asked for, and decided by Bappeda."""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import notifications
from .models import Membership, Organization


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


def _notify_after_commit(notify, *args) -> None:
    """Send `notify(*args)`'s emails once the step is committed; a mail failure is only logged."""
    transaction.on_commit(partial(notify, *args), robust=True)


def _activate_if_proposed(organization: Organization, actor) -> bool:
    """
    Put an organisation proposed at registration into the directory when its first member is
    approved. One that was ever active was archived by Bappeda on purpose and stays archived.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.is_active or organization.history.filter(is_active=True).exists():
        return False
    organization.is_active = True
    organization._history_user = actor
    organization._change_reason = "activated with its first approved member"
    organization.save(update_fields=["is_active", "updated_at"])
    return True


@transaction.atomic
def membership_approve(*, membership: Membership, actor) -> Membership:
    """Bappeda lets the user act for the organisation (and lists a proposed one)."""
    membership = _decide(membership, actor, Membership.Status.APPROVED)
    activated = _activate_if_proposed(membership.organization, actor)
    _notify_after_commit(notifications.membership_approved, membership, activated)
    return membership


@transaction.atomic
def membership_decline(*, membership: Membership, actor) -> Membership:
    """Bappeda declines the user's request to join the organisation."""
    membership = _decide(membership, actor, Membership.Status.DECLINED)
    _notify_after_commit(notifications.membership_declined, membership)
    return membership


def can_archive_organizations(user) -> bool:
    return user.is_active and user.has_perm("companies.change_organization")


@transaction.atomic
def organization_archive(*, organization: Organization, actor) -> Organization:
    """Bappeda takes an organisation out of the directory; its records and history stay."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not can_archive_organizations(actor):
        raise TransitionError(_("Only Bappeda staff can archive organisations."))
    if not organization.is_active:
        raise TransitionError(
            _("%(organization)s is archived already.") % {"organization": organization}
        )
    organization.is_active = False
    organization._history_user = actor
    organization._change_reason = "archived by Bappeda"
    organization.save(update_fields=["is_active", "updated_at"])
    return organization


def _role_in(organization: Organization) -> str:
    if organization.is_agency:
        return Membership.Role.OFFICER
    return Membership.Role.REPRESENTATIVE


@transaction.atomic
def membership_request(*, user, organization: Organization) -> Membership:
    """A signed-in person asks to act for an organisation of the directory; Bappeda decides."""
    if not organization.is_active:
        raise TransitionError(
            _("%(organization)s is not in the partnership directory.")
            % {"organization": organization}
        )
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise TransitionError(
            _("You have already asked to join %(organization)s.") % {"organization": organization}
        )
    membership = Membership(user=user, organization=organization, role=_role_in(organization))
    membership._history_user = user
    membership.save()
    _notify_after_commit(notifications.membership_requested, membership)
    return membership


def _free_slug(name: str) -> str:
    base = slugify(name)[:100].strip("-") or "organisasi"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _refuse_known_name(name: str) -> None:
    known = Organization.objects.filter(name__iexact=name).only("is_active").first()
    if known is None:
        return
    if known.is_active:
        raise TransitionError(
            _("%(name)s is already in the directory: choose it in the list to join it.")
            % {"name": known.name}
        )
    raise TransitionError(
        _("%(name)s is already known to Bappeda (waiting for review or archived); contact Bappeda.")
        % {"name": known.name}
    )


@transaction.atomic
def organization_propose(
    *,
    user,
    name: str,
    kind: str,
    sector=None,
    address: str = "",
    kecamatan=None,
    website: str = "",
) -> Membership:
    """
    A person proposes a partner not yet in the registry and asks to represent it: the
    organisation waits, inactive and unverified, and the membership pending, for Bappeda.
    """
    if kind not in Organization.PARTNER_KINDS:
        raise TransitionError(
            _("Only a company or a zakat institution can be proposed; Bappeda adds agencies.")
        )
    name = name.strip()
    _refuse_known_name(name)
    with translation.override("id"):
        source = _("Proposed through the portal's registration by %(user)s (%(email)s).") % {
            "user": user,
            "email": user.email,
        }
    organization = Organization(
        kind=kind,
        name=name,
        slug=_free_slug(name),
        sector=sector if kind == Organization.Kind.COMPANY else None,
        address=address,
        kecamatan=kecamatan,
        website=website,
        is_active=False,
        is_verified=False,
        is_demo=False,
        source=source,
    )
    organization.full_clean()
    organization._history_user = user
    organization.save()
    membership = Membership(
        user=user, organization=organization, role=Membership.Role.REPRESENTATIVE
    )
    membership._history_user = user
    membership.save()
    _notify_after_commit(notifications.membership_requested, membership)
    return membership


def can_invite(user) -> bool:
    return can_decide_memberships(user) and user.has_perm("accounts.add_user")


def _free_username(email: str) -> str:
    User = get_user_model()
    base = slugify(email.split("@")[0]).replace("-", ".")[:140] or "pengguna"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


@transaction.atomic
def invite(
    *,
    actor,
    email: str,
    first_name: str,
    last_name: str = "",
    organization: Organization,
    portal_url: str,
):
    """
    Bappeda makes an account for a person of an organisation, already approved, and emails
    them a link to choose their password (the account has none that works until then).
    """
    if not can_invite(actor):
        raise TransitionError(_("Only Bappeda staff can invite people."))
    if not organization.is_active:
        raise TransitionError(
            _("%(organization)s is not in the partnership directory.")
            % {"organization": organization}
        )
    User = get_user_model()
    email = User.objects.normalize_email(email.strip())
    if User.objects.filter(email__iexact=email).exists():
        raise TransitionError(
            _("An account with the address %(email)s exists already: add a membership to it.")
            % {"email": email}
        )
    user = User(
        username=_free_username(email), email=email, first_name=first_name, last_name=last_name
    )
    user.set_unusable_password()
    user.save()
    membership = Membership(
        user=user,
        organization=organization,
        role=_role_in(organization),
        status=Membership.Status.APPROVED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    membership._history_user = actor
    membership.save()
    _notify_after_commit(notifications.invitation, membership, portal_url)
    return user
