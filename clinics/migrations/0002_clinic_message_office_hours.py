from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinics", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinic",
            name="message_office_hours",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="office hours for messages"),
        ),
    ]
