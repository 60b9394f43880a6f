"""The co-creation standards check: for one action plan, whether each minimum requirement of
OGP's Participation and Co-Creation Standards (2022) is met, not met, or not assessable yet,
computed from what the portal records (the forum and its seats by sector, its meetings, the
member's OGP page and document repository, the co-creation record, the public consultation
with its input and reasoned responses), each with the reason and links to the evidence.

It is the portal's reading of its own records, shown beside (never instead of) the IRM's
finding. Each requirement is one function of the same shape in REQUIREMENTS (LOCAL_REQUIREMENTS
for local members), so that a requirement is added by writing one function and listing it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan, CoCreationKind
from members.models import Member, Sector

from .permissions import can_record_standards_findings, can_see_standards_findings
from .standards_findings import standards_findings_visible, standards_review_cycle
from .standards_record import (
    ADVANCE_NOTICE_DAYS,
    MEETING_INTERVAL_DAYS,
    YEAR,
    Evidence,
    PlanRecord,
    RequirementResult,
    Verdict,
    plan_record,
)


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _later(record: PlanRecord) -> str:
    """NOT_ASSESSABLE while co-creation goes on, NOT_MET once it is over."""
    return Verdict.NOT_ASSESSABLE if record.is_in_co_creation else Verdict.NOT_MET


def forum_requirement(record: PlanRecord) -> RequirementResult:
    code, title = (
        "1.1",
        _(
            "A forum exists, meets at least every six months, and its rules of participation are "
            "public"
        ),
    )
    forum = record.forum
    if forum is None:
        return RequirementResult(
            code, title, Verdict.NOT_MET, _("No multi-stakeholder forum is recorded.")
        )
    evidence = [Evidence(_("The forum and its seats"), record.member_url("forum-title"))]
    government = record.seats_by_sector.get(Sector.GOVERNMENT, 0)
    civil_society = record.seats_by_sector.get(Sector.CIVIL_SOCIETY, 0)
    problems: list[str] = []
    if not government or not civil_society:
        problems.append(
            _(
                "It should seat both government and civil society; it has %(government)d "
                "government and %(civil_society)d civil-society seats."
            )
            % {"government": government, "civil_society": civil_society}
        )
    if forum.rules_url:
        evidence.append(Evidence(_("The rules of participation"), forum.rules_url))
    elif not forum.rules.strip():
        problems.append(_("Its rules of participation are not published."))
    until = record.co_creation_until
    held = [meeting.held_on for meeting in record.meetings if meeting.held_on <= until]
    window_start = until - YEAR
    if forum.established_on and forum.established_on > window_start:
        window_start = forum.established_on
    recent = [day for day in held if day > window_start]
    if not held:
        problems.append(_("No meeting of the forum is recorded."))
    else:
        before = [day for day in held if day <= window_start]
        points = [before[-1] if before else window_start, *recent, until]
        longest = max((b - a).days for a, b in zip(points, points[1:], strict=False))
        if longest > MEETING_INTERVAL_DAYS:
            problems.append(
                _(
                    "Its longest time without a meeting, in the year up to %(day)s, is %(days)d "
                    "days (at most six months, %(limit)d days); last meeting %(last)s."
                )
                % {
                    "day": _day(until),
                    "days": longest,
                    "limit": MEETING_INTERVAL_DAYS,
                    "last": _day(held[-1]),
                }
            )
    if problems:
        return RequirementResult(code, title, Verdict.NOT_MET, " ".join(problems), evidence)
    return RequirementResult(
        code,
        title,
        Verdict.MET,
        _(
            "The forum seats %(government)d government and %(civil_society)d civil-society "
            "members; in the year before %(day)s it met %(meetings)d times, never more than "
            "six months apart; its rules are public."
        )
        % {
            "government": government,
            "civil_society": civil_society,
            "meetings": len(recent),
            "day": _day(until),
        },
        evidence,
    )


def ogp_page_requirement(record: PlanRecord) -> RequirementResult:
    code, title = "2.1", _("An OGP website (or page) about the member's process exists")
    url = record.member.website_url or record.plan.ogp_url
    if url:
        return RequirementResult(
            code,
            title,
            Verdict.MET,
            _("The member's OGP page is recorded."),
            [Evidence(_("The OGP page"), url)],
        )
    return RequirementResult(
        code, title, Verdict.NOT_MET, _("No OGP page of the member is recorded.")
    )


def repository_requirement(record: PlanRecord) -> RequirementResult:
    code, title = "2.2", _("A repository of documents, updated at least twice a year")
    until = record.co_creation_until
    updates = sorted({day for day in record.document_dates if until - YEAR < day <= until})
    evidence = [Evidence(_("The document repository"), record.member_url("repository-title"))]
    if len(updates) >= 2:
        return RequirementResult(
            code,
            title,
            Verdict.MET,
            _("Days with documents added in the year before %(day)s: %(count)d.")
            % {"count": len(updates), "day": _day(until)},
            evidence,
        )
    linked = record.member.repository_url or record.plan.repository_url
    if linked and not record.document_dates:
        return RequirementResult(
            code,
            title,
            Verdict.NOT_ASSESSABLE,
            _("A repository is linked, but its updates are not recorded on the portal."),
            [Evidence(_("The linked repository"), linked)],
        )
    return RequirementResult(
        code,
        title,
        Verdict.NOT_MET,
        _("Days with documents added in the year before %(day)s: %(count)d; at least 2 needed.")
        % {"count": len(updates), "day": _day(until)},
        evidence,
    )


def _co_creation_start(record: PlanRecord) -> datetime.date | None:
    starts = [step.opens_on for step in record.steps if step.kind != CoCreationKind.ADVANCE_NOTICE]
    if record.consultation is not None:
        starts.append(record.consultation.opens_on)
    return min(starts) if starts else None


def advance_notice_requirement(record: PlanRecord) -> RequirementResult:
    code, title = "3.1", _("Advance notice before co-creation starts (about two weeks)")
    notices = record.steps_of(CoCreationKind.ADVANCE_NOTICE)
    start = _co_creation_start(record)
    evidence = [Evidence(step.title, step.url) for step in notices if step.url]
    if not notices:
        if start is None:
            return RequirementResult(
                code,
                title,
                _later(record),
                _("Neither an advance notice nor the start of co-creation is recorded."),
            )
        return RequirementResult(
            code, title, Verdict.NOT_MET, _("No advance notice is recorded."), evidence
        )
    notice = min(step.opens_on for step in notices)
    if start is None:
        return RequirementResult(
            code,
            title,
            Verdict.NOT_ASSESSABLE,
            _("Notice given on %(day)s; the start of co-creation is not recorded yet.")
            % {"day": _day(notice)},
            evidence,
        )
    days = (start - notice).days
    verdict = Verdict.MET if days >= ADVANCE_NOTICE_DAYS else Verdict.NOT_MET
    return RequirementResult(
        code,
        title,
        verdict,
        _("Notice given on %(notice)s, %(days)d days before co-creation started on %(start)s.")
        % {"notice": _day(notice), "days": days, "start": _day(start)},
        evidence,
    )


def outreach_requirement(record: PlanRecord) -> RequirementResult:
    code, title = "3.2", _("Outreach to stakeholders")
    activities = [
        step
        for step in record.steps
        if step.kind in (CoCreationKind.WORKSHOP, CoCreationKind.CONSULTATION)
    ]
    evidence = [Evidence(step.title, step.url) for step in activities if step.url]
    if record.consultation is not None:
        evidence.append(Evidence(_("The public consultation"), record.consultation_url()))
    if activities or record.inputs:
        return RequirementResult(
            code,
            title,
            Verdict.MET,
            _(
                "Workshops or consultations recorded: %(activities)d; inputs to the portal's "
                "consultation: %(inputs)d."
            )
            % {"activities": len(activities), "inputs": record.inputs},
            evidence,
        )
    return RequirementResult(
        code,
        title,
        _later(record),
        _("No workshop, consultation or input from stakeholders is recorded."),
        evidence,
    )


def input_mechanism_requirement(record: PlanRecord) -> RequirementResult:
    code, title = "3.3", _("A mechanism to collect input")
    consultation = record.consultation
    steps = record.steps_of(CoCreationKind.CONSULTATION)
    evidence = [Evidence(step.title, step.url) for step in steps if step.url]
    if consultation is not None:
        evidence.insert(0, Evidence(_("The public consultation"), record.consultation_url()))
        return RequirementResult(
            code,
            title,
            Verdict.MET,
            _("A public consultation ran from %(opens)s to %(closes)s on the portal.")
            % {"opens": _day(consultation.opens_on), "closes": _day(consultation.closes_on)},
            evidence,
        )
    if steps:
        return RequirementResult(
            code,
            title,
            Verdict.MET,
            _("A public consultation is recorded in the co-creation record."),
            evidence,
        )
    return RequirementResult(
        code, title, _later(record), _("No public consultation is recorded."), evidence
    )


def reasoned_response_requirement(record: PlanRecord) -> RequirementResult:
    code, title = "4.1", _("A reasoned response to the input received")
    consultation = record.consultation
    documented = record.steps_of(CoCreationKind.REASONED_RESPONSE)
    evidence = [Evidence(step.title, step.url) for step in documented if step.url]
    if consultation is not None:
        evidence.insert(0, Evidence(_("The input and the responses"), record.consultation_url()))
        answered = record.inputs - record.inputs_hidden - record.inputs_unanswered
        if record.inputs_unanswered:
            verdict = _later(record)
            reason = _(
                "Inputs still awaiting a reasoned response: %(waiting)d (answered: %(answered)d)."
            )
        elif not consultation.has_closed and record.is_in_co_creation:
            verdict = Verdict.NOT_ASSESSABLE
            reason = _("The consultation is still open; inputs answered so far: %(answered)d.")
        else:
            verdict = Verdict.MET
            reason = _("Every input received a reasoned response (answered: %(answered)d).")
        return RequirementResult(
            code,
            title,
            verdict,
            reason % {"waiting": record.inputs_unanswered, "answered": answered},
            evidence,
        )
    if documented or record.reasoned_response_documents:
        return RequirementResult(
            code,
            title,
            Verdict.MET,
            _("A reasoned response is recorded in the co-creation record or the repository."),
            evidence,
        )
    return RequirementResult(
        code, title, _later(record), _("No reasoned response is recorded."), evidence
    )


def implementation_meetings_requirement(record: PlanRecord) -> RequirementResult:
    code, title = "5.1", _("At least two meetings a year with civil society during implementation")
    if not record.is_implementing:
        return RequirementResult(
            code,
            title,
            Verdict.NOT_ASSESSABLE,
            _("The plan is not in implementation yet."),
        )
    start = record.plan.period_start
    end = min(record.today, record.plan.period_end)
    with_civil_society = [
        meeting.held_on
        for meeting in record.meetings
        if start <= meeting.held_on <= end and meeting.civil_society_attendees > 0
    ]
    evidence = [Evidence(_("The forum's meetings"), record.member_url("forum-title"))]
    years = max((end - start).days / 365, 0)
    needed = 2 * int(years) if years >= 1 else 0
    if needed == 0 and len(with_civil_society) < 2:
        return RequirementResult(
            code,
            title,
            Verdict.NOT_ASSESSABLE,
            _("Less than a year of implementation so far; meetings with civil society: %(count)d.")
            % {"count": len(with_civil_society)},
            evidence,
        )
    verdict = Verdict.MET if len(with_civil_society) >= max(needed, 2) else Verdict.NOT_MET
    return RequirementResult(
        code,
        title,
        verdict,
        _("Meetings with civil society since %(start)s: %(count)d; expected: %(needed)d.")
        % {"count": len(with_civil_society), "start": _day(start), "needed": max(needed, 2)},
        evidence,
    )


Requirement = Callable[[PlanRecord], RequirementResult]

# OGP's minimum requirements that the IRM checks for national members, in its order.
REQUIREMENTS: list[Requirement] = [
    forum_requirement,
    ogp_page_requirement,
    repository_requirement,
    advance_notice_requirement,
    outreach_requirement,
    input_mechanism_requirement,
    reasoned_response_requirement,
    implementation_meetings_requirement,
]
# Local members have their own minimum requirements, assessed by the OGP Support Unit from
# their monitoring body's reports; the portal checks the ones it has records for.
LOCAL_REQUIREMENTS: list[Requirement] = [
    forum_requirement,
    repository_requirement,
    input_mechanism_requirement,
    reasoned_response_requirement,
    implementation_meetings_requirement,
]


@dataclass(frozen=True)
class StandardsCheck:
    results: list[RequirementResult]
    is_local: bool
    # The review the IRM records its findings in, and whether this viewer may record them.
    cycle: Any = None
    can_record_findings: bool = False

    @property
    def codes(self) -> set[str]:
        return {result.code for result in self.results}

    def count(self, verdict: str) -> int:
        return sum(1 for result in self.results if result.verdict == verdict)

    @property
    def met(self) -> int:
        return self.count(Verdict.MET)

    @property
    def not_met(self) -> int:
        return self.count(Verdict.NOT_MET)

    @property
    def not_assessable(self) -> int:
        return self.count(Verdict.NOT_ASSESSABLE)


def plan_standards_check(
    plan: ActionPlan, today: datetime.date | None = None, viewer: Any = None
) -> StandardsCheck:
    """Each minimum requirement for the plan's member (national or local), as the portal's
    records show it; with `viewer`, the IRM's findings they may see beside it."""
    record = plan_record(plan, today)
    is_local = plan.member.kind == Member.Kind.LOCAL
    requirements = LOCAL_REQUIREMENTS if is_local else REQUIREMENTS
    results = [requirement(record) for requirement in requirements]
    if viewer is None:
        return StandardsCheck(results, is_local)
    cycle = standards_review_cycle(plan)
    if cycle is not None and not can_see_standards_findings(viewer, cycle):
        cycle = None
    findings = standards_findings_visible(viewer, cycle)
    return StandardsCheck(
        [replace(result, finding=findings.get(result.code)) for result in results],
        is_local,
        cycle,
        cycle is not None and can_record_standards_findings(viewer, cycle),
    )
