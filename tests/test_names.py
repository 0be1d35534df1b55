"""The names open data, imports, exports and code rely on are the ones DESIGN.md fixes."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from companies.models import Membership, Organization
from events.models import Event, Registration
from programs.models import Commitment, Opportunity, Realization
from programs.services import can_approve, can_publish, can_verify


@pytest.mark.parametrize(
    "model, field, stored_values",
    [
        (Organization, "kind", {"company", "zakat_institution", "regional_agency"}),
        (
            Opportunity,
            "status",
            {"draft", "submitted", "published", "fully_committed", "completed", "withdrawn"},
        ),
        (
            Commitment,
            "status",
            {"proposed", "approved", "rejected", "in_progress", "realized", "cancelled"},
        ),
        (Commitment, "kind", {"cash", "goods", "services"}),
        (Realization, "status", {"submitted", "confirmed", "verified", "returned"}),
    ],
    ids=[
        "organization-kind",
        "opportunity-status",
        "commitment-status",
        "commitment-kind",
        "realization-status",
    ],
)
def test_the_stored_values_are_the_ones_in_the_design(model, field, stored_values):
    choices = model._meta.get_field(field).choices
    assert {value for value, _label in choices} == stored_values


@pytest.mark.parametrize(
    "model, field, points_to",
    [
        (Commitment, "partner", Organization),
        (Commitment, "agency", Organization),
        (Commitment, "opportunity", Opportunity),
        (Registration, "event", Event),
        (Registration, "organization", Organization),
        (Membership, "user", get_user_model()),
        (Membership, "organization", Organization),
    ],
)
def test_the_links_have_the_names_in_the_design(model, field, points_to):
    assert model._meta.get_field(field).related_model is points_to


def test_a_membership_has_a_role():
    assert Membership._meta.get_field("role").concrete


@pytest.mark.parametrize(
    "app_label, model_name",
    [
        ("regions", "Kecamatan"),
        ("regions", "Kelurahan"),
        ("companies", "Organization"),
        ("companies", "Sector"),
        ("companies", "ContactPerson"),
        ("companies", "Membership"),
        ("programs", "Theme"),
        ("programs", "Opportunity"),
        ("programs", "Commitment"),
        ("programs", "Realization"),
        ("programs", "ReportingPeriod"),
        ("events", "Event"),
        ("events", "Registration"),
    ],
)
def test_each_model_in_the_design_lives_in_its_app(app_label, model_name):
    # get_model ignores case, so the exact spelling is checked on the class itself.
    assert apps.get_model(app_label, model_name).__name__ == model_name


# --- the Bappeda group -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_bappeda_group_exists_after_migrations_with_the_workflow_permissions():
    group = Group.objects.get(name="Bappeda")
    held = set(group.permissions.values_list("content_type__app_label", "codename").order_by())
    assert {
        ("programs", "publish_opportunity"),
        ("programs", "approve_commitment"),
        ("programs", "verify_realization"),
        ("companies", "change_organization"),
    } <= held


@pytest.mark.django_db
def test_a_staff_member_in_the_bappeda_group_may_publish_approve_and_verify(staff):
    assert can_publish(staff)
    assert can_approve(staff)
    assert can_verify(staff)


@pytest.mark.django_db
def test_an_admin_user_outside_the_bappeda_group_may_not_approve(agency_officer):
    agency_officer.is_staff = True
    agency_officer.save()
    assert not can_approve(agency_officer)
