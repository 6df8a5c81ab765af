"""The clinic, its crisis lines and its inclusive-care reviews and items now live in the `clinics` app (its 0001): the
user's and the invitation's clinic point there, and the four models leave the accounts app's state. State only: the
tables, their foreign keys and their rows stay where they are. It runs after every other app has pointed its own
foreign keys at clinics.Clinic."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0010_auditevent_moved'),
        ('clinics', '0001_initial'),
        ('advocacy', '0002_clinic_moved'),
        ('audit', '0002_clinic_moved'),
        ('clients', '0005_clinic_moved'),
        ('peers', '0002_clinic_moved'),
        ('portfolio', '0005_clinic_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='user',
                    name='clinic',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='users', to='clinics.clinic', verbose_name='clinic'),
                ),
                migrations.AlterField(
                    model_name='invitation',
                    name='clinic',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='invitations', to='clinics.clinic'),
                ),
                migrations.DeleteModel(name='InclusiveCareItem'),
                migrations.DeleteModel(name='InclusiveCareReview'),
                migrations.DeleteModel(name='CrisisLine'),
                migrations.DeleteModel(name='Clinic'),
            ],
            database_operations=[],
        ),
    ]
