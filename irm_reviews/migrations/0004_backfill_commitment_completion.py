"""Fill the stored completion of every commitment (commitments 0007) from the progress updates
and published IRM assessments, as commitments.completion and
irm_reviews.services.commitment_completion_refresh compute it from now on. Plain SQL that
PostgreSQL and SQLite both run, so that it does not depend on today's code."""

from django.db import migrations

LATEST_IRM = """(
    SELECT a.completion FROM irm_reviews_commitmentassessment a
    JOIN irm_reviews_reviewcycle r ON r.id = a.cycle_id
    WHERE a.commitment_id = c.id AND r.state = 'published' AND a.completion <> ''
    ORDER BY r.published_on DESC, a.id DESC LIMIT 1)"""


def _latest_reported(source: str) -> str:
    return f"""(
    SELECT p.completion FROM commitments_progressupdate p
    WHERE p.commitment_id = c.id AND p.source = '{source}' AND p.milestone_id IS NULL
    ORDER BY p.reported_on DESC, p.id DESC LIMIT 1)"""


IRM_WORD = f"COALESCE({LATEST_IRM}, {_latest_reported('irm')})"
BACKFILL = f"""
UPDATE commitments_commitment AS c SET
    completion_irm_assessed = COALESCE({LATEST_IRM}, ''),
    completion_self_reported = COALESCE({_latest_reported("government")}, ''),
    completion_by_irm = ({IRM_WORD} IS NOT NULL),
    completion_level = COALESCE({IRM_WORD}, {_latest_reported("government")}, '')
"""


class Migration(migrations.Migration):
    dependencies = [
        ("irm_reviews", "0003_copy_cycle_reminders"),
        ("commitments", "0008_commitment_stored_completion"),
    ]

    operations = [migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=True)]
