"""The demo data set: OGP's real commitments plus what their export lacks, for a few members.

It imports the repository's copy of the real extract (data/ogp/), then gives six national
members and one local member a multi-stakeholder forum with seats, meetings and minutes, a
document repository, organisations, milestones and progress from the three sources; Albania
gets a plan in co-creation with an open consultation, Indonesia one ready for both sign-offs
and Morocco a submitted one; the IRM has a report in each state.
Dated facts sit at fixed dates before REFERENCE_DATE so that the data set is the same on every
machine; only what must be current (a consultation open now, a review not yet opened) is
placed relative to the day it is seeded. Every object is looked up before it is created, so a
second run changes nothing.
"""

from .accounts import (
    DEMO_ACCOUNTS,
    DEMO_JOURNEYS,
    DEMO_MFA_NOTE,
    DEMO_PASSWORD,
    demo_accounts_table,
)
from .seed import DemoReport, demo_seed

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_JOURNEYS",
    "DEMO_MFA_NOTE",
    "DEMO_PASSWORD",
    "DemoReport",
    "demo_accounts_table",
    "demo_seed",
]
