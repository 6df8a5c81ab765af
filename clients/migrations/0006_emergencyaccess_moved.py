"""Emergency access moves here from `accounts`: state only. Its table (accounts_emergencyaccess), its index (named as
it is in the database), its foreign keys and every row stay as they are. The audit event's foreign key then points
here in the audit app's own migration (`audit.0003_emergencyaccess_moved`, state only), and
`accounts.0012_emergencyaccess_moved` drops the model from the accounts app's state."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0005_clinic_moved'),
        ('accounts', '0011_clinic_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EmergencyAccess',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('reason', models.TextField(verbose_name='reason')),
                        ('starts_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('ends_at', models.DateTimeField()),
                        ('ended_early_at', models.DateTimeField(blank=True, null=True)),
                        ('admin', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='emergency_accesses', to=settings.AUTH_USER_MODEL)),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='emergency_accesses', to='clients.client')),
                    ],
                    options={
                        'db_table': 'accounts_emergencyaccess',
                        'ordering': ['-starts_at'],
                        'indexes': [models.Index(fields=['admin', 'ends_at'], name='accounts_em_admin_i_163e82_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
