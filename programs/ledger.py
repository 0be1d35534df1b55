"""
The ledger's totals, summed once per change instead of once per page.

The statistics page, the home page's figures, the pledge list's totals and the API's statistics
add up the public pledges and the verified reports per theme, year, kecamatan and kind of
partner, the open needs per theme and each partner's pledges. Summing 100,000 pledges and
50,000 reports for every request cost ~100 ms of database time (bench/README.md); the sums
are kept instead in four small tables (LedgerCell, LedgerPartner, LedgerOpenNeeds and
LedgerChange, in models.py), rebuilt from the source tables by `rebuild()`.

Why a page never shows a stale figure:

- Database triggers on the source tables (pledges, reports, needs) add a LedgerChange row in
  the transaction that writes them, whatever writes them: a service, the admin, an import,
  a bulk insert or update, raw SQL. A change and its mark are committed together or not at all.
  Only rows the sums read count (a counted pledge, a verified report, a published need, before
  or after the write: SUMMED_STATUSES): a write that leaves every row it touched outside the
  sums cannot change them, and marks nothing.
- The summary is read only when there is no LedgerChange row (`Summary.current`); otherwise
  the figures are summed live, from the same grouped queries a rebuild runs. Both ways give
  the same numbers, by construction.
- `rebuild()` deletes the marks *first*, then sums the sources, in one transaction: every
  change whose mark it deleted was committed before the sums were read, so it is in them. A
  change still being written keeps its mark (or adds it after). After a change (`refresh`) it
  sums again only the summary tables that read a table marked (a need published leaves the
  cells alone): the others hold every change whose mark is gone already. Rebuilds take a lock so two
  cannot interleave (PostgreSQL: an advisory lock; SQLite writes one transaction at a time).
- Marks are rows inserted, not one row updated, so writers never wait for each other or for
  a rebuild on them.

Who rebuilds: a transaction that saved or deleted a pledge, report or need through the ORM
refreshes when it commits (`schedule_refresh`), or, in a request, when the view is done
(`RefreshAfterRequestMiddleware`): it rebuilds if a change is marked. So do `migrate` and the
bulk commands (seed_scale, seed_demo, restore_db). A write that sends no signals (bulk update,
raw SQL) leaves the figures live, and correct, until the next rebuild: `manage.py
rebuild_ledger` does one, and a nightly run is a cheap safety net. A rebuild runs in the
database (INSERT ... SELECT): ~130 ms of database time and no rows in Python at 100,000
pledges.

Organisations and themes are not sources: a partner's kind cannot change while it has pledges
(table_rules.py), and names, the active flag and the order of themes are read live with the
summary.
"""

import logging
from contextvars import ContextVar
from functools import cached_property

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Count, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from companies.models import Organization

from .models import (
    Commitment,
    LedgerCell,
    LedgerChange,
    LedgerOpenNeeds,
    LedgerPartner,
    Opportunity,
    Realization,
    sum_of,
)

logger = logging.getLogger(__name__)

CELL_KEYS = ("theme", "year", "kecamatan", "partner_kind")
SUMS = ("commitments", "pledged", "realizations", "realized")
# pg_advisory_xact_lock's key: any number no other part of the portal uses.
LOCK_KEY = 7_301_000_001


# --- the live sums: what a rebuild stores, and what pages show while it is out of date -------
# Each sum is defined once, as a grouped queryset: pages read it live, and a rebuild runs its
# SQL inside an INSERT ... SELECT (`rebuild`), so the database sums straight into the summary.


def _pledged_cells():
    return (
        Commitment.objects.counted()
        .order_by()
        .annotate(year=ExtractYear("start_date"), partner_kind=F("partner__kind"))
        .values(*CELL_KEYS)
        .annotate(total=Sum("value"), count=Count("*"))
    )


def live_pledged_cells() -> list[dict]:
    """Public pledges summed ("total") and counted ("count") per theme, year their period
    starts, kecamatan and kind of partner."""
    return list(_pledged_cells())


def _verified_of_public_pledges():
    return Realization.objects.verified().filter(commitment__status__in=Commitment.COUNTED_STATUSES)


def _realized_cells():
    return (
        _verified_of_public_pledges()
        .order_by()
        .annotate(
            theme=F("commitment__theme"),
            year=ExtractYear("date"),
            kecamatan=F("commitment__kecamatan"),
            partner_kind=F("commitment__partner__kind"),
        )
        .values(*CELL_KEYS)
        .annotate(total=Sum("value"), count=Count("*"))
    )


def live_realized_cells() -> list[dict]:
    """Verified reports of public pledges summed ("total") and counted ("count") per theme,
    kecamatan and kind of partner of their pledge and the year they were done."""
    return list(_realized_cells())


def _open_needs():
    """Per theme ("theme"): how many needs are open ("count") and their budget ("budget")."""
    return (
        Opportunity.objects.open()
        .order_by()
        .values("theme")
        .annotate(count=Count("*"), budget=Sum("budget"))
    )


def _pledges_to_open_needs():
    """Per theme of their need ("opportunity__theme"): the approved pledges to open needs
    ("total")."""
    return (
        Commitment.objects.counted()
        .filter(opportunity__status=Opportunity.Status.PUBLISHED)
        .order_by()
        .values("opportunity__theme")
        .annotate(total=Sum("value"))
    )


def live_open_needs_by_theme() -> dict:
    """{theme id: {"count", "budget", "pledged"}} of the needs open for pledges (2 queries).

    Each open need's gap is its budget minus its approved pledges, so the gap of a theme's open
    needs is their budget minus the approved pledges to them."""
    pledged = {row["opportunity__theme"]: row["total"] for row in _pledges_to_open_needs()}
    return {
        row["theme"]: {
            "count": row["count"],
            "budget": row["budget"] or 0,
            "pledged": pledged.get(row["theme"], 0),
        }
        for row in _open_needs()
    }


def _partner_pledged():
    """Per partner ("partner"): their public pledges ("total")."""
    return Commitment.objects.counted().order_by().values("partner").annotate(total=Sum("value"))


def _partner_realized():
    """Per partner ("commitment__partner"): the verified reports of their public pledges
    ("total")."""
    return (
        _verified_of_public_pledges()
        .order_by()
        .values("commitment__partner")
        .annotate(total=Sum("value"))
    )


def live_top_partners(limit: int) -> list[dict]:
    """The active partners with the most pledged, most first (name, slug, pledged, realized)."""
    partners = (
        Organization.objects.active()
        .partners()
        .annotate(
            pledged=sum_of(
                Commitment.objects.counted().filter(partner=OuterRef("pk")), "partner", "value"
            ),
            realized=sum_of(
                _verified_of_public_pledges().filter(commitment__partner=OuterRef("pk")),
                "commitment__partner",
                "value",
            ),
        )
        .order_by("-pledged", "name", "pk")
        .values("name", "slug", "pledged", "realized")[:limit]
    )
    # Filtered here, not in SQL: a filter would sum every partner's pledges a second time.
    # Pledges are never negative, so the partners without any come last in the order.
    return [partner for partner in partners if partner["pledged"] > 0]


# --- keeping the summary ---------------------------------------------------------------------


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _sql(queryset) -> tuple[str, tuple]:
    """A queryset's SQL and parameters, to run inside a statement of the rebuild."""
    sql, params = queryset.query.sql_with_params()
    return f"({sql})", tuple(params)


def _insert_cells(cursor, pledged_cells, realized_cells) -> None:
    # A cell holds a public pledge or a verified report or both: the two groupings one under
    # the other, added up per cell (GROUP BY puts the cells without kecamatan together, as a
    # join on their NULLs would not).
    q = connection.ops.quote_name
    keys = ", ".join(q(key) for key in CELL_KEYS)
    pledged, pledged_params = _sql(pledged_cells)
    realized, realized_params = _sql(realized_cells)
    cursor.execute(
        f"""
        INSERT INTO {_table(LedgerCell)}
            (theme_id, {q("year")}, kecamatan_id, partner_kind, {", ".join(SUMS)})
        SELECT {keys}, SUM(commitments), SUM(pledged), SUM(realizations), SUM(realized) FROM (
            SELECT {keys}, {q("count")} AS commitments, total AS pledged,
                0 AS realizations, 0 AS realized
            FROM {pledged} pledges
            UNION ALL
            SELECT {keys}, 0, 0, {q("count")}, total FROM {realized} reports
        ) cells
        GROUP BY {keys}
        """,
        pledged_params + realized_params,
    )


def _insert_open_needs(cursor, open_needs, pledges_to_open_needs) -> None:
    q = connection.ops.quote_name
    needs, needs_params = _sql(open_needs)
    pledges, pledges_params = _sql(pledges_to_open_needs)
    cursor.execute(
        f"""
        INSERT INTO {_table(LedgerOpenNeeds)} (theme_id, {q("count")}, budget, pledged)
        SELECT needs.theme, needs.{q("count")}, COALESCE(needs.budget, 0),
            COALESCE(pledges.total, 0)
        FROM {needs} needs
        LEFT JOIN {pledges} pledges ON pledges.{q("opportunity__theme")} = needs.theme
        """,
        needs_params + pledges_params,
    )


def _insert_partners(cursor, partner_pledged, partner_realized) -> None:
    q = connection.ops.quote_name
    pledged, pledged_params = _sql(partner_pledged)
    realized, realized_params = _sql(partner_realized)
    cursor.execute(
        f"""
        INSERT INTO {_table(LedgerPartner)} (partner_id, pledged, realized)
        SELECT partner, SUM(pledged), SUM(realized) FROM (
            SELECT partner, total AS pledged, 0 AS realized FROM {pledged} pledges
            UNION ALL
            SELECT {q("commitment__partner")}, 0, total FROM {realized} reports
        ) partners
        GROUP BY partner
        """,
        pledged_params + realized_params,
    )


def _summaries() -> list[tuple]:
    """Each summary table, the live sums it holds (their querysets) and how it inserts them."""
    return [
        (LedgerCell, (_pledged_cells(), _realized_cells()), _insert_cells),
        (LedgerOpenNeeds, (_open_needs(), _pledges_to_open_needs()), _insert_open_needs),
        (LedgerPartner, (_partner_pledged(), _partner_realized()), _insert_partners),
    ]


def _sources(querysets) -> set[str]:
    """The source tables the querysets read: their own and the ones they join."""
    tables = {
        join.table_name for queryset in querysets for join in queryset.query.alias_map.values()
    }
    return tables & set(SOURCE_TABLES)


@transaction.atomic
def rebuild(changed_only: bool = False) -> None:
    """Sum the sources into the summary tables again and forget the changes they hold.

    The database sums straight into the tables (INSERT ... SELECT over the live sums' own
    queries): no row of the sums passes through Python. `changed_only`: only the summary tables
    that read a table whose change was marked; the others hold every change to their sources
    already (each one's mark, when a rebuild deleted it, had them summed again)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        # The marks go first: each one deleted belongs to a committed change the sums below
        # read. (Plain SQL: the ORM's delete would load every row to send its signals.)
        cursor.execute(f'DELETE FROM {_table(LedgerChange)} RETURNING "table"')
        changed = {table for (table,) in cursor.fetchall()}
        for model, sums, insert in _summaries():
            if changed_only and not _sources(sums) & changed:
                continue
            cursor.execute(f"DELETE FROM {_table(model)}")
            insert(cursor, *sums)


def is_current() -> bool:
    """Whether the summary holds every committed change (no change waits for a rebuild)."""
    return not LedgerChange.objects.exists()


def refresh() -> bool:
    """Rebuild what a change waiting for it reads; whether one waited."""
    if is_current():
        return False
    rebuild(changed_only=True)
    return True


# Inside a request the refresh waits for the view to finish: an admin action that approves 50
# pledges, one transaction each, sums the ledger once, not 50 times. Pages stay right
# meanwhile: the marks make them sum live.
_request_refresh = ContextVar("ledger_request_refresh", default=None)


def _refresh_after_commit() -> None:
    waiting = _request_refresh.get()
    if waiting is None:
        refresh()
    else:
        waiting["refresh"] = True


def schedule_refresh(sender=None, **kwargs) -> None:
    """Signal receiver: refresh when the current transaction commits (at once outside one),
    or at the end of the request that committed it. A transaction or request that saved many
    sources rebuilds once: the refreshes after the first find nothing waiting (one small query)."""
    # robust: the change is committed already; a failed rebuild leaves the figures live.
    transaction.on_commit(_refresh_after_commit, robust=True)


class RefreshAfterRequestMiddleware:
    """Sums the ledger again after a view whose transactions changed its sources."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        waiting = {"refresh": False}
        token = _request_refresh.set(waiting)
        try:
            response = self.get_response(request)
        finally:
            _request_refresh.reset(token)
        if waiting["refresh"]:
            try:
                refresh()
            except Exception:  # the change is committed; the figures stay live until the next
                logger.exception("ledger: could not sum the totals again")
        return response


# --- the triggers that mark changes --------------------------------------------------------------

# The rows of each source the sums read, by status: pledges counted, reports verified, needs
# open for pledges (every live sum above starts from counted(), verified() or open()). A write
# that leaves a row outside them both before and after changes no sum, so it marks nothing: a
# pledge proposed, rejected or edited while proposed, a report submitted or confirmed, a need
# drafted or submitted costs its writer no rebuild.
SUMMED_STATUSES = {
    "programs_commitment": Commitment.COUNTED_STATUSES,
    "programs_realization": (Realization.Status.VERIFIED,),
    "programs_opportunity": (Opportunity.Status.PUBLISHED,),
}
SOURCE_TABLES = tuple(SUMMED_STATUSES)


def _summed(table: str, row: str) -> str:
    """SQL: whether `row` (OLD, NEW or a transition table's row) is one the sums read."""
    statuses = SUMMED_STATUSES[table]
    assert all(status.isidentifier() for status in statuses)  # safe as SQL literals
    literals = ", ".join(f"'{status}'" for status in statuses)
    return f"{row}.status IN ({literals})"


# SQLite runs one writing transaction at a time, so a change need not add a mark when its table
# has one already: no rebuild can run between this write and its commit.
_SQLITE_WHEN = {
    "INSERT": lambda table: _summed(table, "NEW"),
    "UPDATE": lambda table: f"({_summed(table, 'OLD')} OR {_summed(table, 'NEW')})",
    "DELETE": lambda table: _summed(table, "OLD"),
}
SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER ledger_change_{table}_{event.lower()} AFTER {event} ON {table}
    WHEN {when(table)}
    AND NOT EXISTS (SELECT 1 FROM programs_ledgerchange WHERE "table" = '{table}')
    BEGIN INSERT INTO programs_ledgerchange ("table") VALUES ('{table}'); END
    """
    for table in SOURCE_TABLES
    for event, when in _SQLITE_WHEN.items()
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS ledger_change_{table}_{event.lower()}"
    for table in SOURCE_TABLES
    for event in ("INSERT", "UPDATE", "DELETE")
]
# PostgreSQL: a mark per statement that wrote a summed row, always, even when one is there: a
# rebuild running now may have deleted that one already, and it cannot see this uncommitted
# change. The statement's rows before (old_rows) and after (new_rows) are its transition tables;
# a TRUNCATE has none, and always marks. (Each branch reads only the tables its event has:
# PL/pgSQL plans a statement when it first runs it.)
_POSTGRES_FUNCTION = """
    CREATE OR REPLACE FUNCTION programs_ledger_changed_{table}() RETURNS trigger AS $$
    DECLARE
      summed boolean := TG_OP = 'TRUNCATE';
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        summed := EXISTS (SELECT 1 FROM old_rows WHERE {old_summed});
      END IF;
      IF NOT summed AND TG_OP IN ('INSERT', 'UPDATE') THEN
        summed := EXISTS (SELECT 1 FROM new_rows WHERE {new_summed});
      END IF;
      IF summed THEN
        INSERT INTO programs_ledgerchange ("table") VALUES (TG_TABLE_NAME);
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql
"""
_POSTGRES_EVENTS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
    "TRUNCATE": "",
}
POSTGRES_TRIGGERS = [
    statement
    for table in SOURCE_TABLES
    for statement in (
        _POSTGRES_FUNCTION.format(
            table=table,
            old_summed=_summed(table, "old_rows"),
            new_summed=_summed(table, "new_rows"),
        ),
        *(
            f"""
            CREATE TRIGGER ledger_change_{event.lower()} AFTER {event} ON {table} {referencing}
            FOR EACH STATEMENT EXECUTE FUNCTION programs_ledger_changed_{table}()
            """
            for event, referencing in _POSTGRES_EVENTS.items()
        ),
    )
]
# CASCADE drops the triggers too, and works before the tables exist. (programs_ledger_changed()
# marked every statement, before the marks looked at the rows.)
POSTGRES_DROP = [
    f"DROP FUNCTION IF EXISTS {function}() CASCADE"
    for function in (
        "programs_ledger_changed",
        *(f"programs_ledger_changed_{table}" for table in SOURCE_TABLES),
    )
]


def _execute(using, statements_by_vendor) -> None:
    database = connections[using]
    statements = statements_by_vendor.get(database.vendor)
    if statements is None:
        raise NotImplementedError(f"No ledger triggers for database {database.vendor!r}.")
    with database.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_triggers(sender=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """pre_migrate: Django's SQLite migrations rebuild tables, which their triggers would
    trip over (see table_rules.py)."""
    _execute(using, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


def create_triggers_and_rebuild(sender=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate (and after a flush): the triggers again, and the summary summed, since a
    migration may have changed rows while the triggers were away (and a new database has no
    summary yet)."""
    if LedgerChange._meta.db_table not in connections[using].introspection.table_names():
        return  # the app's migrations were unapplied
    _execute(
        using,
        {"sqlite": SQLITE_DROP + SQLITE_TRIGGERS, "postgresql": POSTGRES_DROP + POSTGRES_TRIGGERS},
    )
    if using == DEFAULT_DB_ALIAS:
        rebuild()


# --- reading -----------------------------------------------------------------------------------


class Summary:
    """The ledger's totals: read from the summary tables when they are current, else summed
    live. One query to know which, on the first figure asked; each figure then costs one (or
    the live passes)."""

    def __init__(self, current: bool | None = None):
        if current is not None:
            self.current = current

    @cached_property
    def current(self) -> bool:
        return is_current()

    @cached_property
    def _cells(self) -> list[dict]:
        return list(LedgerCell.objects.values(*CELL_KEYS, *SUMS))

    @cached_property
    def breakdowns(self) -> dict:
        """{key: {group: {"commitments", "pledged", "realizations", "realized"}}} for each key
        of the cells (theme, year, kecamatan, partner_kind): the cells added up per group, in
        one pass. A group is there when a public pledge or a verified report is in it."""
        if self.current:
            rows = LedgerCell.objects.values_list(*CELL_KEYS, *SUMS)
        else:
            rows = [
                (*(cell[key] for key in CELL_KEYS), cell["count"], cell["total"], 0, 0)
                for cell in live_pledged_cells()
            ] + [
                (*(cell[key] for key in CELL_KEYS), 0, 0, cell["count"], cell["total"])
                for cell in live_realized_cells()
            ]
        sums = {key: {} for key in CELL_KEYS}
        for theme, year, kecamatan, kind, *values in rows:
            for key, group in zip(CELL_KEYS, (theme, year, kecamatan, kind), strict=True):
                found = sums[key].get(group)
                if found is None:
                    sums[key][group] = values.copy()
                else:
                    for i, value in enumerate(values):
                        found[i] += value
        return {
            key: {group: dict(zip(SUMS, values, strict=True)) for group, values in groups.items()}
            for key, groups in sums.items()
        }

    def pledged_cells(self) -> list[dict]:
        """As live_pledged_cells."""
        if not self.current:
            return live_pledged_cells()
        return [
            {**{key: cell[key] for key in CELL_KEYS}, "total": cell["pledged"], "count": n}
            for cell in self._cells
            if (n := cell["commitments"])
        ]

    def realized_cells(self) -> list[dict]:
        """As live_realized_cells."""
        if not self.current:
            return live_realized_cells()
        return [
            {**{key: cell[key] for key in CELL_KEYS}, "total": cell["realized"], "count": n}
            for cell in self._cells
            if (n := cell["realizations"])
        ]

    def open_needs_by_theme(self) -> dict:
        """As live_open_needs_by_theme."""
        if not self.current:
            return live_open_needs_by_theme()
        return {
            row.pop("theme"): row
            for row in LedgerOpenNeeds.objects.values("theme", "count", "budget", "pledged")
        }

    def open_need_count(self) -> int:
        """How many needs are open for pledges."""
        if not self.current:
            return Opportunity.objects.open().count()
        return LedgerOpenNeeds.objects.aggregate(n=Coalesce(Sum("count"), Value(0)))["n"]

    def open_need_count_of_theme(self):
        """An expression: how many needs of the theme OuterRef("pk") are open for pledges."""
        if not self.current:
            open_needs = Opportunity.objects.open().filter(theme=OuterRef("pk"))
            count = open_needs.order_by().values("theme").annotate(n=Count("pk")).values("n")
        else:
            count = LedgerOpenNeeds.objects.filter(theme=OuterRef("pk")).values("count")
        return Coalesce(Subquery(count), Value(0))

    def top_partners(self, limit: int) -> list[dict]:
        """As live_top_partners."""
        if not self.current:
            return live_top_partners(limit)
        return list(
            LedgerPartner.objects.filter(
                partner__in=Organization.objects.active().partners(), pledged__gt=0
            )
            .order_by("-pledged", "partner__name", "partner")
            .values("pledged", "realized", name=F("partner__name"), slug=F("partner__slug"))[:limit]
        )

    def year_totals(self, year: int) -> dict:
        """{"pledged", "realized"}: public pledges whose period starts in `year`, verified
        reports done in it."""
        if not self.current:
            return {
                "pledged": _sum(Commitment.objects.counted().filter(start_date__year=year)),
                "realized": _sum(_verified_of_public_pledges().filter(date__year=year)),
            }
        return LedgerCell.objects.filter(year=year).aggregate(
            pledged=Coalesce(Sum("pledged"), Value(0)),
            realized=Coalesce(Sum("realized"), Value(0)),
        )

    def pledge_totals(self, **cells) -> dict | None:
        """{"count", "value"} of the public pledges in the cells matching `cells` (theme,
        year, kecamatan, partner_kind); None while the summary is out of date."""
        if not self.current:
            return None
        return LedgerCell.objects.filter(**cells).aggregate(
            count=Coalesce(Sum("commitments"), Value(0)),
            value=Coalesce(Sum("pledged"), Value(0)),
        )


def _sum(queryset) -> int:
    return queryset.aggregate(total=Coalesce(Sum("value"), Value(0)))["total"]


def summary() -> Summary:
    """The ledger's totals as they stand."""
    return Summary()
