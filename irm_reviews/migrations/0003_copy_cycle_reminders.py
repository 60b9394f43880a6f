from django.db import migrations


def copy_cycle_reminders(apps, schema_editor):
    """IRM report reminders recorded in action_plans.DeadlineReminder move here (the old rows
    are deleted by action_plans 0005 once this has run)."""
    DeadlineReminder = apps.get_model("action_plans", "DeadlineReminder")
    ReviewDeadlineReminder = apps.get_model("irm_reviews", "ReviewDeadlineReminder")
    ReviewDeadlineReminder.objects.bulk_create(
        [
            ReviewDeadlineReminder(
                cycle_id=old.cycle_id,
                recipient_id=old.recipient_id,
                deadline=old.deadline,
                sent_at=old.sent_at,
            )
            for old in DeadlineReminder.objects.filter(cycle__isnull=False).iterator()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("irm_reviews", "0002_reviewdeadlinereminder"),
        ("action_plans", "0004_deadlinereminder_sent_at_until_sent"),
    ]

    operations = [
        migrations.RunPython(copy_cycle_reminders, migrations.RunPython.noop),
    ]
