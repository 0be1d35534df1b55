"""A backup made by backup_db brings every row back with restore_db, on SQLite and PostgreSQL."""

import gzip
import io
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from companies.models import Organization
from events.models import Event
from programs import services
from programs.models import (
    Commitment,
    Evidence,
    LedgerCell,
    LedgerChange,
    LedgerOpenNeeds,
    LedgerPartner,
    Opportunity,
)
from tests.factories import (
    make_commitment,
    make_event,
    make_member,
    make_opportunity,
    make_realization,
    make_registration,
    make_staff,
)

pytestmark = pytest.mark.django_db

LEFT_OUT = {"contenttypes", "sessions", "axes"}
# The ledger's totals are not kept: they are summed again after a restore.
LEFT_OUT_MODELS = {Permission, LedgerCell, LedgerPartner, LedgerOpenNeeds, LedgerChange}


def _kept_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in LEFT_OUT and model not in LEFT_OUT_MODELS
    ]


def _backup(path):
    call_command("backup_db", str(path), stdout=io.StringIO())


def _restore(path):
    call_command("restore_db", str(path), "--noinput", stdout=io.StringIO())


def _counts():
    return {model._meta.label: model._base_manager.count() for model in _kept_models()}


@pytest.fixture
def portal(company_a, agency, partner_a):
    """A little of everything: needs, pledges with history, a report, evidence, an event."""
    staff = make_staff(username="siti")
    need = make_opportunity(agency=agency, title="Ambulans desa – Kelurahan Beji", budget=950_000)
    pledge = make_commitment(partner=company_a, opportunity=need, value=500_000)
    services.commitment_approve(commitment=pledge, actor=staff)
    report = make_realization(commitment=pledge, narrative="Diserahkan.")
    Evidence.objects.create(realization=report, file="evidence/2026/06/a.jpg")
    event = make_event(name="Gathering CSR 2026")
    event.announced_commitments.add(pledge)
    make_registration(event=event, organization=company_a)
    make_member(agency, username="officer2")
    Group.objects.create(name="Tamu").permissions.add(
        Permission.objects.get(codename="view_organization")
    )
    return {"need": need, "pledge": pledge, "event": event, "staff": staff}


def test_a_restored_backup_holds_every_row_as_it_was(portal, tmp_path):
    backup = tmp_path / "cadangan.json.gz"
    _backup(backup)
    before = _counts()
    pledge_history = list(
        portal["pledge"].history.values_list("history_id", "status", "history_user")
    )
    # Everything after the backup is lost by restoring it, as it should be.
    make_opportunity(title="Sesudah cadangan")
    Organization.objects.filter(pk=portal["need"].agency_id).update(name="Diubah sesudahnya")

    _restore(backup)

    assert _counts() == before
    filled = [label for label, count in before.items() if count]
    assert {
        "companies.Organization",
        "companies.HistoricalOrganization",
        "programs.Commitment",
        "programs.HistoricalCommitment",
        "programs.Evidence",
        "events.HistoricalEvent_announced_commitments",
        "events.Registration",
    } <= set(filled)
    need = Opportunity.objects.get(pk=portal["need"].pk)
    assert (need.title, need.budget) == ("Ambulans desa – Kelurahan Beji", 950_000)
    assert need.agency.name == "Dinas Sosial Contoh"
    pledge = Commitment.objects.get(pk=portal["pledge"].pk)
    assert (pledge.status, pledge.value, pledge.status_changed_by) == (
        "approved",
        500_000,
        portal["staff"],
    )
    assert list(pledge.history.values_list("history_id", "status", "history_user")) == (
        pledge_history
    )
    assert list(Event.objects.get().announced_commitments.all()) == [pledge]
    assert list(Group.objects.get(name="Tamu").permissions.values_list("codename")) == [
        ("view_organization",)
    ]
    assert portal["staff"].groups.filter(name="Bappeda").exists()
    assert Evidence.objects.get().file.name == "evidence/2026/06/a.jpg"
    assert not Opportunity.objects.filter(title="Sesudah cadangan").exists()


def test_new_rows_after_a_restore_get_new_ids(portal, tmp_path):
    backup = tmp_path / "cadangan.json.gz"
    _backup(backup)
    highest = Opportunity.objects.order_by("-pk").first().pk
    _restore(backup)

    assert make_opportunity().pk > highest


def test_a_backup_is_gzipped_json_without_content_types_permissions_or_sessions(portal, tmp_path):
    backup = tmp_path / "cadangan.json.gz"
    _backup(backup)

    with gzip.open(backup, "rt") as stream:
        rows = json.load(stream)
    models = {row["model"] for row in rows}
    assert {"companies.organization", "programs.historicalcommitment", "auth.group"} <= models
    assert not models & {"contenttypes.contenttype", "auth.permission", "sessions.session"}
    # Permissions are named, not numbered, so another database's own ids fit.
    tamu = next(row for row in rows if row["fields"].get("name") == "Tamu")
    assert tamu["fields"]["permissions"] == [["view_organization", "companies", "organization"]]


def test_a_broken_backup_restores_nothing_and_changes_nothing(portal, tmp_path):
    backup = tmp_path / "rusak.json.gz"
    with gzip.open(backup, "wt") as stream:
        stream.write('[{"model": "programs.opportunity", "pk": 1, "fields": {"nope": 1}}')
    before = _counts()

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore_db", str(backup), "--noinput")

    assert _counts() == before


def test_restoring_asks_first_and_a_no_changes_nothing(portal, tmp_path, monkeypatch):
    backup = tmp_path / "cadangan.json.gz"
    _backup(backup)
    make_opportunity(title="Sesudah cadangan")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore_db", str(backup))

    assert Opportunity.objects.filter(title="Sesudah cadangan").exists()


def test_dated_backups_go_to_the_data_folder_and_only_the_newest_are_kept(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20260101-010000", "20260102-010000", "20260103-010000"):
        (folder / f"depok_csr-{stamp}.json.gz").write_bytes(b"")

    call_command("backup_db", "--keep", "2", stdout=io.StringIO())

    kept = sorted(path.name for path in folder.iterdir())
    assert len(kept) == 2
    assert kept[0] == "depok_csr-20260103-010000.json.gz"
    assert kept[1].startswith("depok_csr-2") and kept[1] > kept[0]
