"""The person who asked to join hears Bappeda's decision by email, in Indonesian, once saved."""

import pytest
from django.db import transaction
from django.utils import translation

from companies.models import Membership, Organization
from companies.services import membership_approve, membership_decline, organization_propose
from tests.admin_helpers import run_action
from tests.factories import make_company, make_membership, make_user


@pytest.fixture
def applicant(db):
    return make_user(username="calon", first_name="Dewi", email="dewi@alfa.example")


@pytest.fixture
def request_to_join(applicant, company_a):
    return make_membership(user=applicant, organization=company_a)


def test_an_approval_is_emailed_to_the_person_after_it_is_saved(
    request_to_join, staff, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_URL = "https://csr.depok.example"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        membership_approve(membership=request_to_join, actor=staff)
    assert mailoutbox == []  # nothing before the commit

    for callback in callbacks:
        callback()
    (message,) = mailoutbox
    assert message.to == ["dewi@alfa.example"]
    assert message.subject.startswith("[Portal CSR Depok]")
    assert "PT Alfa Contoh" in message.subject
    assert "Dewi" in message.body
    assert "Perwakilan" in message.body  # the role, in Indonesian
    assert "Representative" not in message.body
    assert "https://csr.depok.example/akun/masuk/" in message.body


def test_a_decline_is_emailed_to_the_person(
    request_to_join, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership_decline(membership=request_to_join, actor=staff)

    (message,) = mailoutbox
    assert message.to == ["dewi@alfa.example"]
    assert "PT Alfa Contoh" in message.subject
    assert "PT Alfa Contoh" in message.body


def test_the_email_is_indonesian_whatever_language_the_staff_member_uses(
    request_to_join, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        membership_approve(membership=request_to_join, actor=staff)

    assert "Perwakilan" in mailoutbox[0].body


def test_a_decision_rolled_back_sends_nothing(
    request_to_join, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        membership_approve(membership=request_to_join, actor=staff)
        raise RuntimeError("the rest of the step failed")

    assert mailoutbox == []
    request_to_join.refresh_from_db()
    assert request_to_join.status == Membership.Status.PENDING


def test_a_person_without_an_address_is_decided_without_an_email(
    company_a, staff, mailoutbox, django_capture_on_commit_callbacks
):
    membership = make_membership(user=make_user(email=""), organization=company_a)
    with django_capture_on_commit_callbacks(execute=True):
        membership_approve(membership=membership, actor=staff)
    assert mailoutbox == []


def test_deciding_from_the_admin_emails_each_person(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_membership(user=make_user(email="satu@example.org"))
    second = make_membership(user=make_user(email="dua@example.org"))
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        run_action(client, Membership, "decline_memberships", [first, second])

    assert sorted(message.to[0] for message in mailoutbox) == [
        "dua@example.org",
        "satu@example.org",
    ]


def test_approving_the_first_member_of_a_proposed_company_lists_it_unverified(
    applicant, staff, mailoutbox, django_capture_on_commit_callbacks
):
    membership = organization_propose(user=applicant, name="PT Gamma Baru", kind="company")
    organization = membership.organization
    assert not organization.is_active

    with django_capture_on_commit_callbacks(execute=True):
        membership_approve(membership=membership, actor=staff)

    organization.refresh_from_db()
    assert organization.is_active
    assert not organization.is_verified
    assert organization.history.first().history_user == staff
    assert organization.has_member(applicant)
    assert "PT Gamma Baru" in mailoutbox[-1].body
    assert mailoutbox[-1].to == ["dewi@alfa.example"]


def test_an_archived_organisation_stays_archived_when_a_request_is_approved(
    applicant, staff, django_capture_on_commit_callbacks
):
    organization = make_company(name="PT Dulu Aktif")
    membership = make_membership(user=applicant, organization=organization)
    organization.is_active = False
    organization.save()  # Bappeda archived it after the request was made

    membership_approve(membership=membership, actor=staff)

    assert not Organization.objects.get(pk=organization.pk).is_active


def test_declining_a_proposal_leaves_the_organisation_hidden(applicant, staff):
    membership = organization_propose(user=applicant, name="LAZ Baru", kind="zakat_institution")
    membership_decline(membership=membership, actor=staff)
    assert not Organization.objects.get(name="LAZ Baru").is_active


def test_bappeda_is_told_of_a_proposal_with_a_link_to_decide(
    applicant, staff, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_URL = "https://csr.depok.example"
    staff.email = "siti@bappeda.example"
    staff.save()
    make_user(email="andi@alfa.example")  # not staff: not told

    with django_capture_on_commit_callbacks(execute=True):
        membership = organization_propose(user=applicant, name="PT Gamma Baru", kind="company")

    (message,) = mailoutbox
    assert message.to == ["siti@bappeda.example"]
    assert "dewi@alfa.example" in message.body
    assert f"/admin/companies/membership/{membership.pk}/change/" in message.body
