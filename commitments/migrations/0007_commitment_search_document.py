"""The searched text stored in the row, weighted (commitments.search), with a GIN index; and an
index on UPPER(ogp_id) for lookups by OGP identifier.

Search used to rebuild the vector of migration 0004 for every row and rank each match from a
second, weighted vector built on the fly; with an OR on `ogp_id__iexact` (which no index
served) PostgreSQL scanned the table. The GIN index of 0004 is dropped: nothing reads it now.
The GIN index is PostgreSQL's only (SQLite stores NULL and searches with icontains).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

import commitments.search

GIN_INDEX = django.contrib.postgres.indexes.GinIndex(
    fields=["search_document"], name="commitment_search_document"
)
OLD_GIN_INDEX = django.contrib.postgres.indexes.GinIndex(
    SearchVector(
        "title", "short_title", "description", "problem", "lead_agency", config="english"
    ),
    name="commitment_search_gin",
)


def swap_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("commitments", "Commitment")
        schema_editor.remove_index(model, OLD_GIN_INDEX)
        schema_editor.add_index(model, GIN_INDEX)


def restore_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("commitments", "Commitment")
        schema_editor.remove_index(model, GIN_INDEX)
        schema_editor.add_index(model, OLD_GIN_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("action_plans", "0006_deadlinereminder_plan_only"),
        ("commitments", "0006_commitment_version_and_comments"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitment",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=commitments.search.CommitmentSearchDocument(),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="commitment", index=GIN_INDEX)],
            database_operations=[
                migrations.RunPython(swap_gin_index, restore_gin_index, elidable=False)
            ],
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                django.db.models.functions.text.Upper("ogp_id"), name="commitment_ogp_id_upper"
            ),
        ),
    ]
