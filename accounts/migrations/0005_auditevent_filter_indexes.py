"""An index for the audit log viewer's action filter within one clinic (see tools/benchmarks/audit_log.py).

Every page view writes an audit event, so on PostgreSQL the index is built CONCURRENTLY: a plain
CREATE INDEX would hold up every request for as long as it takes to index the whole audit table.
"""

from django.db import migrations, models

INDEX = models.Index(
    fields=["clinic", "action", "-at"],
    name="audit_clinic_action_at",
    opclasses=["uuid_ops", "varchar_pattern_ops", "timestamptz_ops"],
)


def create_index(apps, schema_editor):
    model = apps.get_model("accounts", "AuditEvent")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(model, INDEX, concurrently=True)
    else:
        schema_editor.add_index(model, INDEX)


def drop_index(apps, schema_editor):
    model = apps.get_model("accounts", "AuditEvent")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(model, INDEX, concurrently=True)
    else:
        schema_editor.remove_index(model, INDEX)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("accounts", "0004_clinic_settings_inclusive_care")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="auditevent", index=INDEX)],
            database_operations=[migrations.RunPython(create_index, drop_index)],
        ),
    ]
