"""A GIN index for full-text search of commitments (PostgreSQL only).

The expression must stay identical to `commitments.selectors.commitment_search_vector()` for
PostgreSQL to use the index; tests/commitments/test_search.py checks that it does.

Since migration 0006 search reads the stored, weighted `Commitment.search_document` and its GIN
index (commitments.search) instead; 0006 drops this index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "commitment_search_gin"


def _index() -> GinIndex:
    return GinIndex(
        SearchVector(
            "title", "short_title", "description", "problem", "lead_agency", config="english"
        ),
        name=INDEX_NAME,
    )


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("commitments", "Commitment"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("commitments", "Commitment"), _index())


class Migration(migrations.Migration):
    dependencies = [("commitments", "0003_commitment_milestone_history")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
