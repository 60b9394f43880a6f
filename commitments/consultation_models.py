"""The public consultation on a plan in co-creation (OGP's standard 3, "an inclusive and
informed opportunity for participation", and 4, "a reasoned response"): the consultation, the
commitments' text as it was put to consultation, the input received and the government's
reasoned response to each. Imported by commitments.models; the rules are in
commitments.consultation."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from action_plans.models import ActionPlan
from core.models import Reminder
from core.uploads import upload_path


class PublicConsultation(models.Model):
    """A plan's public consultation: opened by the point of contact, with its dates and an
    introduction. Opening it froze the text of every commitment (ConsultationText)."""

    plan = models.OneToOneField(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="consultation",
        verbose_name=_("action plan"),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    introduction = models.TextField(_("introduction"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    # Set when the point of contact closes it before its closing date (which becomes that day).
    closed_early_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    # Bumped by every edit of the dates or the introduction (commitments.consultation).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="publicconsultation_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.ogp_id} {self.opens_on:%Y-%m-%d}–{self.closes_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:consultation", args=[self.plan.member.slug, self.plan_id])

    def is_open_on(self, day: datetime.date) -> bool:
        return self.closed_early_at is None and self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    @property
    def has_opened(self) -> bool:
        return timezone.localdate() >= self.opens_on

    @property
    def has_closed(self) -> bool:
        return self.closed_early_at is not None or timezone.localdate() > self.closes_on


class ConsultationText(models.Model):
    """One commitment's text as it was put to public consultation: its template fields
    (`fields`, by name) and its milestones' descriptions, stored when the consultation opened
    and never changed after."""

    consultation = models.ForeignKey(
        PublicConsultation, on_delete=models.CASCADE, related_name="texts"
    )
    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.CASCADE, related_name="consultation_texts"
    )
    commitment_version = models.PositiveIntegerField(_("version"))
    fields = models.JSONField(_("template fields"), default=dict)
    milestones = models.JSONField(_("milestones"), default=list)

    class Meta:
        ordering = ["consultation", "commitment__position", "commitment_id"]
        verbose_name = _("consultation text")
        verbose_name_plural = _("consultation texts")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "commitment"], name="consultationtext_once_per_commitment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation} / {self.commitment_id} v{self.commitment_version}"


class ConsultationInput(models.Model):
    """What one person said in the consultation, on the plan or on one commitment. Plain
    text, with an optional attachment. Never deleted: moderation hides it (with a reason)."""

    consultation = models.ForeignKey(
        PublicConsultation, on_delete=models.CASCADE, related_name="inputs"
    )
    commitment = models.ForeignKey(
        "commitments.Commitment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consultation_inputs",
        verbose_name=_("commitment"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="consultation_inputs",
        verbose_name=_("author"),
    )
    text = models.TextField(_("input"))
    attachment = models.FileField(_("attachment"), upload_to=upload_path, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("consultation input")
        verbose_name_plural = _("consultation inputs")
        indexes = [models.Index(fields=["author", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="consultationinput_hidden_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ResponseOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class ReasonedResponse(models.Model):
    """The government's reasoned response to one input: how it was taken into account, or why
    not. Shown publicly beside the input; edited with a version check."""

    Outcome = ResponseOutcome

    input = models.OneToOneField(
        ConsultationInput, on_delete=models.CASCADE, related_name="response"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ResponseOutcome.choices)
    reason = models.TextField(_("reason"))
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("responded by"),
    )
    responded_at = models.DateTimeField(_("responded at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("reasoned response")
        verbose_name_plural = _("reasoned responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ResponseOutcome.values),
                name="reasonedresponse_outcome_valid",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="reasonedresponse_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.reason[:60]}"


class ConsultationReminderKind(models.TextChoices):
    CLOSING = "consultation_closing", _("Consultation closing with inputs unanswered")


class ConsultationReminder(Reminder):
    """A reminder e-mail to the point of contact that a consultation closes with inputs still
    without a reasoned response, at one lead time (core.models.Reminder; the unique constraint
    makes the job safe to run twice; commitments.consultation_reminders)."""

    Kind = ConsultationReminderKind

    consultation = models.ForeignKey(
        PublicConsultation,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("public consultation"),
    )

    class Meta(Reminder.Meta):
        verbose_name = _("consultation reminder")
        verbose_name_plural = _("consultation reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "recipient", "kind", "deadline", "lead_days"],
                name="consultationreminder_once_per_lead_time",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ConsultationReminderKind.values),
                name="consultationreminder_kind_valid",
            ),
        ]
