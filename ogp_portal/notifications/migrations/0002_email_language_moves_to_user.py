"""One language per person: the e-mail language chosen on the notification settings page
moves to User.language (which the deadline reminders read) wherever the person had not
chosen one there, then the settings' own field goes."""

from django.db import migrations


def carry_language_to_user(apps, schema_editor):
    NotificationSettings = apps.get_model("notifications", "NotificationSettings")
    User = apps.get_model("members", "User")
    chosen = NotificationSettings.objects.filter(user__language="").exclude(language="")
    for user_id, language in chosen.values_list("user_id", "language").iterator():
        User.objects.filter(pk=user_id, language="").update(language=language)


def carry_language_back(apps, schema_editor):
    NotificationSettings = apps.get_model("notifications", "NotificationSettings")
    User = apps.get_model("members", "User")
    for user_id, language in (
        User.objects.exclude(language="").values_list("pk", "language").iterator()
    ):
        NotificationSettings.objects.filter(user_id=user_id).update(language=language)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_member_time_zone_user_language"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(carry_language_to_user, carry_language_back),
        migrations.RemoveField(model_name="notificationsettings", name="language"),
    ]
