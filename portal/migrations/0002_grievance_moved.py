"""The grievance model now lives in the `grievances` app (its 0001): drop it from the portal's state only, so the
table and its rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_initial'),
        ('grievances', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Grievance')],
            database_operations=[],
        ),
    ]
