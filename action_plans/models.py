from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabels
from core.models import Reminder
from core.uploads import upload_path
from members.models import ForumMeeting, Member


class PlanStatus(models.TextChoices):
    CO_CREATION = "co_creation", _("In co-creation")
    SUBMITTED = "submitted", _("Submitted")
    IMPLEMENTATION = "implementation", _("In implementation")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ActionPlan(ChoiceLabels):
    Status = PlanStatus

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("member")
    )
    ogp_id = models.CharField(
        _("OGP plan identifier"),
        max_length=20,
        unique=True,
        help_text=_("OGP's identifier, such as AP_ALB01"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.CO_CREATION
    )
    submission_deadline = models.DateField(_("submission deadline"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    # OGP's export gives only the year of submission; the date is known for plans submitted here.
    submitted_year = models.PositiveSmallIntegerField(
        _("year of submission"), null=True, blank=True
    )
    # Set by the deadline calendar the day the member's local date passes the deadline of a
    # plan still in co-creation (action_plans.reminders).
    submission_deadline_missed_on = models.DateField(
        _("submission deadline missed on"), null=True, blank=True, editable=False
    )
    repository_url = models.URLField(_("repository"), blank=True, max_length=500)
    ogp_url = models.URLField(_("page on the OGP website"), blank=True, max_length=500)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # Bumped by every sign-off and change of status (commitments.plan_workflow), so that a form
    # started from an older state of the plan is caught.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["member__name", "number"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(fields=["member", "number"], name="actionplan_unique_number"),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="actionplan_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="actionplan_status_valid"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="actionplan_number_positive"),
            models.CheckConstraint(
                condition=Q(submitted_year__isnull=True) | Q(submitted_year__range=(2011, 2100)),
                name="actionplan_submitted_year_plausible",
            ),
        ]
        indexes = [
            # The home page's latest plans (action_plans.selectors.plan_list_latest_published)
            # read the first rows of this index instead of sorting every plan.
            models.Index(
                Coalesce("submitted_on", "period_start").desc(),
                F("id").desc(),
                condition=~Q(status__in=[PlanStatus.CO_CREATION, PlanStatus.WITHDRAWN]),
                name="plan_latest_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("action_plans:detail", args=[self.member.slug, self.pk])

    @property
    def title_with_member(self) -> str:
        """The title after the member's name, unless the title already starts with it
        ("Morocco Action Plan 2018-2020", not "Morocco: Morocco Action Plan 2018-2020")."""
        if self.title.casefold().startswith(self.member.name.casefold()):
            return self.title
        return f"{self.member.name}: {self.title}"

    @property
    def period_label(self) -> str:
        return f"{self.period_start.year}–{self.period_end.year}"

    @property
    def missed_submission_deadline(self) -> bool:
        """Found in co-creation past its deadline, or submitted after it."""
        if self.submission_deadline_missed_on is not None:
            return True
        return bool(
            self.submission_deadline
            and self.submitted_on
            and self.submitted_on > self.submission_deadline
        )


class CoCreationKind(models.TextChoices):
    ADVANCE_NOTICE = "advance_notice", _("Advance notice")
    CONSULTATION = "consultation", _("Public consultation")
    WORKSHOP = "workshop", _("Co-creation workshop")
    REASONED_RESPONSE = "reasoned_response", _("Reasoned response")


class CoCreationStep(models.Model):
    """A step of the plan's co-creation record: a consultation, notice or reasoned response."""

    Kind = CoCreationKind

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="cocreation_steps")
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    url = models.URLField(_("link"), blank=True, max_length=500)
    contributions = models.PositiveIntegerField(_("contributions received"), default=0)

    class Meta:
        ordering = ["opens_on"]
        verbose_name = _("co-creation step")
        verbose_name_plural = _("co-creation steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="cocreationstep_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CoCreationKind.values), name="cocreationstep_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanReminderKind(models.TextChoices):
    SUBMISSION_DUE = "submission_due", _("Submission deadline approaching")
    SUBMISSION_MISSED = "submission_missed", _("Submission deadline missed")


class DeadlineReminder(Reminder):
    """A reminder e-mail to one person about an action plan's submission deadline, at one lead
    time (core.models.Reminder; the unique constraint makes the job safe to run twice)."""

    Kind = PlanReminderKind

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="deadline_reminders",
        verbose_name=_("action plan"),
    )

    class Meta(Reminder.Meta):
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "recipient", "kind", "deadline", "lead_days"],
                name="deadlinereminder_once_per_lead_time",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PlanReminderKind.values), name="deadlinereminder_kind_valid"
            ),
        ]


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", _("Meeting minutes")
    ACTION_PLAN = "action_plan", _("Action plan")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment report")
    IRM_REPORT = "irm_report", _("IRM report")
    REASONED_RESPONSE = "reasoned_response", _("Reasoned response")
    OTHER = "other", _("Other")


class RepositoryDocument(models.Model):
    """A document in the member's OGP repository: an uploaded file or a link, optionally tied
    to the action plan it belongs to and to a forum meeting. It lives here, beside the plans,
    because it points at them; the member's page shows it through `member.documents`."""

    Kind = DocumentKind

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="documents")
    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("action plan"),
    )
    meeting = models.ForeignKey(
        ForumMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=upload_path, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    published_on = models.DateField(_("published on"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("repository document")
        verbose_name_plural = _("repository documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="repositorydocument_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""), name="repositorydocument_has_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SignOffSide(models.TextChoices):
    GOVERNMENT = "government", _("Government (point of contact)")
    CIVIL_SOCIETY = "civil_society", _("Civil society (forum co-chair)")


class SignerRole(models.TextChoices):
    POINT_OF_CONTACT = "point_of_contact", _("Point of contact")
    CIVIL_SOCIETY_CO_CHAIR = "civil_society_co_chair", _("Civil-society co-chair of the forum")


class PlanSignOff(models.Model):
    """One side's endorsement of a plan for submission, with the signer's name and role as they
    stood when signing. A withdrawn sign-off is kept (withdrawn_at set); at most one of each side
    stands at a time. The rules are commitments.plan_workflow."""

    Side = SignOffSide

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="sign_offs",
        verbose_name=_("action plan"),
    )
    side = models.CharField(_("side"), max_length=20, choices=SignOffSide.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_sign_offs",
    )
    signer_name = models.CharField(_("name"), max_length=300)
    # The role is a code, shown in the reader's language; the organisation and the forum are
    # names, kept as they stood when signing.
    signer_role = models.CharField(_("role"), max_length=30, choices=SignerRole.choices)
    signer_organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    signer_forum = models.CharField(_("forum"), max_length=300, blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "side"],
                condition=Q(withdrawn_at__isnull=True),
                name="plansignoff_one_standing_per_side",
            ),
            models.CheckConstraint(
                condition=Q(side__in=SignOffSide.values), name="plansignoff_side_valid"
            ),
            models.CheckConstraint(
                condition=Q(signer_role__in=SignerRole.values), name="plansignoff_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("signed_at")),
                name="plansignoff_withdrawn_after_signed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} / {self.get_side_display()}: {self.signer_name}"

    @property
    def signer_role_label(self) -> str:
        """The signer's role in the active language, with their forum and organisation."""
        organisation = self.signer_organisation
        if self.signer_role == SignerRole.POINT_OF_CONTACT and organisation:
            return gettext("Point of contact, %(organisation)s") % {"organisation": organisation}
        if self.signer_role == SignerRole.CIVIL_SOCIETY_CO_CHAIR and self.signer_forum:
            label = gettext("Civil-society co-chair of %(forum)s") % {"forum": self.signer_forum}
        else:
            label = str(self.get_signer_role_display())
        return f"{label}, {organisation}" if organisation else label
