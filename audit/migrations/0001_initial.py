"""The audit event model moves here from `accounts`: state only. Its table (accounts_auditevent), its indexes (named
as they are in the database), its append-only trigger and every row stay as they are; `accounts.0010_auditevent_moved`
then drops the model from the accounts app's state."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0009_canonical_emails'),
        ('clients', '0004_client_paused_by_discharge'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('action', models.CharField(max_length=80)),
                        ('object_type', models.CharField(blank=True, max_length=80)),
                        ('object_id', models.CharField(blank=True, max_length=64)),
                        ('address', models.GenericIPAddressField(blank=True, null=True)),
                        ('path', models.CharField(blank=True, max_length=300)),
                        ('detail', models.JSONField(blank=True, default=dict)),
                        ('actor', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('client', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='clients.client')),
                        ('clinic', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.clinic')),
                        ('emergency_access', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='accounts.emergencyaccess')),
                    ],
                    options={
                        'db_table': 'accounts_auditevent',
                        'ordering': ['-at'],
                        'indexes': [models.Index(fields=['clinic', '-at'], name='accounts_au_clinic__c46582_idx'), models.Index(fields=['actor', '-at'], name='accounts_au_actor_i_18de85_idx'), models.Index(fields=['client', '-at'], name='accounts_au_client__512544_idx'), models.Index(fields=['action', '-at'], name='accounts_au_action_6eed2d_idx'), models.Index(fields=['clinic', 'action', '-at'], name='audit_clinic_action_at', opclasses=['uuid_ops', 'varchar_pattern_ops', 'timestamptz_ops'])],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
