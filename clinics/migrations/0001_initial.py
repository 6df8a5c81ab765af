"""The clinic, its crisis lines and its inclusive-care reviews and items move here from `accounts`: state only. Their
tables (accounts_clinic, accounts_crisisline, accounts_inclusivecarereview, accounts_inclusivecareitem), indexes
(named as they are in the database) and every row stay as they are. Each app whose model points at the clinic then
points it here in its own migration (state only: the foreign key's column and constraint are unchanged), and
`accounts.0011_clinic_moved` drops the four from the accounts app's state."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0010_auditevent_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Clinic',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('timezone', models.CharField(default='America/New_York', max_length=64, verbose_name='time zone')),
                        ('default_language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish')], default='en', max_length=8, verbose_name='default language')),
                        ('session_idle_minutes', models.PositiveSmallIntegerField(default=15, validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(60)], verbose_name='sign out after this many idle minutes')),
                        ('export_expiry_days', models.PositiveSmallIntegerField(default=7, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(30)], verbose_name='keep PDF exports for this many days')),
                        ('discharge_grace_days', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(90)], verbose_name='after discharge, the client may read their portal for this many days')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'verbose_name': 'clinic',
                        'verbose_name_plural': 'clinics',
                        'db_table': 'accounts_clinic',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='CrisisLine',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                        ('text', models.CharField(blank=True, max_length=40, verbose_name='text message')),
                        ('hours', models.CharField(blank=True, max_length=120, verbose_name='hours')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('clinic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='crisis_lines', to='clinics.clinic')),
                    ],
                    options={
                        'verbose_name': 'crisis line',
                        'verbose_name_plural': 'crisis lines',
                        'db_table': 'accounts_crisisline',
                        'ordering': ['position', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='InclusiveCareReview',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('reviewed_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='reviewed on')),
                        ('summary', models.TextField(blank=True, verbose_name='summary')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('clinic', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inclusive_care_reviews', to='clinics.clinic')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'inclusive-care review',
                        'verbose_name_plural': 'inclusive-care reviews',
                        'db_table': 'accounts_inclusivecarereview',
                        'ordering': ['-reviewed_on', '-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='InclusiveCareItem',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('area', models.CharField(choices=[('waiting_room', 'Waiting room'), ('intake', 'Intake process'), ('materials', 'Printed and online materials'), ('language', 'Language we use'), ('accessibility', 'Accessibility'), ('transport', 'Transport options'), ('multilingual', 'Multilingual resources'), ('training', 'Staff training on anti-stigma language')], max_length=30, verbose_name='area')),
                        ('question', models.CharField(max_length=300, verbose_name='question')),
                        ('status', models.CharField(choices=[('met', 'In place'), ('partly', 'Partly in place'), ('open', 'Not yet in place'), ('not_applicable', 'Does not apply')], default='open', max_length=20, verbose_name='where we are')),
                        ('next_step', models.TextField(blank=True, verbose_name='next step')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='due by')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                        ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='clinics.inclusivecarereview')),
                    ],
                    options={
                        'verbose_name': 'inclusive-care item',
                        'verbose_name_plural': 'inclusive-care items',
                        'db_table': 'accounts_inclusivecareitem',
                        'ordering': ['position'],
                    },
                ),
                migrations.AddIndex(
                    model_name='inclusivecarereview',
                    index=models.Index(fields=['clinic', '-reviewed_on'], name='accounts_in_clinic__8172dd_idx'),
                ),
            ],
            database_operations=[],
        ),
    ]
