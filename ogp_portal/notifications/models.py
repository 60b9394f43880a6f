"""Follows, notifications, e-mail settings and digests, webhook subscriptions and deliveries,
and tombstones of what partner systems can no longer see. Every "exactly once" is a unique
constraint here."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from action_plans.models import ActionPlan
from commitments.models import Commitment
from core.models import ApiToken, Event
from members.models import Member

_ONE_TARGET = (
    Q(member__isnull=False, plan__isnull=True, commitment__isnull=True)
    | Q(member__isnull=True, plan__isnull=False, commitment__isnull=True)
    | Q(member__isnull=True, plan__isnull=True, commitment__isnull=False)
)


class Follow(models.Model):
    """A person's choice about one member, plan or commitment: `following` True is a follow,
    False an unfollow of what they would otherwise follow automatically (forum members follow
    their member's plans; see ogp_portal.notifications.recipients)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, related_name="+")
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, null=True, related_name="+")
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, null=True, related_name="+"
    )
    following = models.BooleanField(_("following"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(condition=_ONE_TARGET, name="follow_one_target"),
            models.UniqueConstraint(
                fields=["user", "member"], condition=Q(member__isnull=False), name="follow_member"
            ),
            models.UniqueConstraint(
                fields=["user", "plan"], condition=Q(plan__isnull=False), name="follow_plan"
            ),
            models.UniqueConstraint(
                fields=["user", "commitment"],
                condition=Q(commitment__isnull=False),
                name="follow_commitment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {'follows' if self.following else 'unfollowed'}"


class Notification(models.Model):
    """One event told to one person. The text is rendered when shown (in the reader's
    language) from the event kind's entry in ogp_portal.notifications.registry and the
    member, plan and commitment resolved when it was created."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, related_name="+")
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, null=True, related_name="+")
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, null=True, related_name="+"
    )
    # "follow": they follow what it concerns; "direct": it is about them (a mention, an
    # answer to their input).
    reason = models.CharField(max_length=10, default="follow")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # An immediate e-mail: claimed (a lease, so that a worker that died lets another retry)
    # and sent.
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="notification_once"),
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_new"),
        ]

    def __str__(self) -> str:
        return f"{self.event.kind} to {self.recipient_id}"


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, one e-mail each")
    DAILY = "daily", _("A daily digest")
    WEEKLY = "weekly", _("A weekly digest")
    NONE = "none", _("No e-mail")


class NotificationSettings(models.Model):
    """How a person wants to hear of what they follow. No row: a daily digest. The language
    of every e-mail is the person's own (`User.language`)."""

    Frequency = EmailFrequency

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_frequency = models.CharField(
        _("e-mail"), max_length=20, choices=EmailFrequency.choices, default=EmailFrequency.DAILY
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(email_frequency__in=EmailFrequency.values),
                name="notificationsettings_frequency_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.email_frequency}"


class DigestPeriod(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Digest(models.Model):
    """One digest e-mail per person and period, whatever runs the job how often."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    period = models.CharField(max_length=10, choices=DigestPeriod.choices)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    notification_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "period", "period_start"], name="digest_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} digest {self.period_start:%Y-%m-%d} to {self.recipient_id}"


class WebhookSubscription(models.Model):
    """A partner system's subscription, one per API token: where to POST which event kinds.
    `secret` signs each delivery (HMAC-SHA256); it is shown to the token's owner."""

    token = models.OneToOneField(ApiToken, on_delete=models.CASCADE, related_name="webhook")
    url = models.URLField(_("address"), max_length=500)
    event_kinds = models.JSONField(_("event types"), default=list)
    secret = models.CharField(max_length=64)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event POSTed to one subscription, once (unique), with its last attempt."""

    Status = DeliveryStatus

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} to {self.subscription_id}: {self.status}"


class Tombstone(models.Model):
    """Something partner systems synced that is gone or withdrawn: what, which id, why, when.
    Recorded in the transaction of the removal (ogp_portal.notifications.hooks)."""

    resource = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    ogp_id = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=20)
    member_id = models.BigIntegerField(null=True, blank=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    removed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["removed_at", "pk"]
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "resource", "object_id"], name="tombstone_once_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.object_id} {self.reason}"


class DeadlineNotice(models.Model):
    """That the followers of one subject (a milestone) were told of one of its deadlines at one
    lead time, or once after it passed: unique, so that the hourly job records one event for
    it however often or concurrently it runs (ogp_portal.notifications.deadlines)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=60)
    deadline = models.DateField()
    lead_days = models.SmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    noticed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deadline notice")
        verbose_name_plural = _("deadline notices")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "deadline", "lead_days"],
                name="deadlinenotice_once_per_lead_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.deadline:%Y-%m-%d} {self.lead_days}"
