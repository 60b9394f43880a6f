"""A commitment's completion as every page shows it, stored in its row and kept current by the
writes that change what it is computed from.

The rule, in this one place: the IRM's latest published completion (`completion_irm_assessed`,
which irm_reviews keeps, since only it knows which reports are published), else the latest
IRM progress update on the commitment, else the government's latest self-assessment, else ''.
The commitments app recomputes it after its own progress writes with the stored IRM word;
irm_reviews.services.commitment_completion_refresh passes a fresh IRM word after its writes.
"""

from django.db.models import (
    Case,
    CharField,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import IsNull

from .models import Commitment, ProgressSource, ProgressUpdate


def latest_reported_completion(source: str) -> Subquery:
    """The completion of the commitment's latest progress update from `source` (on the
    commitment itself, not a milestone); NULL when there is none."""
    return Subquery(
        ProgressUpdate.objects.filter(
            commitment=OuterRef("pk"), source=source, milestone__isnull=True
        )
        .order_by("-reported_on", "-pk")
        .values("completion")[:1],
        output_field=CharField(),
    )


def commitment_completion_refresh(
    commitments: QuerySet[Commitment], *, irm_assessed: BaseExpression | None = None
) -> int:
    """Recompute the stored completion of these commitments in one UPDATE, with the IRM's
    assessed completion given as an expression per commitment (NULL or '' when none), or, when
    not given, the one stored. Touches neither `updated_at` nor the history. Returns the count."""
    assessed = F("completion_irm_assessed") if irm_assessed is None else irm_assessed
    assessed = NullIf(assessed, Value(""))
    irm_word = Coalesce(assessed, latest_reported_completion(ProgressSource.IRM))
    fields = {
        "completion_level": Coalesce(
            irm_word,
            latest_reported_completion(ProgressSource.GOVERNMENT),
            Value(""),
            output_field=CharField(),
        ),
        "completion_by_irm": Case(When(IsNull(irm_word, False), then=Value(True)), default=False),
        "completion_self_reported": Coalesce(
            latest_reported_completion(ProgressSource.GOVERNMENT), Value("")
        ),
    }
    if irm_assessed is not None:
        fields["completion_irm_assessed"] = Coalesce(assessed, Value(""))
    return commitments.order_by().update(**fields)
