"""Organisations, needs, pledges, reports and evidence are never deleted; every edit is kept."""

import pytest
from django.contrib.auth.models import Permission
from django.db.models import ProtectedError

from accounts.models import User
from companies.models import Organization
from depok_csr.records import RecordKept
from programs.models import Commitment, Evidence, Opportunity, Realization
from tests import factories
from tests.admin_helpers import admin_url, messages_of, run_action

pytestmark = pytest.mark.django_db


def _make_evidence():
    return Evidence.objects.create(
        realization=factories.make_realization(), file="evidence/2026/06/foto.jpg"
    )


KEPT = {
    Organization: factories.make_company,
    Opportunity: factories.make_opportunity,
    Commitment: factories.make_commitment,
    Realization: factories.make_realization,
    Evidence: _make_evidence,
}


def _id(model):
    return model._meta.label


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "a long password 123")


@pytest.mark.parametrize("model", KEPT, ids=_id)
def test_a_kept_record_refuses_to_be_deleted_and_says_what_to_do(model):
    obj = KEPT[model]()

    with pytest.raises(RecordKept, match="archive, withdraw, cancel or return them"):
        obj.delete()
    with pytest.raises(ProtectedError):  # what code that deletes with care already catches
        model.objects.filter(pk=obj.pk).delete()

    assert model.objects.filter(pk=obj.pk).exists()


def test_deleting_no_rows_is_no_error():
    assert Commitment.objects.none().delete() == (0, {})


@pytest.mark.parametrize("model", KEPT, ids=_id)
@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_nobody_deletes_them_in_the_admin(client, request, model, who):
    obj = KEPT[model]()
    client.force_login(request.getfixturevalue(who))

    changelist = client.get(admin_url(model, "changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
    assert client.get(admin_url(model, "delete", obj.pk)).status_code == 403
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert (
        admin_url(model, "delete", obj.pk)
        not in client.get(admin_url(model, "change", obj.pk)).content.decode()
    )
    assert model.objects.filter(pk=obj.pk).exists()


def test_staff_archive_an_organisation_instead_and_its_history_says_who(client, staff):
    company = factories.make_company(name="PT Tutup Buku")
    client.force_login(staff)

    response = run_action(client, Organization, "archive_organizations", [company])

    assert messages_of(response) == ["1 of 1 selected organizations done."]
    company.refresh_from_db()
    assert not company.is_active
    latest = company.history.first()
    assert (latest.is_active, latest.history_user) == (False, staff)


def test_archiving_twice_is_refused_and_names_the_organisation(client, staff):
    company = factories.make_company(name="PT Tutup Buku", is_active=False)
    client.force_login(staff)

    response = run_action(client, Organization, "archive_organizations", [company])

    assert "PT Tutup Buku is archived already." in " ".join(messages_of(response))


def test_archiving_takes_the_right_to_change_organisations(client, staff):
    company = factories.make_company()
    staff.groups.clear()
    staff.user_permissions.add(Permission.objects.get(codename="view_organization"))
    client.force_login(staff)

    changelist = client.get(admin_url(Organization, "changelist")).content.decode()

    assert "archive_organizations" not in changelist
    company.refresh_from_db()
    assert company.is_active


EDITS = {
    Organization: ("description", "Profil baru."),
    Opportunity: ("title", "Ambulans desa (diperbarui)"),
    Commitment: ("title", "Dua ambulans (diperbarui)"),
    Realization: ("narrative", "Diserahkan di Balai Kota."),
}


@pytest.mark.parametrize("model", EDITS, ids=_id)
def test_every_edit_leaves_a_history_row_with_the_earlier_version(model):
    obj = KEPT[model]()
    field, value = EDITS[model]
    before = getattr(obj, field)
    rows = obj.history.count()

    setattr(obj, field, value)
    obj.save()

    assert obj.history.count() == rows + 1
    assert getattr(obj.history.first(), field) == value
    assert getattr(obj.history.all()[1], field) == before
