"""
Who may open a signed-in page: the organisations a user acts for, and the view decorators.

    from companies.decorators import member_of, partner_required, officer_required

    @partner_required
    def dashboard(request):
        \"\"\"Partner: ...\"\"\"
        organization = request.organization  # the one the page acts for
        ...

A user acts for an organisation once Bappeda approved their membership, and only while the
organisation is active. Anonymous visitors are sent to sign in; a signed-in user who is not an
approved member of the right kind of organisation gets a 403 page saying why. Someone who acts
for several organisations gets the first by name; `?org=<slug>` picks another of their own
(any other slug is a 404, so a URL never reveals whether a stranger's organisation exists).
Keep `?org=` in the links and form actions of a page (`{% querystring %}` does).

The decorators set:
- `request.organization`: the organisation the page acts for;
- `request.organizations`: every organisation of that kind the user acts for (for a switcher).
"""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import render

from .models import Membership, Organization

AGENCY_KINDS = (Organization.Kind.REGIONAL_AGENCY,)


def member_of(user, *, kinds: Iterable[str] | None = None) -> QuerySet[Organization]:
    """Active organisations the user is an approved member of (of `kinds` if given), by name."""
    if not (user.is_authenticated and user.is_active):
        return Organization.objects.none()
    organizations = Organization.objects.active().filter(
        memberships__user=user, memberships__status=Membership.Status.APPROVED
    )
    if kinds is not None:
        organizations = organizations.filter(kind__in=list(kinds))
    return organizations.order_by("name", "pk")


def sees_contact_details(user) -> bool:
    """Who reads contact persons' phones and emails: staff, agency officers, verified partners."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff:
        return True
    trusted = Q(kind__in=AGENCY_KINDS) | Q(kind__in=Organization.PARTNER_KINDS, is_verified=True)
    return member_of(user).filter(trusted).exists()


def member_required(view=None, *, kinds: Iterable[str] | None = None):
    """
    The view is for approved members of an organisation (of `kinds` if given); it sets
    `request.organization` and `request.organizations`. Usable bare or with `kinds=`.
    """
    if view is None:
        return lambda view: member_required(view, kinds=kinds)
    kinds = tuple(kinds) if kinds is not None else None

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        organizations = list(member_of(request.user, kinds=kinds))
        if not organizations:
            return _not_a_member(request, kinds)
        chosen = request.GET.get("org")
        organization = organizations[0]
        if chosen:
            organization = next((org for org in organizations if org.slug == chosen), None)
            if organization is None:
                raise Http404("Not one of the user's organisations.")
        request.organization = organization
        request.organizations = organizations
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def partner_required(view):
    """The view is for approved members of an active company or zakat institution."""
    return member_required(view, kinds=Organization.PARTNER_KINDS)


def officer_required(view):
    """The view is for approved members (officers) of an active regional agency."""
    return member_required(view, kinds=AGENCY_KINDS)


def _not_a_member(request, kinds):
    """A signed-in user without the right membership: say why, and where to ask for it."""
    pending = request.user.memberships.pending().select_related("organization")
    if kinds is not None:
        pending = pending.filter(organization__kind__in=kinds)
    context = {
        "for_agencies": kinds == AGENCY_KINDS,
        "for_partners": kinds is not None and set(kinds) == set(Organization.PARTNER_KINDS),
        "pending": list(pending),
    }
    return render(request, "companies/workspace/not_a_member.html", context, status=403)
