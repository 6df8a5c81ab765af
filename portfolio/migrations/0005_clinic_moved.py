"""The clinic moved to the `clinics` app (clinics.0001): the foreign key points there in state only; its column,
constraint and rows are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clinics', '0001_initial'),
        ('portfolio', '0004_private_exports_and_shared_journal'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='instrumentwording',
                    name='clinic',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='instrument_wordings', to='clinics.clinic'),
                ),
            ],
            database_operations=[],
        ),
    ]
