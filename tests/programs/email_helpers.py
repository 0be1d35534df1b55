"""Helpers of the decision emails' tests: an organisation's people, and who got what."""

from companies.models import Membership
from tests.factories import make_member, make_membership, make_user


def team(organization, *addresses) -> set[str]:
    """Approved members with these addresses, and members who must get nothing: returns the
    addresses that should receive the organisation's mail."""
    for address in addresses:
        make_member(organization, email=address)
    make_member(organization, email="")  # no address to write to
    make_member(organization, email=f"inactive@{organization.slug}.example", is_active=False)
    for status in (Membership.Status.PENDING, Membership.Status.DECLINED):
        make_membership(
            organization=organization,
            user=make_user(email=f"{status}@{organization.slug}.example"),
            status=status,
        )
    return set(addresses)


def addressees(mailoutbox) -> set[str]:
    """Who was written to; every message goes to one person only."""
    assert all(
        len(message.to) == 1 and not message.cc and not message.bcc for message in mailoutbox
    )
    return {message.to[0] for message in mailoutbox}


def the_message(mailoutbox):
    """The one message every recipient got (the same subject and body for each)."""
    assert mailoutbox, "no email was sent"
    assert len({(message.subject, message.body) for message in mailoutbox}) == 1
    return mailoutbox[0]


class FailingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")
