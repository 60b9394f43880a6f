"""Run the deadline calendar's jobs now, as Celery beat does every hour."""

from django.core.management.base import BaseCommand

from action_plans.tasks import send_deadline_reminders
from commitments.tasks import send_consultation_reminders, send_milestone_reminders
from irm_reviews.tasks import advance_review_cycles, send_review_deadline_reminders
from ogp_portal.notifications.tasks import notify_followers_of_deadlines


class Command(BaseCommand):
    help = (
        "Advance the IRM review cycles and hand out every deadline reminder due on each "
        "member's local day (safe to run any number of times: each reminder goes out once)."
    )

    def handle(self, *args, **options) -> None:
        jobs = [
            ("review cycles opened", advance_review_cycles),
            ("plan submission reminders", send_deadline_reminders),
            ("milestone reminders", send_milestone_reminders),
            ("consultation reminders", send_consultation_reminders),
            ("followers told of milestones ending or overdue", notify_followers_of_deadlines),
            ("IRM reminders", send_review_deadline_reminders),
        ]
        for label, job in jobs:
            self.stdout.write(f"{label}: {job()}")
