import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("irm_reviews", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewDeadlineReminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("deadline", models.DateField(verbose_name="deadline")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                ("cycle", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="deadline_reminders", to="irm_reviews.reviewcycle", verbose_name="review cycle")),
                ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="review_deadline_reminders", to=settings.AUTH_USER_MODEL, verbose_name="recipient")),
            ],
            options={
                "verbose_name": "IRM report reminder",
                "verbose_name_plural": "IRM report reminders",
                "ordering": ["-sent_at"],
                "constraints": [
                    models.UniqueConstraint(fields=("cycle", "recipient", "deadline"), name="reviewdeadlinereminder_once_per_cycle_deadline"),
                ],
            },
        ),
    ]
