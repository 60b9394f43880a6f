"""The search's order, stored in each commitment's row: its plan's start (`plan_period_start`) and
its member's name (`member_sort_name`), so that the published commitments' partial index
`commitment_search_order` answers a page of the search, however deep, without joining and
sorting every commitment.

The database keeps both copies current, whoever writes (the services, the admin, the importer's
bulk upserts, the demo, the benchmark's bulk build): triggers, installed here and only here, copy
the plan's start and the member's name into a commitment when it is inserted or moved to another
plan, and into every commitment of a plan or member whose start or name changes. The copies are
plumbing for the order, never read as the plan's or the member's data."""

COMMITMENT = "commitments_commitment"
PLAN = "action_plans_actionplan"
MEMBER = "members_member"

_POSTGRES_TRIGGERS = f"""
CREATE OR REPLACE FUNCTION commitment_sort_keys_from_plan() RETURNS trigger AS $$
BEGIN
    SELECT plan.period_start, member.name
      INTO NEW.plan_period_start, NEW.member_sort_name
      FROM {PLAN} plan JOIN {MEMBER} member ON member.id = plan.member_id
     WHERE plan.id = NEW.plan_id;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS commitment_sort_keys ON {COMMITMENT};
CREATE TRIGGER commitment_sort_keys BEFORE INSERT OR UPDATE OF plan_id, plan_period_start,
    member_sort_name ON {COMMITMENT}
    FOR EACH ROW EXECUTE FUNCTION commitment_sort_keys_from_plan();

CREATE OR REPLACE FUNCTION plan_commitment_sort_keys() RETURNS trigger AS $$
BEGIN
    UPDATE {COMMITMENT} commitment
       SET plan_period_start = NEW.period_start, member_sort_name = member.name
      FROM {MEMBER} member
     WHERE member.id = NEW.member_id AND commitment.plan_id = NEW.id;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS plan_commitment_sort_keys ON {PLAN};
CREATE TRIGGER plan_commitment_sort_keys AFTER UPDATE OF period_start, member_id ON {PLAN}
    FOR EACH ROW
    WHEN (OLD.period_start IS DISTINCT FROM NEW.period_start
          OR OLD.member_id IS DISTINCT FROM NEW.member_id)
    EXECUTE FUNCTION plan_commitment_sort_keys();

CREATE OR REPLACE FUNCTION member_commitment_sort_keys() RETURNS trigger AS $$
BEGIN
    UPDATE {COMMITMENT} commitment
       SET member_sort_name = NEW.name
      FROM {PLAN} plan
     WHERE plan.member_id = NEW.id AND commitment.plan_id = plan.id;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS member_commitment_sort_keys ON {MEMBER};
CREATE TRIGGER member_commitment_sort_keys AFTER UPDATE OF name ON {MEMBER}
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION member_commitment_sort_keys();
"""

# SQLite's triggers cannot change the row being written: they update it right after.
_SQLITE_KEYS_OF_PLAN = (
    f"plan_period_start = (SELECT period_start FROM {PLAN} WHERE id = {{plan}}), "
    f"member_sort_name = (SELECT member.name FROM {PLAN} plan JOIN {MEMBER} member "
    f"ON member.id = plan.member_id WHERE plan.id = {{plan}})"
)
_SQLITE_TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS commitment_sort_keys_insert AFTER INSERT ON {COMMITMENT} "
    f"BEGIN UPDATE {COMMITMENT} SET {_SQLITE_KEYS_OF_PLAN.format(plan='new.plan_id')} "
    "WHERE id = new.id; END",
    f"CREATE TRIGGER IF NOT EXISTS commitment_sort_keys_update AFTER UPDATE OF plan_id, "
    f"plan_period_start, member_sort_name ON {COMMITMENT} "
    f"BEGIN UPDATE {COMMITMENT} SET {_SQLITE_KEYS_OF_PLAN.format(plan='new.plan_id')} "
    "WHERE id = new.id; END",
    f"CREATE TRIGGER IF NOT EXISTS plan_commitment_sort_keys AFTER UPDATE OF period_start, "
    f"member_id ON {PLAN} BEGIN UPDATE {COMMITMENT} "
    f"SET {_SQLITE_KEYS_OF_PLAN.format(plan='new.id')} WHERE plan_id = new.id; END",
    f"CREATE TRIGGER IF NOT EXISTS member_commitment_sort_keys AFTER UPDATE OF name ON {MEMBER} "
    f"BEGIN UPDATE {COMMITMENT} SET member_sort_name = new.name "
    f"WHERE plan_id IN (SELECT id FROM {PLAN} WHERE member_id = new.id); END",
)

_FILL_POSTGRES = f"""
UPDATE {COMMITMENT} commitment
   SET plan_period_start = plan.period_start, member_sort_name = member.name
  FROM {PLAN} plan JOIN {MEMBER} member ON member.id = plan.member_id
 WHERE plan.id = commitment.plan_id
   AND (commitment.plan_period_start IS DISTINCT FROM plan.period_start
        OR commitment.member_sort_name IS DISTINCT FROM member.name)
"""
_FILL_SQLITE = (
    f"UPDATE {COMMITMENT} SET {_SQLITE_KEYS_OF_PLAN.format(plan=f'{COMMITMENT}.plan_id')}"
)


_SQLITE_TRIGGER_NAMES = (
    "commitment_sort_keys_insert",
    "commitment_sort_keys_update",
    "plan_commitment_sort_keys",
    "member_commitment_sort_keys",
)


def sort_keys_install(connection) -> None:
    """Create (or replace) the triggers and copy the keys into every commitment whose copy
    differs. PostgreSQL's migration (commitments 0017) runs it once; SQLite's after every
    migrate (commitments.apps), since rebuilding a table in a migration drops its triggers
    there."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_TRIGGERS)
            cursor.execute(_FILL_POSTGRES)
            return
        for statement in _SQLITE_TRIGGERS:
            cursor.execute(statement)
        cursor.execute(_FILL_SQLITE)


def sort_keys_uninstall_sqlite(connection) -> None:
    """Drop SQLite's triggers before a migrate: while a migration rebuilds the commitments
    table, a trigger of the plans or members table that names it stops the rebuild."""
    with connection.cursor() as cursor:
        for name in _SQLITE_TRIGGER_NAMES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
