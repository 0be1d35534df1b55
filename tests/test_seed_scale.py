"""seed_scale: benchmark data that is deterministic, fictional and consistent with the ledger."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q

from companies.models import Organization
from programs.models import Commitment, Opportunity, Realization
from tests.factories import make_company, make_user

SMALL = ["--organizations", "30", "--opportunities", "60", "--commitments", "200"]
SMALL += ["--realizations", "80"]


def seed_scale(*args):
    out = StringIO()
    call_command("seed_scale", *SMALL, *args, stdout=out)
    return out.getvalue()


def by_status(model):
    return dict(model.objects.values_list("status").annotate(n=Count("pk")).order_by())


def fingerprint():
    """What a seed produced, without primary keys (sequences do not roll back)."""
    return {
        "organizations": sorted(Organization.objects.values_list("slug", "kind", "is_active")),
        "needs": sorted(
            Opportunity.objects.values_list("title", "agency__slug", "status", "budget")
        ),
        "pledges": sorted(
            Commitment.objects.values_list(
                "partner__slug", "title", "status", "value", "start_date"
            )
        ),
        "reports": sorted(
            Realization.objects.values_list("commitment__partner__slug", "status", "value", "date")
        ),
    }


def seeded_and_undone(*args):
    with transaction.atomic():
        seed_scale(*args)
        counts = [by_status(model) for model in (Opportunity, Commitment, Realization)]
        found = fingerprint()
        transaction.set_rollback(True)
    return counts, found


def test_makes_the_numbers_asked_for_spread_over_statuses_years_themes_and_places(db):
    output = seed_scale()
    assert "seed_scale finished in" in output
    scale_orgs = Organization.objects.filter(slug__startswith="contoh-skala-")
    assert scale_orgs.count() == 30
    assert set(scale_orgs.values_list("kind", flat=True)) == set(Organization.Kind)
    assert Opportunity.objects.count() == 60
    assert Commitment.objects.count() == 200
    assert Realization.objects.count() == 80
    assert set(by_status(Opportunity)) == set(Opportunity.Status)
    assert set(by_status(Commitment)) == set(Commitment.Status)
    assert {"verified", "submitted"} <= set(by_status(Realization))
    years = set(Commitment.objects.values_list("start_date__year", flat=True))
    assert min(years) >= 2019 and max(years) <= 2026 and len(years) >= 5
    assert set(Opportunity.objects.values_list("year", flat=True)) <= set(range(2019, 2027))
    assert Commitment.objects.values("theme").distinct().count() == 7
    assert Commitment.objects.values("kecamatan").distinct().count() >= 8


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(db):
    first_counts, first = seeded_and_undone("--seed", "7")
    second_counts, second = seeded_and_undone("--seed", "7")
    other_counts, other = seeded_and_undone("--seed", "8")
    assert first_counts == second_counts
    assert first == second
    assert other != first


def test_every_organisation_it_invents_is_marked_and_named_as_fictional(db):
    seed_scale()
    invented = Organization.objects.filter(slug__startswith="contoh-skala-")
    assert not invented.filter(is_demo=False).exists()
    for name in invented.values_list("name", flat=True):
        assert "Contoh Skala" in name and "(Demo)" in name
    # Real agencies and zakat institutions from the reference data get no invented need or pledge.
    real = Organization.objects.filter(is_demo=False)
    assert real.exists()
    assert not Opportunity.objects.filter(agency__in=real).exists()
    assert not Commitment.objects.filter(Q(partner__in=real) | Q(agency__in=real)).exists()
    assert not Opportunity.objects.exclude(title__endswith="(Contoh skala)").exists()


def test_the_ledger_is_consistent_as_if_the_workflow_had_made_it(db):
    seed_scale()
    needs = Opportunity.objects.with_ledger()
    covered = needs.filter(status__in=["fully_committed", "completed"])
    assert covered.exists()
    # Nothing missing on a fully committed or completed need, and nothing pledged twice over.
    assert not covered.filter(~Q(gap_value=0) | (Q(quantity__isnull=False) & ~Q(gap_quantity=0)))
    # An open need still misses something, else it would be fully committed.
    open_needs = needs.filter(status="published")
    assert open_needs.exists()
    assert not open_needs.filter(gap_value__lte=0).filter(
        Q(quantity__isnull=True) | Q(gap_quantity__lte=0)
    )
    assert not Commitment.objects.filter(opportunity__status__in=["draft", "submitted"]).exists()
    withdrawn = Commitment.objects.filter(opportunity__status="withdrawn")
    assert not withdrawn.exclude(status__in=["rejected", "cancelled"]).exists()
    completed = Commitment.objects.filter(opportunity__status="completed")
    assert not completed.exclude(status__in=["realized", "rejected", "cancelled"]).exists()


def test_reports_only_on_pledges_under_way_and_verified_ones_are_signed_off(db):
    seed_scale()
    assert not Realization.objects.exclude(
        commitment__status__in=["in_progress", "realized"]
    ).exists()
    assert not Commitment.objects.filter(status="realized").exclude(realizations__status="verified")
    signed = Realization.objects.filter(status__in=["confirmed", "verified"])
    assert signed.exists()
    assert not signed.filter(Q(bast_number="") | Q(bast_date__isnull=True)).exists()
    assert not Realization.objects.filter(status="verified", verified_at__isnull=True).exists()
    assert not Commitment.objects.filter(status="rejected", rejection_reason="").exists()


def test_partners_and_agencies_are_of_the_right_kind_and_money_is_never_negative(db):
    seed_scale()
    assert not Commitment.objects.exclude(
        partner__kind__in=["company", "zakat_institution"]
    ).exists()
    assert not Commitment.objects.exclude(
        Q(agency__isnull=True) | Q(agency__kind="regional_agency")
    ).exists()
    assert not Opportunity.objects.exclude(agency__kind="regional_agency").exists()
    assert not Opportunity.objects.filter(budget__lt=0).exists()
    assert not Commitment.objects.filter(value__lt=0).exists()
    assert not Realization.objects.filter(value__lt=0).exists()


@pytest.mark.parametrize("existing", [make_user, make_company])
def test_refuses_a_database_that_holds_other_data_unless_forced(db, existing):
    existing()
    with pytest.raises(CommandError, match="not empty"):
        seed_scale()
    assert not Opportunity.objects.exists()
    seed_scale("--force")
    assert Commitment.objects.count() == 200


def test_a_second_forced_run_adds_new_organisations_next_to_the_first(db):
    seed_scale()
    seed_scale("--force")
    assert Organization.objects.filter(slug__startswith="contoh-skala-").count() == 60
    assert Commitment.objects.count() == 400
