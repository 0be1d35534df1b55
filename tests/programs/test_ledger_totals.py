"""The ledger's kept totals (programs/ledger.py): after every step of the workflow they equal
the live sums, and the statistics page, the home page, the pledge list and the API show the new
figures at once, with the page cache on and off."""

import io
import re
import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.services import organization_archive
from programs import ledger, services
from programs.models import Commitment, LedgerChange, Opportunity, Realization
from tests.admin_helpers import admin_url, messages_of, run_action
from tests.factories import (
    make_commitment,
    make_kecamatan,
    make_opportunity,
    make_realization,
    make_theme,
    make_zakat_institution,
)
from tests.programs.test_concurrency import migration_data_put_back  # noqa: F401 - a fixture
from tests.programs.test_views_statistics import known_data  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

Status = Commitment.Status
THIS_YEAR = timezone.localdate().year


def _cell_order(cell):
    return (cell["theme"], cell["year"], cell["kecamatan"] or 0, cell["partner_kind"])


def live_sums() -> dict:
    """What the pages showed before the ledger was kept: summed from the sources now."""
    return {
        "pledged": sorted(ledger.live_pledged_cells(), key=_cell_order),
        "realized": sorted(ledger.live_realized_cells(), key=_cell_order),
        "open_needs": ledger.live_open_needs_by_theme(),
        "top": ledger.live_top_partners(10),
    }


def kept_sums() -> dict:
    """What the summary tables hold; they must be current to be read."""
    assert ledger.is_current()
    kept = ledger.Summary(current=True)
    return {
        "pledged": sorted(kept.pledged_cells(), key=_cell_order),
        "realized": sorted(kept.realized_cells(), key=_cell_order),
        "open_needs": kept.open_needs_by_theme(),
        "top": kept.top_partners(10),
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a step and then what its commit runs (the ledger's refresh, the cache's bump)."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


def _admin_change(client, obj, **changes):
    """Save `obj`'s admin change form as shown, with `changes`, the way a browser does."""
    url = admin_url(type(obj), "change", obj.pk)
    page = client.get(url)
    data = {}
    forms = [(page.context["adminform"].form, None)]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append((formset.management_form, None))
        forms += [(form, None) for form in formset.forms]
    for form, _ in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_after_every_step_of_the_workflow_the_kept_totals_are_the_live_sums(
    committed, client, staff, agency, agency_officer, company_a
):
    beji = make_kecamatan(name="Beji")
    water = make_theme(short_name_en="Water")
    zakat = make_zakat_institution(name="LAZ Peduli")
    need = make_opportunity(agency=agency, theme=water, kecamatan=beji, status="submitted")

    committed(services.opportunity_publish, opportunity=need, actor=staff)
    assert kept_sums() == live_sums()
    assert kept_sums()["open_needs"] == {
        water.pk: {"count": 1, "budget": 100_000_000, "pledged": 0}
    }

    pledge = committed(
        make_commitment, opportunity=need, partner=company_a, value=30_000_000, kecamatan=beji,
        start_date=date(2025, 3, 1), end_date=date(2025, 12, 31),
    )  # fmt: skip
    other = committed(make_commitment, theme=water, partner=zakat, value=20_000_000)
    assert kept_sums() == live_sums() and kept_sums()["pledged"] == []

    committed(services.commitment_approve, commitment=pledge, actor=staff)
    committed(services.commitment_approve, commitment=other, actor=staff)
    assert kept_sums() == live_sums()
    assert sum(cell["total"] for cell in kept_sums()["pledged"]) == 50_000_000
    assert kept_sums()["open_needs"][water.pk]["pledged"] == 30_000_000

    report = committed(
        make_realization, commitment=pledge, value=12_000_000, date=date(2026, 2, 1),
        status=Realization.Status.CONFIRMED,
    )  # fmt: skip
    assert kept_sums()["realized"] == []
    committed(services.realization_verify, realization=report, actor=staff)
    assert kept_sums() == live_sums()
    assert [(c["year"], c["total"]) for c in kept_sums()["realized"]] == [(2026, 12_000_000)]

    # Bappeda moves the approved pledge's period to another year in the admin.
    client.force_login(staff)
    committed(_admin_change, client, pledge, start_date="2024-03-01")
    assert kept_sums() == live_sums()
    years = {cell["year"]: cell["total"] for cell in kept_sums()["pledged"]}
    assert years[2024] == 30_000_000 and 2025 not in years

    committed(services.opportunity_complete, opportunity=need, actor=agency_officer)
    assert kept_sums() == live_sums() and kept_sums()["open_needs"] == {}

    committed(services.commitment_cancel, commitment=other, actor=staff, reason="Batal")
    assert kept_sums() == live_sums()
    assert [cell["total"] for cell in kept_sums()["pledged"]] == [30_000_000]

    # An organisation is no source of the sums: its archiving shows through the live join.
    assert [row["name"] for row in kept_sums()["top"]] == [company_a.name]
    committed(organization_archive, organization=company_a, actor=staff)
    assert kept_sums() == live_sums() and kept_sums()["top"] == []


def test_a_change_waiting_for_the_ledger_is_summed_live_until_it_is_summed_again(client):
    pledge = make_commitment(status=Status.APPROVED, value=40_000_000)
    ledger.rebuild()
    # A bulk update sends no signal: nothing sums the ledger again when it commits...
    Commitment.objects.filter(pk=pledge.pk).update(value=45_000_000)

    # ...but the database marked the change, so the figures are summed live meanwhile.
    assert not ledger.is_current()
    assert client.get("/api/statistics").json()["pledged"] == 45_000_000
    out = io.StringIO()
    call_command("rebuild_ledger", stdout=out)
    assert "a change was waiting" in out.getvalue()
    assert ledger.is_current() and kept_sums() == live_sums()
    assert client.get("/api/statistics").json()["pledged"] == 45_000_000


def test_a_change_rolled_back_leaves_the_ledger_current(db):
    pledge = make_commitment(status=Status.APPROVED)
    ledger.rebuild()

    with pytest.raises(RuntimeError), transaction.atomic():
        Commitment.objects.filter(pk=pledge.pk).update(value=1)
        assert not ledger.is_current()
        raise RuntimeError

    assert ledger.is_current()


def test_every_source_table_marks_its_changes(db):
    need = make_opportunity(status=Opportunity.Status.PUBLISHED)
    pledge = make_commitment(opportunity=need, status=Status.APPROVED)
    report = make_realization(commitment=pledge, status=Realization.Status.VERIFIED)
    for row in (need, pledge, report):
        ledger.rebuild()
        type(row).objects.filter(pk=row.pk).update(id=row.pk)
        assert LedgerChange.objects.exists(), type(row)


def test_writes_to_rows_the_ledger_does_not_sum_leave_it_current(db):
    """A pledge proposed, a report submitted, a need drafted: no figure changes, so the writer
    pays no rebuild, and the pages keep reading the kept totals."""
    need = make_opportunity(status=Opportunity.Status.SUBMITTED)
    report = make_realization(status=Realization.Status.SUBMITTED)
    ledger.rebuild()

    pledge = make_commitment(status=Status.PROPOSED, value=7_000_000)
    for row in (need, pledge, report):
        type(row).objects.filter(pk=row.pk).update(id=row.pk)
    Commitment.objects.filter(pk=pledge.pk).update(value=8_000_000)
    assert ledger.is_current()

    # A row coming into the sums marks its change, and so does one leaving them.
    Commitment.objects.filter(pk=pledge.pk).update(status=Status.APPROVED)
    assert not ledger.is_current()
    ledger.rebuild()
    Commitment.objects.filter(pk=pledge.pk).update(status=Status.CANCELLED)
    assert not ledger.is_current()
    ledger.rebuild()
    assert kept_sums() == live_sums()


def test_a_refresh_sums_again_the_tables_that_read_what_changed(db):
    need = make_opportunity(status=Opportunity.Status.PUBLISHED, budget=100_000_000)
    pledge = make_commitment(status=Status.APPROVED, value=10_000_000)
    ledger.rebuild()

    Opportunity.objects.filter(pk=need.pk).update(budget=120_000_000)
    with CaptureQueriesContext(connection) as queries:
        assert ledger.refresh()
    assert kept_sums() == live_sums()
    assert kept_sums()["open_needs"][need.theme_id]["budget"] == 120_000_000
    # The cells and the partners read no need: they are not summed again.
    written = " ".join(query["sql"] for query in queries.captured_queries)
    assert "programs_ledgeropenneeds" in written
    assert "programs_ledgercell" not in written and "programs_ledgerpartner" not in written

    # A need and a pledge changed before the same refresh: both show.
    Opportunity.objects.filter(pk=need.pk).update(budget=130_000_000)
    Commitment.objects.filter(pk=pledge.pk).update(value=11_000_000)
    assert ledger.refresh() and kept_sums() == live_sums()
    assert kept_sums()["open_needs"][need.theme_id]["budget"] == 130_000_000
    assert [cell["total"] for cell in kept_sums()["pledged"]] == [11_000_000]
    assert kept_sums()["top"][0]["pledged"] == 11_000_000


def test_deleting_summed_rows_marks_the_change_and_other_rows_do_not(db):
    # Pledges and reports are records the portal keeps (records.py); SQL can still delete them.
    kept = make_realization(status=Realization.Status.VERIFIED)
    submitted = make_realization(status=Realization.Status.SUBMITTED)
    ledger.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM programs_realization WHERE id = %s", [submitted.pk])
        assert ledger.is_current()
        cursor.execute("DELETE FROM programs_realization WHERE id = %s", [kept.pk])
        assert not ledger.is_current()
        if connection.vendor == "postgresql":  # SQLite has no TRUNCATE
            ledger.rebuild()
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no checks waiting on the table
            cursor.execute("TRUNCATE programs_realization CASCADE")
            assert not ledger.is_current()


def _figures(client):
    """The pledged total as the statistics page, the API, the home page and the list show it."""
    statistics = client.get(reverse("programs:statistics")).content.decode()
    home = client.get(reverse("home")).content.decode()
    pledges = client.get(reverse("programs:commitment_list")).content.decode()
    api = client.get("/api/statistics").json()
    return statistics, home, pledges, api


@pytest.mark.parametrize("page_cache", [True, False], ids=["page-cache-on", "page-cache-off"])
def test_an_approval_shows_at_once_on_every_page_that_sums_pledges(
    committed, client, settings, staff, page_cache
):
    settings.PAGE_CACHE = page_cache
    old = make_commitment(
        status=Status.APPROVED, value=11_000_000, start_date=date(THIS_YEAR, 1, 1)
    )
    pledge = make_commitment(value=22_000_000, start_date=date(THIS_YEAR, 2, 1))
    ledger.rebuild()
    statistics, home, pledges, api = _figures(client)  # cached, when the cache is on
    assert "Rp 11.000.000" in statistics and "Rp 11.000.000" in home
    assert "Rp 11.000.000" in pledges and api["pledged"] == 11_000_000

    committed(services.commitment_approve, commitment=pledge, actor=staff)

    assert ledger.is_current()
    statistics, home, pledges, api = _figures(client)
    assert "Rp 33.000.000" in statistics and "Rp 33.000.000" in home
    assert "Rp 33.000.000" in pledges and api["pledged"] == 33_000_000
    assert old.partner.name in statistics and pledge.partner.name in statistics


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"theme": "air"},
        {"year": "2025"},
        {"partner_kind": "zakat_institution"},
        {"theme": "air", "year": "2024", "kecamatan": "beji", "sort": "value"},
        {"year": "1999"},  # refused by the form: no filter, like the list itself
        {"status": "approved"},
        {"q": "sumur"},
        {"q": "sumur", "theme": "air"},
    ],
)
def test_the_pledge_list_totals_are_those_of_the_pledges_it_lists(client, settings, query):
    settings.PAGE_CACHE = False  # both answers rendered
    water = make_theme(slug="air")
    beji = make_kecamatan(name="Beji", slug="beji")
    zakat = make_zakat_institution()
    rows = [
        {"theme": water, "kecamatan": beji, "start_date": date(2024, 5, 1), "title": "Sumur bor"},
        {"theme": water, "partner": zakat, "start_date": date(2025, 1, 1)},
        {"status": Status.IN_PROGRESS, "start_date": date(2025, 7, 1), "title": "Sumur"},
        {"theme": water, "kecamatan": beji, "start_date": date(2024, 9, 1), "value": 7_000_000},
    ]
    for n, fields in enumerate(rows, start=1):
        make_commitment(**{"status": Status.APPROVED, "value": n * 1_000_000, **fields})
    make_commitment(theme=water, status=Status.PROPOSED, value=50_000_000)

    def shown():
        response = client.get(reverse("programs:commitment_list"), query)
        assert response.status_code == 200
        return response.context["totals"], response.context["page_obj"].paginator.count

    live = shown()  # a change waits for the ledger: summed from the pledges
    ledger.rebuild()
    with CaptureQueriesContext(connection) as queries:
        kept = shown()

    assert kept == live and live[0]["count"] == live[1]
    summed_pledges = [
        q for q in queries if "SUM(" in q["sql"] and "programs_commitment" in q["sql"]
    ]
    uses_cells = not ({"q", "status"} & query.keys())
    assert bool(summed_pledges) != uses_cells


def test_seed_scale_leaves_the_ledger_summed(db):
    call_command(
        "seed_scale", organizations=30, opportunities=40, commitments=120, realizations=60,
        stdout=io.StringIO(),
    )  # fmt: skip

    assert kept_sums() == live_sums() and kept_sums()["pledged"]


def test_a_restored_backup_has_its_ledger_summed(committed, staff, tmp_path):
    pledge = make_commitment(value=25_000_000)
    committed(services.commitment_approve, commitment=pledge, actor=staff)
    backup = tmp_path / "cadangan.json.gz"
    call_command("backup_db", str(backup), stdout=io.StringIO())
    Commitment.objects.filter(pk=pledge.pk).update(value=1)
    ledger.rebuild()

    call_command("restore_db", str(backup), "--noinput", stdout=io.StringIO())

    assert kept_sums() == live_sums()
    assert sum(cell["total"] for cell in kept_sums()["pledged"]) == 25_000_000


def test_statistics_read_from_the_kept_totals_run_fewer_queries(client, django_assert_num_queries):
    theme = make_theme()
    need = make_opportunity(theme=theme, status=Opportunity.Status.PUBLISHED)
    make_commitment(opportunity=need, status=Status.APPROVED)
    with CaptureQueriesContext(connection) as live:
        client.get(reverse("programs:statistics"))
    ledger.rebuild()

    with django_assert_num_queries(len(live) - 2):
        client.get(reverse("programs:statistics"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migration_data_put_back")
def test_an_admin_action_on_many_pledges_sums_the_ledger_once_when_it_is_done(
    client, staff, monkeypatch
):
    pledges = [make_commitment(value=n * 1_000_000) for n in (1, 2, 3)]
    ledger.rebuild()
    rebuilds = []
    real = ledger.rebuild
    monkeypatch.setattr(ledger, "rebuild", lambda **how: rebuilds.append(real(**how)))
    client.force_login(staff)
    client.cookies["django_language"] = "en"

    response = run_action(client, Commitment, "approve_commitments", pledges)

    assert messages_of(response) == ["3 of 3 selected commitments done."]
    assert len(rebuilds) == 1  # three transactions, one request
    assert kept_sums() == live_sums()
    assert sum(cell["total"] for cell in kept_sums()["pledged"]) == 6_000_000


@pytest.mark.parametrize("page_cache", [True, False], ids=["page-cache-on", "page-cache-off"])
def test_a_need_published_and_closed_shows_at_once_in_the_home_page_counts(
    committed, client, settings, staff, agency, page_cache
):
    settings.PAGE_CACHE = page_cache
    client.cookies["django_language"] = "en"
    theme = make_theme(name_en="Clean water")
    need = make_opportunity(theme=theme, agency=agency, status="submitted")
    make_opportunity(theme=theme, agency=agency)
    ledger.rebuild()

    def open_counts():
        html = client.get(reverse("home")).content.decode()
        total = re.search(r"<dt>Needs open for pledges</dt>\s*<dd><a[^>]*>(\d+)</a>", html)
        of_theme = re.search(r"Clean water</a>\s*<span[^>]*>(\d+) open need", html)
        return int(total.group(1)), int(of_theme.group(1))

    assert open_counts() == (1, 1)
    committed(services.opportunity_publish, opportunity=need, actor=staff)
    assert ledger.is_current() and open_counts() == (2, 2)
    committed(services.opportunity_complete, opportunity=need, actor=staff)
    assert ledger.is_current() and open_counts() == (1, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migration_data_put_back")
def test_a_rebuild_while_a_change_is_being_written_never_loses_that_change():
    pledge = make_commitment(status=Status.APPROVED, value=10_000_000)
    ledger.rebuild()
    written, release = threading.Event(), threading.Event()

    def in_own_connection(step):
        def run():
            try:
                step()
            finally:
                connection.close()

        return threading.Thread(target=run)

    def write():
        with transaction.atomic():
            Commitment.objects.filter(pk=pledge.pk).update(value=99_000_000)
            written.set()
            release.wait(timeout=10)

    writer = in_own_connection(write)
    writer.start()
    assert written.wait(timeout=10)
    if connection.vendor == "postgresql":
        ledger.rebuild()  # neither waits for the writer nor sees its change
        assert ledger.is_current()
        release.set()
        writer.join(timeout=10)
        assert not ledger.is_current()  # the committed change kept its mark
    else:
        # SQLite writes one transaction at a time: the rebuild waits for the writer to commit,
        # then sums what it wrote.
        rebuilder = in_own_connection(ledger.rebuild)
        rebuilder.start()
        release.set()
        writer.join(timeout=10)
        rebuilder.join(timeout=10)
        assert not rebuilder.is_alive()

    assert ledger.summary().pledged_cells()[0]["total"] == 99_000_000
    ledger.refresh()
    assert ledger.is_current() and kept_sums() == live_sums()


STATISTICS_PAGES = [
    reverse("programs:statistics"),
    reverse("home"),
    *(
        f"/api/statistics{path}"
        for path in ("", "/themes", "/years", "/kecamatan", "/partner-kinds")
    ),
]


@pytest.mark.usefixtures("known_data")
def test_the_pages_show_the_same_figures_from_the_kept_totals_as_summed_live(client, settings):
    settings.PAGE_CACHE = False
    make_commitment(status=Status.APPROVED, value=9_000_000, theme=make_theme(), kecamatan=None)
    assert not ledger.is_current()
    live = [client.get(url).content for url in STATISTICS_PAGES]

    ledger.rebuild()

    assert [client.get(url).content for url in STATISTICS_PAGES] == live
    assert b"Rp 9.000.000" in live[0]  # the city-wide pledge, among others
