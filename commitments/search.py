"""The searched text of a commitment, stored in its row (`Commitment.search_document`) so that a
search reads one GIN index and ranks from the stored vector instead of rebuilding it per match."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Func
from django.db.models.expressions import CombinedExpression

SEARCH_CONFIG = "english"

# Weighted title > short title > description and problem > lead agency: a word in the title
# ranks a commitment above one that mentions it in the description.
WEIGHTED_FIELDS = (
    ("A", ("title",)),
    ("B", ("short_title",)),
    ("C", ("description", "problem")),
    ("D", ("lead_agency",)),
)


class CommitmentSearchDocument(Func):
    """The weighted tsvector on PostgreSQL; NULL elsewhere (the embedded SQLite database
    searches with icontains, see commitments.selectors.commitment_search)."""

    template = "%(expressions)s"

    def __init__(self) -> None:
        vectors = [
            SearchVector(*fields, weight=weight, config=SEARCH_CONFIG)
            for weight, fields in WEIGHTED_FIELDS
        ]
        document: SearchVector | CombinedExpression = vectors[0]
        for vector in vectors[1:]:
            document = document + vector
        super().__init__(document, output_field=SearchVectorField())

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []
