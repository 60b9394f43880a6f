"""Writing a parsed export to the database: members, action plans, commitments with their
policy areas, and the published IRM reports with their assessments. Every table goes through
one upsert, keyed on OGP's identifiers, so an unchanged row is never written."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from action_plans.models import ActionPlan, PlanStatus
from commitments.models import Commitment, PolicyArea
from irm_reviews.models import CommitmentAssessment, CycleState, ReviewCycle, ReviewKind
from members.models import Member

from .columns import AreaColumn
from .dates import cycle_dates, plan_period
from .parsing import MemberData, ParsedRow, natural_key
from .report import ImportReport, RowRejection

IMPORT_REASON = "OGP export import"

Key = TypeVar("Key", bound=Hashable)
Stored = TypeVar("Stored", bound=Model)


@dataclass
class Upserted(Generic[Key, Stored]):
    """The rows of one upsert by key, and the keys of those it created and updated."""

    rows: dict[Key, Stored] = field(default_factory=dict)
    created: set[Key] = field(default_factory=set)
    updated: set[Key] = field(default_factory=set)


def _assign(instance: Model, values: dict[str, Any]) -> bool:
    """Set the values on the instance; True when any of them differed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def rows_upsert(
    model: type[Stored],
    wanted: dict[Key, tuple[Stored | None, dict[str, Any], dict[str, Any]]],
    *,
    batch_size: int | None = None,
    history_reason: str = "",
) -> Upserted[Key, Stored]:
    """Create the rows not stored yet and update those whose values differ, in bulk.

    wanted maps each key to (the row stored now, or None; the fields that identify a new row;
    the values the export owns). A row whose values all equal the stored ones is not written,
    so importing the same file again writes nothing. Updated rows get updated_at set to now.
    With a history_reason the writes are recorded in the model's history under that reason.
    """
    upserted: Upserted[Key, Stored] = Upserted()
    to_create: list[Stored] = []
    to_update: list[Stored] = []
    fields: set[str] = set()
    now = timezone.now()
    for key, (stored, identity, values) in wanted.items():
        if stored is None:
            stored = model(**identity, **values)
            to_create.append(stored)
            upserted.created.add(key)
        elif _assign(stored, values):
            stored.updated_at = now  # type: ignore[attr-defined]
            to_update.append(stored)
            fields |= values.keys()
            upserted.updated.add(key)
        upserted.rows[key] = stored
    update_fields = [*sorted(fields), "updated_at"]
    if history_reason:
        bulk_create_with_history(
            to_create, model, batch_size=batch_size, default_change_reason=history_reason
        )
        bulk_update_with_history(
            to_update,
            model,
            update_fields,
            batch_size=batch_size,
            default_change_reason=history_reason,
        )
    else:
        model._default_manager.bulk_create(to_create, batch_size=batch_size)
        model._default_manager.bulk_update(to_update, update_fields, batch_size=batch_size)
    return upserted


def _rows_kept(
    rows: list[ParsedRow],
    refused: dict[str, str],
    key: Callable[[ParsedRow], str],
    report: ImportReport,
) -> list[ParsedRow]:
    """The rows whose key (a member's code, a plan's identifier) was not refused; the others
    are reported rejected with the refusal's reason."""
    kept = []
    for row in rows:
        reason = refused.get(key(row))
        if reason is None:
            kept.append(row)
        else:
            report.rejections.append(RowRejection(row.number, row.ogp_id, reason))
    return kept


def policy_areas_ensure(area_columns: list[AreaColumn], report: ImportReport) -> dict[str, int]:
    existing = {area.slug: area for area in PolicyArea.objects.all()}
    by_column = {area.column: area for area in area_columns}
    for parents_first in (True, False):
        for area in area_columns:
            if (area.parent_column is None) != parents_first:
                continue
            parent = existing[by_column[area.parent_column].slug] if area.parent_column else None
            current = existing.get(area.slug)
            if current is None:
                current = PolicyArea.objects.filter(name=area.name).first()
            if current is None:
                existing[area.slug] = PolicyArea.objects.create(
                    name=area.name, slug=area.slug, parent=parent
                )
                report.policy_areas_created += 1
            else:
                existing[area.slug] = current
                if current.parent_id != (parent.pk if parent else None):
                    current.parent = parent
                    current.save(update_fields=["parent"])
    return {area.slug: existing[area.slug].pk for area in area_columns}


def members_store(
    rows: list[ParsedRow], report: ImportReport
) -> tuple[dict[str, Member], list[ParsedRow]]:
    wanted: dict[str, MemberData] = {}
    for row in rows:
        wanted.setdefault(row.member.code, row.member)
    # Found by their code, so none is None.
    members = {
        cast(str, member.ogp_code): member for member in Member.objects.filter(ogp_code__in=wanted)
    }
    new = [data for code, data in wanted.items() if code not in members]
    holders: dict[str, Member] = {}
    if new:
        for holder in Member.objects.filter(
            Q(slug__in=[data.slug for data in new]) | Q(name__in=[data.name for data in new])
        ):
            holders[holder.slug] = holders[holder.name] = holder
    refused: dict[str, str] = {}
    adopted: dict[int, MemberData] = {}
    upserts: dict[str, tuple[Member | None, dict[str, Any], dict[str, Any]]] = {}
    for code, data in wanted.items():
        member = members.get(code)
        if member is None:
            member = holders.get(data.slug) or holders.get(data.name)
            # A member entered by hand (no OGP code yet) is adopted, by one code only; one with
            # a code is not.
            if member is not None:
                owner = adopted.get(member.pk)
                if member.ogp_code or owner:
                    refused[code] = _(
                        "Member %(other)s (code %(other_code)s) already has the name or slug of "
                        "%(name)s."
                    ) % {
                        "other": owner.name if owner else member.name,
                        "other_code": owner.code if owner else member.ogp_code,
                        "name": data.name,
                    }
                    continue
                adopted[member.pk] = data
        values = {
            "name": data.name,
            "kind": data.kind,
            "country_code": data.country_code,
            "ogp_code": code,
            "region": data.region,
        }
        if data.website_url:
            values["website_url"] = data.website_url
        upserts[code] = (member, {"slug": data.slug}, values)
    upserted = rows_upsert(Member, upserts)
    report.members_created += len(upserted.created)
    report.members_updated += len(upserted.updated)
    return upserted.rows, _rows_kept(rows, refused, lambda row: row.member.code, report)


def plans_store(
    rows: list[ParsedRow], members: dict[str, Member], report: ImportReport, today: datetime.date
) -> tuple[dict[str, ActionPlan], list[ParsedRow], dict[int, list[dict]]]:
    by_plan: dict[str, list[ParsedRow]] = defaultdict(list)
    for row in rows:
        by_plan[row.plan.ogp_id].append(row)
    plans = {plan.ogp_id: plan for plan in ActionPlan.objects.filter(ogp_id__in=by_plan)}
    member_ids = {members[plan_rows[0].member.code].pk for plan_rows in by_plan.values()}
    numbers_taken = {
        (plan["member_id"], plan["number"]): plan["ogp_id"]
        for plan in ActionPlan.objects.filter(member_id__in=member_ids).values(
            "member_id", "number", "ogp_id"
        )
    }
    # Commitments of these plans that this file does not carry keep their numbers and count
    # towards the plan's period.
    others: dict[int, list[dict]] = defaultdict(list)
    for commitment in (
        Commitment.objects.filter(plan__in=plans.values())
        .exclude(ogp_id__in=[row.ogp_id for row in rows])
        .values("plan_id", "ogp_id", "number", "start_date", "end_date")
    ):
        others[commitment["plan_id"]].append(commitment)

    refused: dict[str, str] = {}
    upserts: dict[str, tuple[ActionPlan | None, dict[str, Any], dict[str, Any]]] = {}
    for plan_id, plan_rows in by_plan.items():
        data, member = plan_rows[0].plan, members[plan_rows[0].member.code]
        holder = numbers_taken.get((member.pk, data.number))
        if holder and holder != plan_id:
            refused[plan_id] = _("%(member)s already has plan number %(number)d (%(other)s).") % {
                "member": member.name,
                "number": data.number,
                "other": holder,
            }
            continue
        plan = plans.get(plan_id)
        extra = others.get(plan.pk, []) if plan else []
        start, end = plan_period(
            data.submitted_year,
            data.end_year,
            [row.fields["start_date"] for row in plan_rows if row.fields["start_date"]]
            + [item["start_date"] for item in extra if item["start_date"]],
            [row.fields["end_date"] for row in plan_rows if row.fields["end_date"]]
            + [item["end_date"] for item in extra if item["end_date"]],
        )
        years = (
            f"{data.submitted_year}"
            if data.submitted_year == data.end_year
            else f"{data.submitted_year}-{data.end_year}"
        )
        values = {
            "member_id": member.pk,
            "number": data.number,
            "title": f"{member.name} Action Plan {years}",
            "period_start": start,
            "period_end": end,
            "submitted_year": data.submitted_year,
            "status": PlanStatus.ENDED if end < today else PlanStatus.IMPLEMENTATION,
            "ogp_url": member.website_url,
        }
        upserts[plan_id] = (plan, {"ogp_id": plan_id}, values)
    upserted = rows_upsert(ActionPlan, upserts)
    report.plans_created += len(upserted.created)
    report.plans_updated += len(upserted.updated)
    kept = _rows_kept(rows, refused, lambda row: row.plan.ogp_id, report)
    return upserted.rows, kept, others


def commitment_numbers(
    rows: list[ParsedRow], plans: dict[str, ActionPlan], others: dict[int, list[dict]]
) -> tuple[dict[str, str], dict[str, int]]:
    """Each row's commitment number, made unique within its plan, and its position: from all
    the rows of each plan (their identifiers and numbers only)."""
    by_plan: dict[str, list[ParsedRow]] = defaultdict(list)
    for row in rows:
        by_plan[row.plan.ogp_id].append(row)
    numbers: dict[str, str] = {}
    positions: dict[str, int] = {}
    for plan_id, plan_rows in by_plan.items():
        plan = plans[plan_id]
        taken = {item["number"]: item["ogp_id"] or "" for item in others.get(plan.pk, [])}
        for row in plan_rows:
            number, suffix = row.commitment_number, 2
            while number in taken:
                number = f"{row.commitment_number} ({suffix})"
                suffix += 1
            if number != row.commitment_number:
                row.notes.append(
                    _(
                        "Plan %(plan)s already has a commitment numbered %(number)s (%(other)s); "
                        "this one is stored as %(stored)s."
                    )
                    % {
                        "plan": plan_id,
                        "number": row.commitment_number,
                        "other": taken[row.commitment_number],
                        "stored": number,
                    }
                )
            taken[number] = row.ogp_id
            numbers[row.ogp_id] = number
        ordered = sorted(plan_rows, key=lambda row: (natural_key(numbers[row.ogp_id]), row.number))
        for position, row in enumerate(ordered, start=1):
            positions[row.ogp_id] = position
    return numbers, positions


def _empty_fields_filled(stored: Commitment | None, sections: dict[str, str]) -> dict[str, str]:
    """The full text's sections for the fields a stored commitment leaves empty: a field
    someone wrote, or one an earlier import filled, is left as it is."""
    return {
        name: text for name, text in sections.items() if stored is None or not getattr(stored, name)
    }


def commitments_store(
    rows: list[ParsedRow],
    plans: dict[str, ActionPlan],
    numbers: dict[str, str],
    positions: dict[str, int],
    area_ids: dict[str, int],
) -> tuple[dict[str, Commitment], set[str], set[str]]:
    """Store a batch of rows (numbered by commitment_numbers over all the rows); returns the
    batch's commitments by OGP identifier, and the identifiers created and changed."""
    existing = {
        commitment.ogp_id: commitment
        for commitment in Commitment.objects.filter(ogp_id__in=[row.ogp_id for row in rows])
    }
    upserted = rows_upsert(
        Commitment,
        {
            row.ogp_id: (
                existing.get(row.ogp_id),
                {"ogp_id": row.ogp_id},
                {
                    **row.fields,
                    **_empty_fields_filled(existing.get(row.ogp_id), row.filled_if_empty),
                    "plan_id": plans[row.plan.ogp_id].pk,
                    "number": numbers[row.ogp_id],
                    "position": positions[row.ogp_id],
                },
            )
            for row in rows
        },
        batch_size=500,
        history_reason=IMPORT_REASON,
    )
    commitments, changed = upserted.rows, set(upserted.updated)

    through = Commitment.policy_areas.through
    current: dict[int, set[int]] = defaultdict(set)
    for commitment_id, area_id in through.objects.filter(
        commitment_id__in=[commitment.pk for commitment in commitments.values()]
    ).values_list("commitment_id", "policyarea_id"):
        current[commitment_id].add(area_id)
    links, unlinks = [], Q(pk__in=[])
    for row in rows:
        commitment = commitments[row.ogp_id]
        wanted = {area_ids[slug] for slug in row.areas}
        have = current[commitment.pk]
        if wanted != have:
            changed.add(row.ogp_id)
            links += [
                through(commitment_id=commitment.pk, policyarea_id=area_id)
                for area_id in wanted - have
            ]
            if have - wanted:
                unlinks |= Q(commitment_id=commitment.pk, policyarea_id__in=have - wanted)
    through.objects.filter(unlinks).delete()
    through.objects.bulk_create(links, batch_size=1000)
    return commitments, upserted.created, changed


Cycles = dict[tuple[str, str], ReviewCycle]


def review_cycles_store(
    rows: list[ParsedRow], plans: dict[str, ActionPlan], report: ImportReport
) -> Cycles:
    """Create or update the published reports of all the rows' plans (each dated by the year
    most of its rows give); returns them by plan identifier and kind."""
    years: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row in rows:
        for kind in row.assessments:
            year = (
                row.progress_report_year
                if kind in (ReviewKind.PROGRESS_REPORT, ReviewKind.ACTION_PLAN_REVIEW)
                else row.end_of_term_year
            )
            counts = years[(row.plan.ogp_id, kind)]
            if year is not None:
                counts[year] += 1
    stored_cycles = {
        (cycle.plan_id, cycle.kind): cycle
        for cycle in ReviewCycle.objects.filter(
            plan__in=[plans[plan_id] for plan_id, _kind in years]
        )
    }
    cycle_upserts: dict[tuple[str, str], tuple[ReviewCycle | None, dict, dict]] = {}
    for (plan_id, kind), counts in years.items():
        plan = plans[plan_id]
        publication_year = max(counts, key=lambda year: (counts[year], year), default=None)
        opens, due, published = cycle_dates(kind, plan, publication_year)
        cycle_upserts[(plan_id, kind)] = (
            stored_cycles.get((plan.pk, kind)),
            {"plan": plan, "kind": kind},
            {
                "opens_on": opens,
                "due_on": due,
                "state": CycleState.PUBLISHED,
                "published_on": published,
            },
        )
    upserted_cycles = rows_upsert(ReviewCycle, cycle_upserts)
    report.review_cycles_created += len(upserted_cycles.created)
    report.review_cycles_updated += len(upserted_cycles.updated)
    return upserted_cycles.rows


def assessments_store(
    rows: list[ParsedRow], cycles: Cycles, commitments: dict[str, Commitment]
) -> set[str]:
    """Create or update a batch of rows' assessments; returns the identifiers of the
    commitments whose assessments changed."""
    plan_ids = {row.plan.ogp_id for row in rows}
    existing = {
        (assessment.cycle_id, assessment.commitment_id): assessment
        for assessment in CommitmentAssessment.objects.filter(
            cycle__in=[cycle for (plan_id, _kind), cycle in cycles.items() if plan_id in plan_ids],
            commitment__in=[commitments[row.ogp_id] for row in rows],
        )
    }
    assessment_upserts: dict[tuple[str, str], tuple[CommitmentAssessment | None, dict, dict]] = {}
    for row in rows:
        commitment = commitments[row.ogp_id]
        for kind, values in row.assessments.items():
            cycle = cycles[(row.plan.ogp_id, kind)]
            assessment_upserts[(row.ogp_id, kind)] = (
                existing.get((cycle.pk, commitment.pk)),
                {"cycle": cycle, "commitment": commitment},
                values,
            )
    upserted = rows_upsert(CommitmentAssessment, assessment_upserts, batch_size=1000)
    return {ogp_id for ogp_id, _kind in upserted.created | upserted.updated}
