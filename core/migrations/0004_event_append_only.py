"""The event table is append-only on PostgreSQL: a trigger refuses UPDATE and DELETE. The one
UPDATE let through is the foreign key's own ON DELETE SET NULL of the actor (a deleted
account), which changes nothing else."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND (NEW.id, NEW.kind, NEW.content_type_id, NEW.object_id, NEW.member_id,
            NEW.data, NEW.occurred_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.kind, OLD.content_type_id, OLD.object_id, OLD.member_id,
            OLD.data, OLD.occurred_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING MESSAGE = 'core_event is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_event_append_only
    BEFORE UPDATE OR DELETE ON core_event
    FOR EACH ROW EXECUTE FUNCTION core_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_event_append_only ON core_event;
DROP FUNCTION IF EXISTS core_event_append_only();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0003_api_token")]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
