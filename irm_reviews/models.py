"""The IRM's reviews of action plans and its assessments of each commitment.

Level names follow the IRM's methodology exactly (see DOMAIN.md): the current one (Action Plan
Review and Results Report, since 2021) and the legacy one (Progress Report and End-of-Term
Report) that older plans were assessed with.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from action_plans.models import ActionPlan
from commitments.models import Commitment, Completion


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


class ReviewCycle(models.Model):
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

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.plan.ogp_id}"

    @property
    def is_legacy(self) -> bool:
        return self.kind in LEGACY_KINDS


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


class CommitmentAssessment(models.Model):
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


class ReviewDeadlineReminder(models.Model):
    """A reminder e-mail to one IRM staff member about an IRM report's due date. The unique
    constraint makes the reminder job safe to run twice: a person hears about a given due date
    once. `sent_at` stays empty until the e-mail went out."""

    cycle = models.ForeignKey(
        ReviewCycle,
        on_delete=models.CASCADE,
        related_name="deadline_reminders",
        verbose_name=_("review cycle"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_deadline_reminders",
        verbose_name=_("recipient"),
    )
    deadline = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("IRM report reminder")
        verbose_name_plural = _("IRM report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "recipient", "deadline"],
                name="reviewdeadlinereminder_once_per_cycle_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} / {self.cycle} / {self.deadline:%Y-%m-%d}"
