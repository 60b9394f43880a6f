"""The last day of each demo report's comment period, near the demo's today: the Albanian
draft in pre-publication takes comments for two more weeks, the Indonesian one in public
comment for six more days (so the calendar's "comment period closing" reminder has a date),
and the review pages say "Comments close on ..."."""

from __future__ import annotations

import datetime

from irm_reviews.models import CycleState, ReviewCycle

from .seeder import DemoSeeder

DAYS_LEFT = {CycleState.PRE_PUBLICATION: 14, CycleState.PUBLIC_COMMENT: 6}


def comment_periods_seed(seeder: DemoSeeder) -> None:
    for state, days in DAYS_LEFT.items():
        ReviewCycle.objects.filter(state=state, comment_period_closes_on__isnull=True).update(
            comment_period_closes_on=seeder.today + datetime.timedelta(days=days)
        )
