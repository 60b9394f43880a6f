from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from action_plans.models import ActionPlan
from core.choices import ChoiceLabels
from core.models import Reminder
from core.uploads import upload_path

from .search import CommitmentRankDocument, CommitmentSearchDocument


class PolicyArea(models.Model):
    """OGP's policy-area tags: ten parent areas, each with sub-areas."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent area"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("policy area")
        verbose_name_plural = _("policy areas")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the page's language (see commitments.policy_areas)."""
        return gettext(self.name)


class OgpValue(models.TextChoices):
    ACCESS_TO_INFORMATION = "access_to_information", _("Access to information")
    CIVIC_PARTICIPATION = "civic_participation", _("Civic participation")
    PUBLIC_ACCOUNTABILITY = "public_accountability", _("Public accountability")
    TECHNOLOGY = "technology", _("Technology and innovation for transparency and accountability")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Completion(models.TextChoices):
    """Completion levels as OGP and the IRM name them (current and legacy)."""

    NO_EVIDENCE = "no_evidence", _("No Evidence Available")
    NOT_STARTED = "not_started", _("Not Started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    UNCLEAR = "unclear", _("Unclear")


# The one-line texts people type in the template (forms and API), at most so long; stored as
# text, since OGP's own export has longer values, which its import keeps whole.
TEMPLATE_TEXT_TYPED_LIMITS = {"title": 500, "short_title": 200, "theme": 300, "lead_agency": 500}

# The text fields of OGP's commitment template, in the template's order: every export, API
# payload and dump lists them so.
TEMPLATE_TEXT_FIELDS = (
    "title",
    "short_title",
    "theme",
    "problem",
    "status_quo",
    "description",
    "objective",
    "relevance",
    "additional_information",
    "lead_agency",
    "supporting_government",
    "supporting_civil_society",
    "contact",
)


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state=PublicationState.PUBLISHED)


_CommitmentManagerBase = models.Manager.from_queryset(CommitmentQuerySet)


class CommitmentManager(_CommitmentManagerBase):
    """Every commitment but deleted drafts: pages, the API, search, dumps and the plan's
    relations (plan.commitments) never see a deleted draft. The forum's list of deleted drafts
    reads Commitment.with_deleted."""

    def get_queryset(self):
        # The stored search vector is as long as the texts: only search reads it, in SQL.
        return (
            super()
            .get_queryset()
            .defer("search_document", "rank_document")
            .filter(deleted_at__isnull=True)
        )


class CommitmentWithDeletedManager(_CommitmentManagerBase):
    def get_queryset(self):
        return super().get_queryset().defer("search_document", "rank_document")


class Commitment(ChoiceLabels):
    """A commitment in OGP's template, within one action plan."""

    PublicationState = PublicationState

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("action plan"),
    )
    ogp_id = models.CharField(
        _("OGP commitment identifier"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("OGP's identifier, such as AL0002; given when the plan is published"),
    )
    number = models.CharField(
        _("number"), max_length=30, help_text=_("As numbered in the plan, such as 2 or 3.1")
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order within the plan")
    )
    # Texts, not limited: OGP's export holds values longer than any limit we could pick, and
    # the import keeps them whole. Forms and the API cap what people type (commitments.forms).
    title = models.TextField(_("title"))
    short_title = models.TextField(_("short title"), blank=True)
    theme = models.TextField(_("theme"), blank=True)
    problem = models.TextField(_("problem addressed"), blank=True)
    status_quo = models.TextField(_("status quo"), blank=True)
    description = models.TextField(_("commitment description"), blank=True)
    objective = models.TextField(_("how it will contribute to solving the problem"), blank=True)
    relevance = models.TextField(_("why it is relevant to OGP values"), blank=True)
    additional_information = models.TextField(
        _("additional information"),
        blank=True,
        help_text=_("Budget, links to other plans and to the Sustainable Development Goals"),
    )
    lead_agency = models.TextField(_("lead implementing agency"), blank=True)
    supporting_government = models.TextField(_("supporting actors from government"), blank=True)
    supporting_civil_society = models.TextField(
        _("supporting actors from civil society, private sector and multilaterals"), blank=True
    )
    contact = models.TextField(_("contact details"), blank=True)
    policy_areas = models.ManyToManyField(
        PolicyArea, blank=True, related_name="commitments", verbose_name=_("policy areas")
    )
    is_access_to_information = models.BooleanField(
        OgpValue.ACCESS_TO_INFORMATION.label, default=False
    )
    is_civic_participation = models.BooleanField(OgpValue.CIVIC_PARTICIPATION.label, default=False)
    is_public_accountability = models.BooleanField(
        OgpValue.PUBLIC_ACCOUNTABILITY.label, default=False
    )
    is_technology = models.BooleanField(OgpValue.TECHNOLOGY.label, default=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    publication_state = models.CharField(
        _("publication state"),
        max_length=20,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
    )
    carried_forward_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_forward_by",
        verbose_name=_("carries forward"),
    )
    ogp_url = models.URLField(_("page on the OGP website"), blank=True, max_length=500)
    # A draft is deleted softly (commitments.removal): hidden everywhere, restorable by the
    # forum. A published commitment is never deleted; it is withdrawn, with a reason, and stays.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("deleted by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    # Bumped by every save of the commitment or its milestones (commitments.drafting), so that a
    # form or API write started from an older version is caught instead of overwriting.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Stored completion (commitments.completion has the rule and keeps it); not in the history.
    completion_level = models.CharField(
        _("completion"), max_length=20, choices=Completion.choices, blank=True, editable=False
    )
    completion_by_irm = models.BooleanField(default=False, editable=False)
    completion_self_reported = models.CharField(
        max_length=20, choices=Completion.choices, blank=True, editable=False
    )
    completion_irm_assessed = models.CharField(
        max_length=20, choices=Completion.choices, blank=True, editable=False
    )
    # Kept by PostgreSQL from the texts above (commitments.search); NULL on SQLite.
    search_document = models.GeneratedField(
        expression=CommitmentSearchDocument(),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        editable=False,
    )
    rank_document = models.GeneratedField(
        expression=CommitmentRankDocument(),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        editable=False,
    )
    # Copies of the plan's start and the member's name, for the search's order only; the
    # database keeps them current (commitments.sort_keys).
    plan_period_start = models.DateField(null=True, editable=False)
    member_sort_name = models.CharField(max_length=200, blank=True, editable=False)

    objects = CommitmentManager()
    with_deleted = CommitmentWithDeletedManager()
    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "search_document",
            "rank_document",
            "plan_period_start",
            "member_sort_name",
            "completion_level",
            "completion_by_irm",
            "completion_self_reported",
            "completion_irm_assessed",
        ]
    )

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            # The API's public list, in its order: pages and counts read only this index. Its
            # condition is the default manager's filter too (no deleted drafts), or PostgreSQL
            # reads every row to check it.
            models.Index(
                fields=["plan", "position", "id"],
                condition=Q(publication_state=PublicationState.PUBLISHED, deleted_at__isnull=True),
                name="commitment_published_order",
            ),
            # The same order for those who also see some drafts (commitments.api.selectors.
            # commitment_visibility: published, or of the user's member's plans): its condition
            # is only the default manager's, and it carries the publication state, so that
            # their pages and counts are read from the index alone too.
            models.Index(
                fields=["plan", "position", "id"],
                include=["publication_state"],
                condition=Q(deleted_at__isnull=True),
                name="commitment_visible_order",
            ),
            # The home page's headline counts group published commitments by completion.
            models.Index(
                fields=["completion_level"],
                condition=Q(publication_state=PublicationState.PUBLISHED, deleted_at__isnull=True),
                name="commitment_completion_level",
            ),
            # The search's order (commitments.sort_keys): a page, however deep, reads this
            # index only instead of sorting every published commitment joined to its plan.
            models.Index(
                fields=["-plan_period_start", "member_sort_name", "position", "id"],
                condition=Q(publication_state=PublicationState.PUBLISHED, deleted_at__isnull=True),
                name="commitment_search_order",
            ),
            GinIndex(fields=["search_document"], name="commitment_search_document"),
            # `ogp_id__iexact` (search by identifier, every commitment page) reads this index.
            models.Index(Upper("ogp_id"), name="commitment_ogp_id_upper"),
        ]
        constraints = [
            # A deleted draft keeps its number (reserved, so that restoring it needs no other).
            models.UniqueConstraint(fields=["plan", "number"], name="commitment_unique_number"),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | Q(publication_state=PublicationState.DRAFT),
                name="commitment_deleted_only_as_draft",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | (Q(publication_state=PublicationState.PUBLISHED) & ~Q(withdrawal_reason="")),
                name="commitment_withdrawn_published_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="commitment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(publication_state__in=PublicationState.values),
                name="commitment_publication_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(carried_forward_from=F("pk")), name="commitment_not_own_predecessor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ogp_id or self.number}: {self.short_title or self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:detail", args=[self.ogp_id or self.pk])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def ogp_values(self) -> list[str]:
        flags = {
            OgpValue.ACCESS_TO_INFORMATION: self.is_access_to_information,
            OgpValue.CIVIC_PARTICIPATION: self.is_civic_participation,
            OgpValue.PUBLIC_ACCOUNTABILITY: self.is_public_accountability,
            OgpValue.TECHNOLOGY: self.is_technology,
        }
        return [value for value, is_relevant in flags.items() if is_relevant]


class Milestone(ChoiceLabels):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.TextField(_("description"))
    expected_output = models.TextField(_("expected output"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    completion = models.CharField(
        _("completion"), max_length=20, choices=Completion.choices, default=Completion.NOT_STARTED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["commitment", "number"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "number"], name="milestone_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="milestone_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(completion__in=Completion.values), name="milestone_completion_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.description[:60]}"


class CommitmentComment(models.Model):
    """A forum member's comment on a draft commitment, or a reply to one (one level deep)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="commitment_comments",
    )
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on a commitment")
        verbose_name_plural = _("comments on commitments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reply_to=F("pk")), name="commitmentcomment_not_own_reply"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ProgressSource(models.TextChoices):
    GOVERNMENT = "government", _("Government self-assessment")
    CIVIL_SOCIETY = "civil_society", _("Civil society (shadow report)")
    IRM = "irm", _("IRM")


class ProgressUpdate(ChoiceLabels):
    """One view of progress on a commitment or one of its milestones, from one source."""

    Source = ProgressSource

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="progress_updates"
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    source = models.CharField(_("source"), max_length=20, choices=ProgressSource.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    reported_on = models.DateField(_("reported on"))
    completion = models.CharField(_("completion"), max_length=20, choices=Completion.choices)
    text = models.TextField(_("progress"))
    evidence_links = models.JSONField(_("evidence links"), default=list, blank=True)
    # Bumped by each edit of its author (services.progress_update_edit): an edit started from an
    # older version is refused instead of overwriting.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=ProgressSource.values), name="progressupdate_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(completion__in=Completion.values),
                name="progressupdate_completion_valid",
            ),
        ]
        indexes = [models.Index(fields=["commitment", "source", "-reported_on"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.reported_on}: {self.get_completion_display()}"


class ProgressEvidenceFile(models.Model):
    """A document attached to a progress update as evidence, checked and stored by
    core.uploads, served back only as a download."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(_("file"), upload_to=upload_path)
    file_type = models.CharField(max_length=100)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["update", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


# The public consultation's models live in their own module; imported here so that Django
# finds them in this app.
from .consultation_models import (  # noqa: E402, F401
    ConsultationInput,
    ConsultationReminder,
    ConsultationReminderKind,
    ConsultationText,
    PublicConsultation,
    ReasonedResponse,
    ResponseOutcome,
)


class MilestoneReminderKind(models.TextChoices):
    ENDING = "milestone_ending", _("Milestone ending soon")
    OVERDUE = "milestone_overdue", _("Milestone overdue")


class MilestoneReminder(Reminder):
    """A reminder e-mail to one implementer about a milestone's end date, at one lead time or
    once when it is overdue (core.models.Reminder; the unique constraint makes the job safe to
    run twice)."""

    Kind = MilestoneReminderKind

    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        related_name="deadline_reminders",
        verbose_name=_("milestone"),
    )

    class Meta(Reminder.Meta):
        verbose_name = _("milestone reminder")
        verbose_name_plural = _("milestone reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "recipient", "kind", "deadline", "lead_days"],
                name="milestonereminder_once_per_lead_time",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MilestoneReminderKind.values),
                name="milestonereminder_kind_valid",
            ),
        ]
