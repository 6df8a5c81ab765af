"""Emergency access now lives in the `clients` app (its 0006): drop it from the accounts app's state only, so the
table, its index, its foreign keys and its rows stay where they are. It runs after the audit event's foreign key
points at clients.EmergencyAccess (audit.0003)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0011_clinic_moved'),
        ('clients', '0006_emergencyaccess_moved'),
        ('audit', '0003_emergencyaccess_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='EmergencyAccess')],
            database_operations=[],
        ),
    ]
