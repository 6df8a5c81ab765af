"""The grievance model moves here from `portal`: state only. Its table (portal_grievance), its indexes and every
row stay as they are; `portal.0002_grievance_moved` then drops the model from the portal's state."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0001_initial'),
        ('clients', '0002_profile_support_safety_checkins'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Grievance',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('kind', models.CharField(choices=[('complaint', 'Something went wrong (a complaint)'), ('feedback', 'An idea or feedback'), ('compliment', 'Something went well (a compliment)')], default='feedback', max_length=20, verbose_name='kind')),
                        ('subject', models.CharField(max_length=200, verbose_name='subject')),
                        ('text', models.TextField(validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='message')),
                        ('anonymous_to_therapist', models.BooleanField(default=True, verbose_name='keep my name from my therapist')),
                        ('status', models.CharField(choices=[('received', 'Received'), ('in_review', 'In review'), ('resolved', 'Resolved')], default='received', max_length=20, verbose_name='status')),
                        ('status_changed_at', models.DateTimeField(blank=True, null=True)),
                        ('response', models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='reply')),
                        ('responded_at', models.DateTimeField(blank=True, null=True)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('submission_key', models.UUIDField(blank=True, editable=False, null=True, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grievances', to='clients.client', verbose_name='client')),
                        ('responded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('submitted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'portal_grievance',
                        'verbose_name': 'grievance',
                        'verbose_name_plural': 'grievances',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['client', '-created_at'], name='portal_grie_client__b7514f_idx'), models.Index(fields=['status', '-created_at'], name='portal_grie_status_91674a_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
