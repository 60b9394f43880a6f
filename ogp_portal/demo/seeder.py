"""What every part of the demo shares: the fixed reference date, the repository's host and the
seeder that creates an object only when it is missing and counts what it created."""

from __future__ import annotations

import datetime
from collections import Counter

from action_plans.models import ActionPlan
from members.models import Member

# Dated facts sit at fixed dates before this one so that the data set is the same everywhere.
REFERENCE_DATE = datetime.date(2025, 12, 15)
REPOSITORY_HOST = "https://repository.example.org"


class DemoSeeder:
    """The day the demo is seeded and, per model's plural name, how many objects it created."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.created: Counter = Counter()

    def get_or_create(self, model, defaults: dict | None = None, **lookup):
        instance, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.created[model._meta.verbose_name_plural] += 1
        return instance


def latest_imported_plan(member: Member) -> ActionPlan | None:
    """The member's most recent plan from OGP's export (the demo's own plans have no
    commitment with an OGP identifier)."""
    return (
        member.action_plans.filter(commitments__ogp_id__isnull=False)
        .order_by("-number")
        .distinct()
        .first()
    )
