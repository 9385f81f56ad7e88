"""On PostgreSQL, the database itself refuses UPDATE and DELETE on the audit trail.

The ORM refuses too (models.py); this trigger also stops raw SQL, a shell or another client.
TRUNCATE (a test database being emptied) is a statement of its own and is not refused.
"""

from typing import Any

from django.db import migrations

REFUSE = """
CREATE OR REPLACE FUNCTION audit_accessrecord_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accessrecord_append_only
    BEFORE UPDATE OR DELETE ON audit_accessrecord
    FOR EACH ROW EXECUTE FUNCTION audit_accessrecord_refuse_change();
"""

ALLOW = """
DROP TRIGGER IF EXISTS audit_accessrecord_append_only ON audit_accessrecord;
DROP FUNCTION IF EXISTS audit_accessrecord_refuse_change();
"""


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL and does nothing on any other database."""

    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *args)

    def database_backwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *args)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_access_record"),
    ]

    operations = [PostgreSQLOnly(REFUSE, reverse_sql=ALLOW)]
