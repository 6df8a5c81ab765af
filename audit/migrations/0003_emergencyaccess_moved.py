"""Emergency access moved to the `clients` app (clients.0006): the foreign key points there in state only; its column,
constraint and rows are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_clinic_moved'),
        ('clients', '0006_emergencyaccess_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='auditevent',
                    name='emergency_access',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='clients.emergencyaccess'),
                ),
            ],
            database_operations=[],
        ),
    ]
