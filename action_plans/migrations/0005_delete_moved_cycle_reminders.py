from django.db import migrations


def delete_cycle_reminders(apps, schema_editor):
    """irm_reviews 0003 copied these to irm_reviews.ReviewDeadlineReminder."""
    DeadlineReminder = apps.get_model("action_plans", "DeadlineReminder")
    DeadlineReminder.objects.filter(cycle__isnull=False).delete()


def restore_cycle_reminders(apps, schema_editor):
    DeadlineReminder = apps.get_model("action_plans", "DeadlineReminder")
    ReviewDeadlineReminder = apps.get_model("irm_reviews", "ReviewDeadlineReminder")
    DeadlineReminder.objects.bulk_create(
        [
            DeadlineReminder(
                cycle_id=new.cycle_id,
                recipient_id=new.recipient_id,
                deadline=new.deadline,
                sent_at=new.sent_at,
            )
            for new in ReviewDeadlineReminder.objects.iterator()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("action_plans", "0004_deadlinereminder_sent_at_until_sent"),
        ("irm_reviews", "0003_copy_cycle_reminders"),
    ]

    operations = [
        migrations.RunPython(delete_cycle_reminders, restore_cycle_reminders),
    ]
