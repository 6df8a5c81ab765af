"""The audit event model now lives in the `audit` app (its 0001): drop it from the accounts app's state only, so the
table, its trigger and its rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_canonical_emails'),
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AuditEvent')],
            database_operations=[],
        ),
    ]
