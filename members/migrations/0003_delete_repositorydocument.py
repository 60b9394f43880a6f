"""The repository's documents now live in action_plans (copied by its migration 0008)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_forum_pages_and_invitations"),
        ("action_plans", "0008_repositorydocument_copy_from_members"),
    ]

    operations = [migrations.DeleteModel(name="RepositoryDocument")]
