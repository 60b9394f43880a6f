"""What must hold before an action plan takes a step of its workflow (commitments.plan_workflow):
each precondition is a function of the plan returning the problems that stand in the way, each a
translated message and the address where it is fixed, so that a refused step is explained item
by item. Adding a precondition is adding one function to its list."""

import datetime
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan

from .consultation import consultation_submission_problems
from .models import Commitment, Milestone


class Problem(NamedTuple):
    """Something that must be fixed before a step: what, and where to fix it (may be empty)."""

    message: str
    url: str = ""


Precondition = Callable[[ActionPlan], Iterable[Any]]


def _edit_url(commitment: Commitment, anchor: str = "") -> str:
    url = reverse("commitments:edit", args=[commitment.ogp_id or commitment.pk])
    return f"{url}#{anchor}" if anchor else url


def _name(commitment: Commitment) -> str:
    return _("Commitment %(number)s (%(title)s)") % {
        "number": commitment.number,
        "title": commitment.short_title or commitment.title,
    }


def has_commitments_problems(plan: ActionPlan) -> list[Problem]:
    """A plan is submitted with at least one commitment."""
    if plan.commitments.exists():
        return []
    return [
        Problem(
            _("The plan has no commitment yet."),
            reverse("commitments:new", args=[plan.member.slug, plan.pk]),
        )
    ]


def lead_agency_problems(plan: ActionPlan) -> list[Problem]:
    """Every commitment names its lead implementing agency."""
    return [
        Problem(
            _("%(commitment)s has no lead implementing agency.") % {"commitment": _name(c)},
            _edit_url(c, "id_lead_agency"),
        )
        for c in plan.commitments.filter(lead_agency__regex=r"^\s*$").order_by("position", "pk")
    ]


def milestone_problems(plan: ActionPlan) -> list[Problem]:
    """Every commitment has at least one milestone."""
    return [
        Problem(
            _("%(commitment)s has no milestone.") % {"commitment": _name(c)},
            _edit_url(c, "id_milestones-0-description"),
        )
        for c in plan.commitments.annotate(milestone_count=Count("milestones"))
        .filter(milestone_count=0)
        .order_by("position", "pk")
    ]


def _outside(start: datetime.date | None, end: datetime.date | None, plan: ActionPlan) -> bool:
    return (start is not None and start < plan.period_start) or (
        end is not None and end > plan.period_end
    )


def date_problems(plan: ActionPlan) -> list[Problem]:
    """Every commitment has a start and an end date, and its dates and its milestones' dates
    lie within the plan's period."""
    period = {
        "start": date_format(plan.period_start, "DATE_FORMAT"),
        "end": date_format(plan.period_end, "DATE_FORMAT"),
    }
    problems: list[Problem] = []
    commitments = list(plan.commitments.order_by("position", "pk"))
    outside_milestones = Milestone.objects.filter(commitment__plan=plan).filter(
        Q(start_date__lt=plan.period_start) | Q(end_date__gt=plan.period_end)
    )
    by_commitment: dict[int, list[Milestone]] = {}
    for milestone in outside_milestones.order_by("number"):
        by_commitment.setdefault(milestone.commitment_id, []).append(milestone)
    for c in commitments:
        if c.start_date is None or c.end_date is None:
            problems.append(
                Problem(
                    _("%(commitment)s has no start or end date.") % {"commitment": _name(c)},
                    _edit_url(c, "id_start_date"),
                )
            )
        elif _outside(c.start_date, c.end_date, plan):
            problems.append(
                Problem(
                    _("%(commitment)s runs outside the plan's period (%(start)s to %(end)s).")
                    % {"commitment": _name(c), **period},
                    _edit_url(c, "id_start_date"),
                )
            )
        for milestone in by_commitment.get(c.pk, []):
            problems.append(
                Problem(
                    _(
                        "Milestone %(milestone)d of %(commitment)s runs outside the plan's "
                        "period (%(start)s to %(end)s)."
                    )
                    % {"milestone": milestone.number, "commitment": _name(c), **period},
                    _edit_url(c, f"id_milestones-{milestone.number - 1}-start_date"),
                )
            )
    return problems


def endorsed_text_problems(plan: ActionPlan) -> list[Problem]:
    """Both sides endorse the same text: a commitment created, edited or deleted after a
    standing sign-off asks its signer to withdraw it and sign the plan as it is now."""
    first = plan.sign_offs.filter(withdrawn_at__isnull=True).order_by("signed_at").first()
    if first is None:
        return []
    url = f"{plan.get_absolute_url()}#sign-off"
    changed = Commitment.with_deleted.filter(plan=plan, updated_at__gt=first.signed_at)
    return [
        Problem(
            _(
                "%(commitment)s was changed after %(name)s signed off on %(date)s: they "
                "withdraw their sign-off and sign the plan as it is now."
            )
            % {
                "commitment": _name(c),
                "name": first.signer_name,
                "date": date_format(timezone.localtime(first.signed_at), "DATETIME_FORMAT"),
            },
            url,
        )
        for c in changed.order_by("position", "pk")
    ]


# What must hold before the plan is signed off and submitted, checked in this order. Add a
# precondition by adding its function here.
SUBMISSION_PRECONDITIONS: list[Precondition] = [
    has_commitments_problems,
    lead_agency_problems,
    milestone_problems,
    date_problems,
    consultation_submission_problems,
    endorsed_text_problems,
]


def period_started_problems(plan: ActionPlan) -> list[Problem]:
    """Implementation begins once the plan's period has started."""
    if timezone.localdate() >= plan.period_start:
        return []
    return [
        Problem(
            _("The plan's period starts on %(date)s: implementation begins then.")
            % {"date": date_format(plan.period_start, "DATE_FORMAT")}
        )
    ]


def period_over_problems(plan: ActionPlan) -> list[Problem]:
    """A plan ends once the last day of its period has come."""
    if timezone.localdate() >= plan.period_end:
        return []
    return [
        Problem(
            _("The plan's period runs until %(date)s; withdraw it instead to stop it before.")
            % {"date": date_format(plan.period_end, "DATE_FORMAT")}
        )
    ]


def _as_problem(item: Any) -> Problem:
    """A problem from any precondition: a Problem, a (message, url) pair or an object with
    `message` and `url`."""
    if isinstance(item, tuple):
        return Problem(*(str(part) for part in item))
    return Problem(str(item.message), str(getattr(item, "url", "") or ""))


def problems_of(plan: ActionPlan, preconditions: Iterable[Precondition]) -> list[Problem]:
    return [_as_problem(item) for check in preconditions for item in check(plan)]
