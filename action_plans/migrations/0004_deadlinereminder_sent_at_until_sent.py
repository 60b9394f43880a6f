from django.db import migrations, models


class Migration(migrations.Migration):
    """Reminders are recorded before their e-mail goes out: sent_at stays empty until then.
    Rows already stored keep the time they were sent."""

    dependencies = [
        ("action_plans", "0003_deadline_reminder"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deadlinereminder",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent at"),
        ),
    ]
