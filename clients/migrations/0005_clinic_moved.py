"""The clinic moved to the `clinics` app (clinics.0001): the foreign key points there in state only; its column,
constraint and rows are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0004_client_paused_by_discharge'),
        ('clinics', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='client',
                    name='clinic',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='clients', to='clinics.clinic', verbose_name='clinic'),
                ),
            ],
            database_operations=[],
        ),
    ]
