"""Copy the repository's documents from members (where they could not point at a plan) to
action_plans, keeping their ids so that links to them keep working."""

from django.db import migrations

FIELDS = ["id", "member_id", "meeting_id", "title", "kind", "url", "published_on"]


def copy_documents(apps, schema_editor):
    old = apps.get_model("members", "RepositoryDocument")
    new = apps.get_model("action_plans", "RepositoryDocument")
    new.objects.bulk_create(new(**row) for row in old.objects.values(*FIELDS).iterator())
    if new.objects.exists():
        table = new._meta.db_table
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"
            )


def copy_back(apps, schema_editor):
    old = apps.get_model("members", "RepositoryDocument")
    new = apps.get_model("action_plans", "RepositoryDocument")
    old.objects.bulk_create(
        old(**row) for row in new.objects.exclude(url="").values(*FIELDS).iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("action_plans", "0007_repositorydocument"),
        ("members", "0002_forum_pages_and_invitations"),
    ]

    operations = [migrations.RunPython(copy_documents, copy_back)]
