"""A review's page: the IRM's report on a plan, draft or published, with its ratings and their
errata, and the comments of the pre-publication and public comment periods with the IRM's
answers. The forms post to their own addresses and come back here, with their errors."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commitments.models import Commitment
from core.versioning import StaleVersion
from irm_reviews import comments as comment_services
from irm_reviews import errata as errata_services
from irm_reviews import selectors
from irm_reviews.display import (
    Correction,
    Rating,
    assessment_ratings_corrected,
    erratum_choices,
    narrative_corrections,
)
from irm_reviews.models import CommitmentAssessment, ReviewComment, ReviewCycle
from irm_reviews.permissions import (
    can_answer_review_comment,
    can_comment_on_review,
    can_edit_review_comment,
    can_record_erratum,
    can_see_review_draft,
    is_comment_period_open,
    is_commenter_on_review,
    is_in_comment_period,
    is_own_unanswered_comment,
)
from irm_reviews.review_comment_forms import (
    STALE_MESSAGE,
    ErratumForm,
    ReviewAnswerForm,
    ReviewCommentEditForm,
    ReviewCommentForm,
)


@dataclass
class CommentView:
    comment: ReviewComment
    answer_form: Form | None = None
    edit_form: Form | None = None


@dataclass
class AssessmentView:
    assessment: CommitmentAssessment
    ratings: list[Rating]
    narrative_corrections: list[Correction]
    comments: list[CommentView] = field(default_factory=list)
    comment_form: Form | None = None
    erratum_form: Form | None = None


@dataclass
class Bound:
    """A form that came back with errors, and where it goes on the page."""

    kind: str  # "comment", "answer", "edit", "erratum"
    target: int | None  # commitment, comment or assessment id; None for the whole report
    form: Form
    conflict: bool = False  # someone saved since the form was loaded (409)

    def is_for(self, kind: str, target: int | None) -> bool:
        return self.kind == kind and self.target == target


def _comment_view(
    user, comment: ReviewComment, bound: Bound | None, *, may_answer: bool, may_comment: bool
) -> CommentView:
    """The comment with the forms this user has on it; the report-wide permissions are asked
    once per page (may_answer, may_comment), not once per comment."""
    view = CommentView(comment)
    if may_answer:
        if bound and bound.is_for("answer", comment.pk):
            view.answer_form = bound.form
        else:
            view.answer_form = ReviewAnswerForm(
                initial={"answer": comment.answer, "version": comment.version},
                key=f"answer{comment.pk}",
            )
    if bound and bound.is_for("edit", comment.pk):
        view.edit_form = bound.form  # shown with its errors, the period closed or not
    elif can_edit_review_comment(user, comment, may_comment=may_comment):
        view.edit_form = ReviewCommentEditForm(
            initial={"text": comment.text, "version": comment.version},
            key=f"edit{comment.pk}",
        )
    return view


def _comment_form(target: int | None, bound: Bound | None, may_comment: bool) -> Form | None:
    """The comment form on a commitment (or the whole report): the one sent back with its
    errors, even once the period closed, else a blank one while the user may comment."""
    if bound and bound.is_for("comment", target):
        return bound.form
    if not may_comment:
        return None
    key = f"comment{target}" if target else "comment-review"
    return ReviewCommentForm(initial={"commitment": target}, key=key)


def _render(request: HttpRequest, cycle: ReviewCycle, bound: Bound | None = None) -> HttpResponse:
    user = request.user
    visible = can_see_review_draft(user, cycle)
    may_comment = can_comment_on_review(user, cycle)
    may_correct = can_record_erratum(user, cycle)
    may_answer = can_answer_review_comment(user, cycle)
    assessments: list[AssessmentView] = []
    review_comments: list[CommentView] = []
    if visible:
        comments = list(selectors.review_comment_list(cycle))
        by_commitment: dict[int | None, list[CommentView]] = {}
        for comment in comments:
            by_commitment.setdefault(comment.commitment_id, []).append(
                _comment_view(user, comment, bound, may_answer=may_answer, may_comment=may_comment)
            )
        review_comments = by_commitment.get(None, [])
        choices = erratum_choices(cycle.kind) if may_correct else []
        for assessment in selectors.review_assessments_for_page(cycle):
            view = AssessmentView(
                assessment,
                assessment_ratings_corrected(assessment),
                narrative_corrections(assessment),
                by_commitment.get(assessment.commitment_id, []),
            )
            view.comment_form = _comment_form(assessment.commitment_id, bound, may_comment)
            if may_correct:
                if bound and bound.is_for("erratum", assessment.pk):
                    view.erratum_form = bound.form
                else:
                    view.erratum_form = ErratumForm(
                        initial={"assessment": assessment.pk},
                        choices=choices,
                        key=f"erratum{assessment.pk}",
                    )
            assessments.append(view)
    status = 200 if bound is None else (409 if bound.conflict else 400)
    return render(
        request,
        "irm_reviews/review_detail.html",
        {
            "cycle": cycle,
            "plan": cycle.plan,
            "member": cycle.plan.member,
            "visible": visible,
            "assessments": assessments,
            "review_comments": review_comments,
            "review_comment_form": _comment_form(None, bound, may_comment),
            "is_comment_period_open": is_comment_period_open(cycle),
            "comments_close_on": cycle.comment_period_closes_on
            if is_in_comment_period(cycle)
            else None,
            "may_comment": may_comment,
            "may_answer": may_answer,
            "may_correct": may_correct,
        },
        status=status,
    )


def review_detail(request: HttpRequest, member_slug: str, pk: int, kind: str) -> HttpResponse:
    return _render(request, selectors.review_get_for_page(member_slug, pk, kind))


def _add_errors(form: Form, error: ValidationError) -> None:
    for name, refusals in error.message_dict.items():
        for refusal in refusals:
            form.add_error(name if name in form.fields else None, refusal)


def _after_write(cycle: ReviewCycle, anchor: str) -> HttpResponse:
    return redirect(f"{cycle.get_absolute_url()}#{anchor}")


def _signed_in_cycle(request: HttpRequest, member_slug: str, pk: int, kind: str):
    if not request.user.is_authenticated:
        return None
    return selectors.review_get_for_page(member_slug, pk, kind)


@require_POST
def review_comment_add(request: HttpRequest, member_slug: str, pk: int, kind: str) -> HttpResponse:
    cycle = _signed_in_cycle(request, member_slug, pk, kind)
    if cycle is None:
        return redirect_to_login(request.get_full_path())
    if not is_commenter_on_review(request.user, cycle):
        raise PermissionDenied
    target = request.POST.get("commitment") or None
    form = ReviewCommentForm(request.POST, key=f"comment{target}" if target else "comment-review")
    if form.is_valid():
        commitment = None
        if form.cleaned_data["commitment"]:
            commitment = Commitment.objects.filter(
                pk=form.cleaned_data["commitment"], plan_id=cycle.plan_id
            ).first()
            if commitment is None:
                form.add_error(None, _("This commitment is not in the reviewed action plan."))
        if not form.errors:
            try:
                comment = comment_services.review_comment_create(
                    user=request.user,
                    cycle=cycle,
                    text=form.cleaned_data["text"],
                    commitment=commitment,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your comment was added."))
                return _after_write(cycle, f"comment-{comment.pk}")
    bound_target = form.cleaned_data.get("commitment") if form.is_bound else None
    return _render(request, cycle, Bound("comment", bound_target or None, form))


def _comment_of(cycle: ReviewCycle, comment_pk: int) -> ReviewComment:
    return get_object_or_404(
        ReviewComment.objects.select_related("cycle__plan__member"), pk=comment_pk, cycle=cycle
    )


def _with_current_version(
    request: HttpRequest, form_class: type[Form], comment: ReviewComment, key: str
) -> Form:
    """The form as typed, with the stored version (so that sending it again overwrites,
    knowingly) and the stale message."""
    comment.refresh_from_db(fields=["version", "text", "answer"])
    data = request.POST.copy()
    data["version"] = str(comment.version)
    fresh = form_class(data, key=key)  # type: ignore[call-arg]
    fresh.is_valid()
    fresh.add_error(None, STALE_MESSAGE)
    return fresh


def _comment_write(
    request: HttpRequest,
    cycle_ref: tuple[str, int, str],
    comment_pk: int,
    *,
    may: Callable[[ReviewComment], bool],
    form_class: type[Form],
    name: str,
    write: Callable[..., object],
    value: str,
    success: str,
) -> HttpResponse:
    """One write on one comment (its answer, or its text): sign-in, permission, the form, the
    service with the version the form was loaded with, a stale version shown again."""
    cycle = _signed_in_cycle(request, *cycle_ref)
    if cycle is None:
        return redirect_to_login(request.get_full_path())
    comment = _comment_of(cycle, comment_pk)
    if not may(comment):
        raise PermissionDenied
    key = f"{name}{comment.pk}"
    form: Form = form_class(request.POST, key=key)  # type: ignore[call-arg]
    if form.is_valid():
        try:
            write(
                user=request.user,
                comment=comment,
                version=form.cleaned_data["version"],
                **{value: form.cleaned_data[value]},
            )
        except StaleVersion:
            form = _with_current_version(request, form_class, comment, key)
            return _render(request, cycle, Bound(name, comment.pk, form, conflict=True))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, success)
            return _after_write(cycle, f"comment-{comment.pk}")
    return _render(request, cycle, Bound(name, comment.pk, form))


@require_POST
def review_comment_answer(
    request: HttpRequest, member_slug: str, pk: int, kind: str, comment_pk: int
) -> HttpResponse:
    return _comment_write(
        request,
        (member_slug, pk, kind),
        comment_pk,
        may=lambda comment: can_answer_review_comment(request.user, comment.cycle),
        form_class=ReviewAnswerForm,
        name="answer",
        write=comment_services.review_comment_answer,
        value="answer",
        success=_("Your answer was saved."),
    )


@require_POST
def review_comment_edit(
    request: HttpRequest, member_slug: str, pk: int, kind: str, comment_pk: int
) -> HttpResponse:
    return _comment_write(
        request,
        (member_slug, pk, kind),
        comment_pk,
        # The period's last day is the service's refusal, shown beside the form.
        may=lambda comment: is_own_unanswered_comment(request.user, comment),
        form_class=ReviewCommentEditForm,
        name="edit",
        write=comment_services.review_comment_update,
        value="text",
        success=_("Your comment was saved."),
    )


@require_POST
def review_erratum_add(request: HttpRequest, member_slug: str, pk: int, kind: str) -> HttpResponse:
    cycle = _signed_in_cycle(request, member_slug, pk, kind)
    if cycle is None:
        return redirect_to_login(request.get_full_path())
    if not can_record_erratum(request.user, cycle):
        raise PermissionDenied
    assessment = get_object_or_404(
        CommitmentAssessment.objects.select_related("cycle__plan"),
        pk=request.POST.get("assessment")
        if str(request.POST.get("assessment", "")).isdigit()
        else 0,
        cycle=cycle,
    )
    form = ErratumForm(
        request.POST, choices=erratum_choices(cycle.kind), key=f"erratum{assessment.pk}"
    )
    if form.is_valid():
        name, value = form.field_and_value()
        try:
            errata_services.assessment_erratum_record(
                user=request.user,
                assessment=assessment,
                field=name,
                value=value,
                reason=form.cleaned_data["reason"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            _add_errors(form, _errors_for_form(error))
        else:
            messages.success(request, _("The erratum was published beside the original value."))
            return _after_write(cycle, f"assessment-{assessment.pk}")
    return _render(request, cycle, Bound("erratum", assessment.pk, form))


def _errors_for_form(error: ValidationError) -> ValidationError:
    """The service names `field` and `value`; the form's field is `correction`."""
    renamed: dict[str, list[str]] = {}
    for name, refusals in error.message_dict.items():
        target = {"field": "correction", "value": "correction"}.get(name, name)
        renamed.setdefault(target, []).extend(refusals)
    return ValidationError(renamed)
