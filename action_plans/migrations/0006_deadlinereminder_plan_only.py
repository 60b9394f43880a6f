import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """With IRM report reminders in irm_reviews, a deadline reminder is always a plan's."""

    dependencies = [
        ("action_plans", "0005_delete_moved_cycle_reminders"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="deadlinereminder",
            name="deadlinereminder_plan_or_cycle",
        ),
        migrations.RemoveConstraint(
            model_name="deadlinereminder",
            name="deadlinereminder_once_per_cycle_deadline",
        ),
        migrations.RemoveConstraint(
            model_name="deadlinereminder",
            name="deadlinereminder_once_per_plan_deadline",
        ),
        migrations.RemoveField(
            model_name="deadlinereminder",
            name="cycle",
        ),
        migrations.AlterField(
            model_name="deadlinereminder",
            name="plan",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="deadline_reminders", to="action_plans.actionplan", verbose_name="action plan"),
        ),
        migrations.AddConstraint(
            model_name="deadlinereminder",
            constraint=models.UniqueConstraint(fields=("plan", "recipient", "deadline"), name="deadlinereminder_once_per_plan_deadline"),
        ),
    ]
