"""The IRM's reviews of action plans and its assessments of each commitment.

Level names follow the IRM's methodology exactly (see DOMAIN.md): the current one (Action Plan
Review and Results Report, since 2021) and the legacy one (Progress Report and End-of-Term
Report) that older plans were assessed with.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from action_plans.models import ActionPlan
from commitments.models import Commitment, Completion
from core.choices import ChoiceLabels
from core.models import Reminder


class ReviewKind(models.TextChoices):
    ACTION_PLAN_REVIEW = "action_plan_review", _("Action Plan Review")
    RESULTS_REPORT = "results_report", _("Results Report")
    PROGRESS_REPORT = "progress_report", _("Progress Report (legacy)")
    END_OF_TERM_REPORT = "end_of_term_report", _("End-of-Term Report (legacy)")


LEGACY_KINDS = (ReviewKind.PROGRESS_REPORT, ReviewKind.END_OF_TERM_REPORT)


class CycleState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Research under way")
    PRE_PUBLICATION = "pre_publication", _("Pre-publication review")
    PUBLIC_COMMENT = "public_comment", _("Public comment")
    PUBLISHED = "published", _("Published")


class ReviewCycle(ChoiceLabels):
    """One IRM report on one action plan, from research to publication."""

    Kind = ReviewKind
    State = CycleState

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="review_cycles")
    kind = models.CharField(_("report"), max_length=30, choices=ReviewKind.choices)
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(
        _("state"), max_length=20, choices=CycleState.choices, default=CycleState.SCHEDULED
    )
    narrative = models.TextField(_("report summary"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    report_url = models.URLField(_("report"), blank=True, max_length=500)
    # The last day the member, its forum (pre-publication) or the public (public comment) may
    # comment on the draft; the deadline calendar reminds the forum and closes the period.
    comment_period_closes_on = models.DateField(
        _("comment period closes on"), null=True, blank=True
    )
    # The closing date of the last comment period the calendar closed (a new period, with a
    # new date, is closed again).
    comment_period_closed_on = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["plan", "opens_on"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="reviewcycle_one_per_kind"),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("opens_on")), name="reviewcycle_due_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReviewKind.values), name="reviewcycle_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=CycleState.values), name="reviewcycle_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_on__isnull=False),
                name="reviewcycle_published_has_date",
            ),
        ]
        indexes = [
            # The home page's latest reports (review_cycle_list_latest_published).
            models.Index(
                F("published_on").desc(),
                F("id").desc(),
                condition=Q(state="published"),
                name="review_cycle_latest_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.plan.ogp_id}"

    def get_absolute_url(self) -> str:
        return reverse("irm_reviews:review", args=[self.plan.member.slug, self.plan_id, self.kind])

    @property
    def is_legacy(self) -> bool:
        return self.kind in LEGACY_KINDS

    @property
    def is_comment_period_closed(self) -> bool:
        return (
            self.comment_period_closes_on is not None
            and self.comment_period_closed_on == self.comment_period_closes_on
        )


class Verifiable(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class PotentialForResults(models.TextChoices):
    UNCLEAR = "unclear", _("Unclear")
    MODEST = "modest", _("Modest")
    SUBSTANTIAL = "substantial", _("Substantial")


class EarlyResults(models.TextChoices):
    NO_NOTABLE = "no_notable_results", _("No notable results")
    MODERATE = "moderate", _("Moderate")
    SIGNIFICANT = "significant", _("Significant")
    OUTSTANDING = "outstanding", _("Outstanding")


class Specificity(models.TextChoices):
    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class PotentialImpact(models.TextChoices):
    NONE = "none", _("None")
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    TRANSFORMATIVE = "transformative", _("Transformative")


class DidItOpenGovernment(models.TextChoices):
    WORSENED = "worsened", _("Worsened")
    DID_NOT_CHANGE = "did_not_change", _("Did Not Change")
    MARGINAL = "marginal", _("Marginal")
    MAJOR = "major", _("Major")
    OUTSTANDING = "outstanding", _("Outstanding")
    NO_EARLY_RESULTS = "no_early_results", _("No early results to report yet")


# Every indicator an assessment can carry, in the order reports list them: the Action Plan
# Review's, the Results Report's, then the legacy methodology's.
INDICATOR_FIELDS = (
    "verifiable",
    "open_government_lens",
    "potential_for_results",
    "is_promising",
    "cluster",
    "completion",
    "early_results",
    "specificity",
    "is_relevant_access_to_information",
    "is_relevant_civic_participation",
    "is_relevant_public_accountability",
    "is_relevant_technology",
    "potential_impact",
    "did_it_open_government",
    "is_starred",
)


def _choice_or_blank(field: str, choices: type[models.TextChoices]) -> Q:
    return Q(**{f"{field}__in": ["", *choices.values]})


class CommitmentAssessment(ChoiceLabels):
    """The IRM's assessment of one commitment in one report. Blank means no value (ND, NR, NA)."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="assessments")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="assessments")
    # Action Plan Review (since 2021)
    verifiable = models.CharField(
        _("verifiable"), max_length=3, choices=Verifiable.choices, blank=True
    )
    open_government_lens = models.BooleanField(_("open government lens"), null=True, blank=True)
    potential_for_results = models.CharField(
        _("potential for results"), max_length=20, choices=PotentialForResults.choices, blank=True
    )
    is_promising = models.BooleanField(_("promising commitment"), null=True, blank=True)
    cluster = models.TextField(_("cluster"), blank=True)  # OGP's cluster ids, kept whole
    # Results Report (since 2021) and both legacy reports
    completion = models.CharField(
        _("completion"), max_length=20, choices=Completion.choices, blank=True
    )
    early_results = models.CharField(
        _("early results"), max_length=20, choices=EarlyResults.choices, blank=True
    )
    # Legacy methodology (before 2021)
    specificity = models.CharField(
        _("specificity"), max_length=10, choices=Specificity.choices, blank=True
    )
    is_relevant_access_to_information = models.BooleanField(
        _("relevant to access to information"), null=True, blank=True
    )
    is_relevant_civic_participation = models.BooleanField(
        _("relevant to civic participation"), null=True, blank=True
    )
    is_relevant_public_accountability = models.BooleanField(
        _("relevant to public accountability"), null=True, blank=True
    )
    is_relevant_technology = models.BooleanField(
        _("relevant to technology and innovation"), null=True, blank=True
    )
    potential_impact = models.CharField(
        _("potential impact"), max_length=20, choices=PotentialImpact.choices, blank=True
    )
    did_it_open_government = models.CharField(
        _("did it open government?"), max_length=20, choices=DidItOpenGovernment.choices, blank=True
    )
    is_starred = models.BooleanField(_("starred"), null=True, blank=True)
    narrative = models.TextField(_("assessment"), blank=True)
    # {indicator: the researcher's justification of its level}, plain text.
    justifications = models.JSONField(_("justifications"), default=dict, blank=True)
    evidence_links = models.JSONField(_("evidence links"), default=list, blank=True)
    # The commitment is assessed with others, once, as this cluster (its name is in `cluster`).
    assessed_cluster = models.ForeignKey(
        "AssessmentCluster",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("assessed as cluster"),
    )
    # Bumped by every write (irm_reviews.services): a form or API write started from an older
    # version is refused instead of overwriting someone else's.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["cycle", "commitment"]
        verbose_name = _("commitment assessment")
        verbose_name_plural = _("commitment assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "commitment"], name="assessment_one_per_commitment"
            ),
            models.CheckConstraint(
                condition=_choice_or_blank("verifiable", Verifiable),
                name="assessment_verifiable_valid",
            ),
            models.CheckConstraint(
                condition=_choice_or_blank("potential_for_results", PotentialForResults),
                name="assessment_potential_for_results_valid",
            ),
            models.CheckConstraint(
                condition=_choice_or_blank("completion", Completion),
                name="assessment_completion_valid",
            ),
            models.CheckConstraint(
                condition=_choice_or_blank("early_results", EarlyResults),
                name="assessment_early_results_valid",
            ),
            models.CheckConstraint(
                condition=_choice_or_blank("specificity", Specificity),
                name="assessment_specificity_valid",
            ),
            models.CheckConstraint(
                condition=_choice_or_blank("potential_impact", PotentialImpact),
                name="assessment_potential_impact_valid",
            ),
            models.CheckConstraint(
                condition=_choice_or_blank("did_it_open_government", DidItOpenGovernment),
                name="assessment_did_it_open_government_valid",
            ),
            # A commitment that is not verifiable is not reviewable: no potential for results.
            models.CheckConstraint(
                condition=~Q(verifiable="no") | Q(potential_for_results=""),
                name="assessment_unverifiable_not_rated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} / {self.commitment_id}"


class ReviewAssignment(models.Model):
    """An IRM researcher assigned by the Support Unit to a review: only the assigned researchers
    and the Support Unit edit it (irm_reviews.permissions)."""

    cycle = models.ForeignKey(
        ReviewCycle,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("review cycle"),
    )
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name=_("IRM researcher"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        ordering = ["cycle", "assigned_at", "pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "researcher"], name="reviewassignment_once_per_researcher"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.researcher} / {self.cycle}"


class AssessmentCluster(models.Model):
    """Commitments of the reviewed plan that the IRM assesses together, once, as OGP does: the
    cluster's levels are written to the assessment of each commitment in it."""

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("review")
    )
    name = models.CharField(_("cluster name"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="assessmentcluster_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewReminderKind(models.TextChoices):
    REPORT_DUE = "report_due", _("IRM report due")
    REPORT_OVERDUE = "report_overdue", _("IRM report overdue")
    COMMENT_PERIOD_CLOSING = "comment_period_closing", _("Comment period closing")


class ReviewDeadlineReminder(Reminder):
    """A reminder e-mail to one person about an IRM report's due date (to the researchers) or
    the closing of its comment period (to the forum), at one lead time (core.models.Reminder;
    the unique constraint makes the job safe to run twice)."""

    Kind = ReviewReminderKind

    cycle = models.ForeignKey(
        ReviewCycle,
        on_delete=models.CASCADE,
        related_name="deadline_reminders",
        verbose_name=_("review cycle"),
    )

    class Meta(Reminder.Meta):
        verbose_name = _("IRM report reminder")
        verbose_name_plural = _("IRM report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "recipient", "kind", "deadline", "lead_days"],
                name="reviewdeadlinereminder_once_per_lead_time",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReviewReminderKind.values),
                name="reviewdeadlinereminder_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} / {self.cycle} / {self.deadline:%Y-%m-%d}"


# The researcher's findings on the co-creation standards live in their own module; imported
# here so that Django finds them in this app.
from .standards_models import FindingVerdict, StandardsFinding  # noqa: E402, F401


class ReviewComment(models.Model):
    """A comment on an IRM report's draft, on one commitment's assessment or (no commitment) on
    the whole report, left in pre-publication (the member's point of contact and forum) or in
    public comment (anyone signed in); the IRM's answer sits on the same row. Published with
    the report. `version` goes up with each edit of the comment or its answer (StaleVersion)."""

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="comments", verbose_name=_("report")
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_comments",
        verbose_name=_("commitment"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="review_comments",
        verbose_name=_("author"),
    )
    period = models.CharField(
        _("comment period"),
        max_length=20,
        choices=[
            (CycleState.PRE_PUBLICATION.value, CycleState.PRE_PUBLICATION.label),
            (CycleState.PUBLIC_COMMENT.value, CycleState.PUBLIC_COMMENT.label),
        ],
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answer = models.TextField(_("IRM's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_answers",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["cycle", "created_at", "id"]
        verbose_name = _("comment on an IRM report")
        verbose_name_plural = _("comments on IRM reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period__in=[CycleState.PRE_PUBLICATION, CycleState.PUBLIC_COMMENT]),
                name="reviewcomment_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False),
                name="reviewcomment_answer_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} / {self.pk}"


class AssessmentErratum(models.Model):
    """A correction of one indicator (or the narrative) of a published assessment. The
    assessment keeps its original value; the newest erratum of a field is the value in force.
    `original_value` is what the field held when the erratum was made, `corrected_value` the
    new one, as text: a level, "yes"/"no" for a flag, the narrative, "" for no value."""

    assessment = models.ForeignKey(
        CommitmentAssessment,
        on_delete=models.CASCADE,
        related_name="errata",
        verbose_name=_("assessment"),
    )
    field = models.CharField(_("indicator"), max_length=40)
    original_value = models.TextField(_("original value"), blank=True)
    corrected_value = models.TextField(_("corrected value"), blank=True)
    reason = models.TextField(_("reason"))
    corrected_on = models.DateField(_("corrected on"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="assessment_errata",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["assessment", "created_at", "id"]
        verbose_name = _("erratum")
        verbose_name_plural = _("errata")
        constraints = [
            models.CheckConstraint(
                condition=Q(field__in=[*INDICATOR_FIELDS, "narrative"]),
                name="assessmenterratum_field_valid",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="assessmenterratum_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} / {self.field} ({self.corrected_on:%Y-%m-%d})"
