"""The migration that leaves one language per person (User.language) carries the language
chosen on the notification settings page over."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("notifications", "0001_initial"), ("members", "0004_member_time_zone_user_language")]
AFTER = [("notifications", "0002_email_language_moves_to_user")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_e_mail_language_moves_to_the_person_unless_they_chose_one_there():
    apps = _migrate(BEFORE)
    try:
        User = apps.get_model("members", "User")
        NotificationSettings = apps.get_model("notifications", "NotificationSettings")
        chose_here = User.objects.create(username="chose-here", language="")
        chose_both = User.objects.create(username="chose-both", language="es")
        NotificationSettings.objects.create(user=chose_here, language="fr")
        NotificationSettings.objects.create(user=chose_both, language="fr")
    finally:
        apps = _migrate(AFTER)  # also when arranging failed: the suite needs the latest schema

    languages = dict(apps.get_model("members", "User").objects.values_list("username", "language"))
    assert languages == {"chose-here": "fr", "chose-both": "es"}
