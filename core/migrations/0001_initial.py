import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Event",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=60, verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="subject id")),
                ("member_id", models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name="member id")),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="data")),
                ("occurred_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="occurred at")),
                ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="actor")),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype", verbose_name="subject type")),
            ],
            options={
                "verbose_name": "event",
                "verbose_name_plural": "events",
                "ordering": ["-occurred_at", "-pk"],
                "indexes": [
                    models.Index(fields=["kind", "occurred_at"], name="event_kind_occurred_at"),
                    models.Index(fields=["content_type", "object_id"], name="event_subject"),
                ],
            },
        ),
    ]
