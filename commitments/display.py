"""What the commitment pages show, shaped from what the selectors fetched: completion labels and
charts, the timeline and the change history. No queries here but the history's two."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Commitment, Completion, Milestone, ProgressSource, ProgressUpdate
from .selectors import commitment_history_records

# Completion levels in the order a chart shows them, from done to not known.
COMPLETION_ORDER = [
    Completion.COMPLETE,
    Completion.SUBSTANTIAL,
    Completion.LIMITED,
    Completion.NOT_STARTED,
    Completion.NO_EVIDENCE,
    Completion.UNCLEAR,
    Completion.WITHDRAWN,
]


@dataclass
class CompletionSegment:
    level: str
    label: str
    count: int
    percent: float
    offset: float


def completion_breakdown(levels: dict[str, int]) -> list[CompletionSegment]:
    """Counts of commitments by completion level ('' = not yet reported) as chart segments,
    in a fixed order, each with its share and where it starts on a 0-100 axis."""
    total = sum(levels.values())
    segments = []
    offset = 0.0
    order = [*COMPLETION_ORDER, ""]
    for level in order:
        count = levels.get(level, 0)
        if not count:
            continue
        percent = 100 * count / total
        label = str(Completion(level).label) if level else _("Not yet reported")
        segments.append(CompletionSegment(level or "none", label, count, percent, offset))
        offset += percent
    return segments


def completion_label(level: str) -> str:
    """The label of a completion level, '' for none."""
    return str(Completion(level).label) if level else ""


@dataclass
class TimelineEvent:
    date: datetime.date
    kind: str
    label: str
    detail: str = ""
    url: str = ""


def commitment_timeline(
    commitment: Commitment, more: Iterable[TimelineEvent] = ()
) -> list[TimelineEvent]:
    """Everything that happened to the commitment, oldest first, from prefetched data only,
    with `more` events (such as the IRM's reports) merged in."""
    plan = commitment.plan
    events = [_commitment_origin(commitment), *_plan_dates(plan)]
    for step in plan.cocreation_steps.all():
        events.append(
            TimelineEvent(
                step.opens_on,
                "cocreation",
                _("%(kind)s opened for the action plan") % {"kind": step.get_kind_display()},
                step.title,
                step.url,
            )
        )
    if plan.submitted_on:
        events.append(TimelineEvent(plan.submitted_on, "submitted", _("Action plan submitted")))
    if commitment.start_date:
        events.append(TimelineEvent(commitment.start_date, "start", _("Implementation starts")))
    for milestone in commitment.milestones.all():
        if milestone.end_date:
            events.append(
                TimelineEvent(
                    milestone.end_date,
                    "milestone_due",
                    _("Milestone %(number)s due") % {"number": milestone.number},
                    milestone.description,
                )
            )
        if milestone.completed_on:
            events.append(
                TimelineEvent(
                    milestone.completed_on,
                    "milestone_done",
                    _("Milestone %(number)s completed") % {"number": milestone.number},
                    milestone.description,
                )
            )
    for update in commitment.progress_updates.all():
        what = _("Progress reported by %(source)s: %(completion)s") % {
            "source": update.get_source_display(),
            "completion": update.get_completion_display(),
        }
        if update.milestone is not None:
            what = _("Milestone %(number)s: %(what)s") % {
                "number": update.milestone.number,
                "what": what,
            }
        events.append(TimelineEvent(update.reported_on, "progress", what, update.text))
    events.extend(more)
    if commitment.end_date:
        events.append(TimelineEvent(commitment.end_date, "end", _("Implementation ends")))
    return sorted(events, key=lambda event: event.date)


def is_imported(commitment: Commitment) -> bool:
    """A commitment stored after its plan was submitted (or began, when no submission date is
    known) came from OGP's export: the forum drafted it elsewhere, before that."""
    plan = commitment.plan
    submitted = plan.submitted_on or (
        plan.period_start if plan.status != plan.Status.CO_CREATION else None
    )
    return submitted is not None and commitment.created_at.date() > submitted


def _commitment_origin(commitment: Commitment) -> TimelineEvent:
    if is_imported(commitment):
        return TimelineEvent(
            commitment.created_at.date(),
            "imported",
            _("Imported from OGP's export of the action plan"),
            _("Drafted with the plan; the date it was drafted is not in OGP's export."),
        )
    return TimelineEvent(commitment.created_at.date(), "created", _("Commitment drafted"))


def _plan_dates(plan) -> list[TimelineEvent]:
    return [
        TimelineEvent(plan.period_start, "plan_start", _("Action plan period starts")),
        TimelineEvent(plan.period_end, "plan_end", _("Action plan period ends")),
    ]


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    action: str
    changes: list[FieldChange]
    # The commitment's own records: the version saved, viewable and restorable on its page.
    history_id: int | None = None
    version: int | None = None


_HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _history_entries(records, model, subject, versioned: bool = False) -> list[HistoryEntry]:
    entries = []
    previous_by_object: dict[int, Any] = {}
    for record in records:
        previous = previous_by_object.get(record.id)
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(str(field.verbose_name), _display(change.old), _display(change.new))
                )
        previous_by_object[record.id] = record
        if previous is not None and record.history_type == "~" and not changes:
            continue
        if record.history_user is not None:
            who = record.history_user.get_full_name() or record.history_user.username
        else:
            who = _("an import or a script")
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=who,
                what=subject(record),
                action=_HISTORY_ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
                history_id=record.history_id if versioned else None,
                version=record.version if versioned else None,
            )
        )
    return entries


def _display(value: Any) -> Any:
    if value in (None, ""):
        return "—"
    if value in Completion.values:
        return Completion(value).label
    return value


def commitment_change_history(commitment: Commitment) -> list[HistoryEntry]:
    """Who changed the commitment and its milestones, when, and which fields, newest first.
    Two queries whatever the length of the history."""
    commitment_records, milestone_records = commitment_history_records(commitment)
    entries = _history_entries(
        commitment_records, Commitment, lambda record: _("Commitment"), versioned=True
    )
    entries += _history_entries(
        milestone_records,
        Milestone,
        lambda record: _("Milestone %(number)s") % {"number": record.number},
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


# A milestone due within this many days is flagged as ending soon.
MILESTONE_DUE_SOON_DAYS = 30


@dataclass
class MilestoneSourceView:
    """One source's latest word on one milestone ('' completion: not yet reported)."""

    source: str
    label: str
    completion: str = ""
    completion_label: str = ""
    reported_on: datetime.date | None = None
    update: ProgressUpdate | None = None


@dataclass
class MilestoneProgress:
    milestone: Milestone
    views: list[MilestoneSourceView]
    due: str = ""  # "overdue", "due_soon" or ""

    @property
    def government(self) -> MilestoneSourceView:
        return self.views[0]


def _latest_by_target(
    updates: Iterable[ProgressUpdate],
) -> dict[tuple[int | None, str], ProgressUpdate]:
    """The latest update per (milestone id or None, source), from updates newest first."""
    latest: dict[tuple[int | None, str], ProgressUpdate] = {}
    for update in updates:
        latest.setdefault((update.milestone_id, update.source), update)
    return latest


def _newest_first(commitment: Commitment) -> list[ProgressUpdate]:
    return sorted(
        commitment.progress_updates.all(),
        key=lambda update: (update.reported_on, update.pk),
        reverse=True,
    )


def milestone_progress_table(
    commitment: Commitment, today: datetime.date | None = None
) -> list[MilestoneProgress]:
    """Each milestone with every source's latest completion and date, from prefetched
    milestones and progress updates only. The government's column is its latest update on the
    milestone, else the status recorded on the milestone itself (as imported or set), which the
    services keep equal to that latest update."""
    today = today or timezone.localdate()
    latest = _latest_by_target(_newest_first(commitment))
    rows = []
    for milestone in commitment.milestones.all():
        views = []
        for source in ProgressSource:
            view = MilestoneSourceView(source=source.value, label=str(source.label))
            update = latest.get((milestone.pk, source.value))
            if update is not None:
                view.completion = update.completion
                view.reported_on = update.reported_on
                view.update = update
            elif source == ProgressSource.GOVERNMENT and (
                milestone.completion != Completion.NOT_STARTED or milestone.completed_on
            ):
                view.completion = milestone.completion
                view.reported_on = milestone.completed_on
            view.completion_label = completion_label(view.completion)
            views.append(view)
        rows.append(MilestoneProgress(milestone, views, _due_state(milestone, views[0], today)))
    return rows


def _due_state(milestone: Milestone, government: MilestoneSourceView, today: datetime.date) -> str:
    if milestone.end_date is None or government.completion in (
        Completion.COMPLETE,
        Completion.WITHDRAWN,
    ):
        return ""
    if milestone.end_date < today:
        return "overdue"
    if (milestone.end_date - today).days <= MILESTONE_DUE_SOON_DAYS:
        return "due_soon"
    return ""


def progress_latest_of_source(
    commitment: Commitment, source: str
) -> dict[int | None, ProgressUpdate]:
    """The latest update of `source` on the commitment itself (key None) and on each milestone,
    from the prefetched progress updates."""
    return {
        milestone_id: update
        for (milestone_id, update_source), update in _latest_by_target(
            _newest_first(commitment)
        ).items()
        if update_source == source
    }


def commitment_latest_by_source(commitment: Commitment) -> list[MilestoneSourceView]:
    """Every source's latest progress update on the commitment as a whole (not a milestone),
    from the prefetched progress updates; the IRM's reports are composed in irm_reviews."""
    latest = _latest_by_target(_newest_first(commitment))
    views = []
    for source in ProgressSource:
        view = MilestoneSourceView(source=source.value, label=str(source.label))
        update = latest.get((None, source.value))
        if update is not None:
            view.completion = update.completion
            view.completion_label = completion_label(update.completion)
            view.reported_on = update.reported_on
            view.update = update
        views.append(view)
    return views
