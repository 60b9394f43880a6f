"""The search's order stored in each commitment (its plan's start, its member's name), kept by
triggers (commitments.sort_keys) and read through the partial index commitment_search_order, so
that a deep page of the search is an index scan instead of a sort of every published commitment
joined to plans and members; and `rank_document`, the title and short title's weighted vector
that a search ranks by, so that ranking no longer reads the whole stored document of every
match. The copies are filled here; from then on the triggers keep them."""

import django.contrib.postgres.search
from django.db import migrations, models

import commitments.search
import commitments.sort_keys


def install_sort_keys(apps, schema_editor):
    # SQLite's triggers are installed after every migrate instead (commitments.apps).
    if schema_editor.connection.vendor == "postgresql":
        commitments.sort_keys.sort_keys_install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("action_plans", "0014_latest_published_index"),
        ("members", "0004_member_time_zone_user_language"),
        ("commitments", "0016_consultation_reminder"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitment",
            name="member_sort_name",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="commitment",
            name="plan_period_start",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(install_sort_keys, migrations.RunPython.noop, elidable=False),
        migrations.AddField(
            model_name="commitment",
            name="rank_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=commitments.search.CommitmentRankDocument(),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True), ("publication_state", "published")),
                fields=["-plan_period_start", "member_sort_name", "position", "id"],
                name="commitment_search_order",
            ),
        ),
    ]
