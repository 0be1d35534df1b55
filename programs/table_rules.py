"""
Rules that span two tables, which a CHECK constraint cannot express, kept by the database:

- an opportunity's owner is a regional agency;
- a commitment's partner is a company or a zakat institution, and its implementing agency
  (when given) a regional agency;
- an organisation's kind does not change while needs or pledges point at it.

They are triggers (SQLite and PostgreSQL), and both raise an integrity error. Django's SQLite
migrations rebuild a table to alter it, which drops the table's triggers and trips over
triggers that name it; so the triggers are dropped before `migrate` and created again after
it (the signals are connected in ProgramsConfig.ready). Creating them is idempotent.
"""

from django.db import connections

SQLITE_FORWARD = [
    """
    CREATE TRIGGER opportunity_agency_kind_insert BEFORE INSERT ON programs_opportunity
    WHEN COALESCE((SELECT kind FROM companies_organization WHERE id = NEW.agency_id), '')
         != 'regional_agency'
    BEGIN SELECT RAISE(ABORT, 'opportunity_agency_is_regional_agency'); END
    """,
    """
    CREATE TRIGGER opportunity_agency_kind_update BEFORE UPDATE OF agency_id ON programs_opportunity
    WHEN COALESCE((SELECT kind FROM companies_organization WHERE id = NEW.agency_id), '')
         != 'regional_agency'
    BEGIN SELECT RAISE(ABORT, 'opportunity_agency_is_regional_agency'); END
    """,
    """
    CREATE TRIGGER commitment_kinds_insert BEFORE INSERT ON programs_commitment
    WHEN COALESCE((SELECT kind FROM companies_organization WHERE id = NEW.partner_id), '')
         NOT IN ('company', 'zakat_institution')
      OR (NEW.agency_id IS NOT NULL AND
          COALESCE((SELECT kind FROM companies_organization WHERE id = NEW.agency_id), '')
          != 'regional_agency')
    BEGIN SELECT RAISE(ABORT, 'commitment_partner_and_agency_kinds'); END
    """,
    """
    CREATE TRIGGER commitment_kinds_update BEFORE UPDATE OF partner_id, agency_id
    ON programs_commitment
    WHEN COALESCE((SELECT kind FROM companies_organization WHERE id = NEW.partner_id), '')
         NOT IN ('company', 'zakat_institution')
      OR (NEW.agency_id IS NOT NULL AND
          COALESCE((SELECT kind FROM companies_organization WHERE id = NEW.agency_id), '')
          != 'regional_agency')
    BEGIN SELECT RAISE(ABORT, 'commitment_partner_and_agency_kinds'); END
    """,
    """
    CREATE TRIGGER organization_kind_fixed_when_used BEFORE UPDATE OF kind ON companies_organization
    WHEN NEW.kind != OLD.kind AND (
         EXISTS (SELECT 1 FROM programs_opportunity WHERE agency_id = OLD.id)
      OR EXISTS (SELECT 1 FROM programs_commitment
                 WHERE partner_id = OLD.id OR agency_id = OLD.id))
    BEGIN SELECT RAISE(ABORT, 'organization_kind_fixed_when_used'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS opportunity_agency_kind_insert",
    "DROP TRIGGER IF EXISTS opportunity_agency_kind_update",
    "DROP TRIGGER IF EXISTS commitment_kinds_insert",
    "DROP TRIGGER IF EXISTS commitment_kinds_update",
    "DROP TRIGGER IF EXISTS organization_kind_fixed_when_used",
]

POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION opportunity_agency_is_regional_agency() RETURNS trigger AS $$
    BEGIN
      IF (SELECT kind FROM companies_organization WHERE id = NEW.agency_id)
         IS DISTINCT FROM 'regional_agency' THEN
        RAISE EXCEPTION 'opportunity_agency_is_regional_agency'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER opportunity_agency_kind BEFORE INSERT OR UPDATE OF agency_id
    ON programs_opportunity FOR EACH ROW EXECUTE FUNCTION opportunity_agency_is_regional_agency()
    """,
    """
    CREATE OR REPLACE FUNCTION commitment_partner_and_agency_kinds() RETURNS trigger AS $$
    BEGIN
      IF COALESCE((SELECT kind FROM companies_organization WHERE id = NEW.partner_id), '')
         NOT IN ('company', 'zakat_institution')
         OR (NEW.agency_id IS NOT NULL AND
             (SELECT kind FROM companies_organization WHERE id = NEW.agency_id)
             IS DISTINCT FROM 'regional_agency') THEN
        RAISE EXCEPTION 'commitment_partner_and_agency_kinds'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER commitment_kinds BEFORE INSERT OR UPDATE OF partner_id, agency_id
    ON programs_commitment FOR EACH ROW EXECUTE FUNCTION commitment_partner_and_agency_kinds()
    """,
    """
    CREATE OR REPLACE FUNCTION organization_kind_fixed_when_used() RETURNS trigger AS $$
    BEGIN
      IF NEW.kind <> OLD.kind AND (
           EXISTS (SELECT 1 FROM programs_opportunity WHERE agency_id = OLD.id)
        OR EXISTS (SELECT 1 FROM programs_commitment
                   WHERE partner_id = OLD.id OR agency_id = OLD.id)) THEN
        RAISE EXCEPTION 'organization_kind_fixed_when_used'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER organization_kind_fixed BEFORE UPDATE OF kind
    ON companies_organization FOR EACH ROW EXECUTE FUNCTION organization_kind_fixed_when_used()
    """,
]
# CASCADE drops each function's trigger too, and works before the tables exist.
POSTGRES_BACKWARD = [
    "DROP FUNCTION IF EXISTS opportunity_agency_is_regional_agency() CASCADE",
    "DROP FUNCTION IF EXISTS commitment_partner_and_agency_kinds() CASCADE",
    "DROP FUNCTION IF EXISTS organization_kind_fixed_when_used() CASCADE",
]


def _execute(using, statements_by_vendor):
    connection = connections[using]
    statements = statements_by_vendor.get(connection.vendor)
    if statements is None:
        raise NotImplementedError(f"No table rules for database {connection.vendor!r}.")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_table_rules(sender, using="default", **kwargs):
    """pre_migrate: remove the triggers so migrations can rebuild tables freely."""
    _execute(using, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD})


def create_table_rules(sender, using="default", **kwargs):
    """post_migrate (and after a test flush): (re)create the triggers."""
    _execute(
        using,
        {
            "sqlite": SQLITE_BACKWARD + SQLITE_FORWARD,
            "postgresql": POSTGRES_BACKWARD + POSTGRES_FORWARD,
        },
    )
