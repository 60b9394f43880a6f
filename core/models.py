from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """Something that happened on the portal (a progress update, a completed milestone, a
    saved assessment, a report moving on, a reminder sent), recorded once in the transaction
    that made it happen. `member_id` names the OGP member concerned, without a foreign key
    because core sits below every app."""

    kind = models.CharField(_("kind"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("subject type")
    )
    object_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("content_type", "object_id")
    member_id = models.BigIntegerField(_("member id"), null=True, blank=True, db_index=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["kind", "occurred_at"], name="event_kind_occurred_at"),
            models.Index(fields=["content_type", "object_id"], name="event_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.content_type.model} {self.object_id}"


class IdempotencyKey(models.Model):
    """A POST that a client marked with an `Idempotency-Key` header, and the answer it got, so
    that a retry (or twenty parallel copies) of the same request stores one row and gets the
    same answer. The unique constraint makes parallel copies wait for the first one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    key = models.CharField(_("key"), max_length=255)
    request_hash = models.CharField(_("request hash"), max_length=64)
    response_status = models.PositiveSmallIntegerField(_("response status"))
    response_body = models.JSONField(_("response body"))
    response_hash = models.CharField(_("response hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]

    def __str__(self) -> str:
        return self.key


class ApiToken(models.Model):
    """A key for the REST API, stored only as its SHA-256: whoever reads the database cannot
    use it. It stops working when it expires, when it is revoked, and when its user's password
    changes (`password_fingerprint` no longer matches), see core.api.tokens."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        READ_WRITE = "read_write", _("Read and write")

    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    prefix = models.CharField(_("first characters"), max_length=8)
    label = models.CharField(_("name"), max_length=100, blank=True)
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.READ_WRITE
    )
    password_fingerprint = models.CharField(_("password fingerprint"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_read_only(self) -> bool:
        return self.scope == self.Scope.READ

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class Reminder(models.Model):
    """What every deadline reminder row has: one e-mail to one person about one deadline of one
    subject (the concrete model's foreign key), `lead_days` before it (OVERDUE_LEAD_DAYS for the
    one reminder after it). Each concrete model makes (subject, recipient, kind, deadline,
    lead_days) unique, so that running the job twice, or on two workers at once, records one
    row; `claimed_at` marks a delivery under way, `sent_at` stays empty until the e-mail went
    out (core.reminders)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30)
    deadline = models.DateField(_("deadline"))
    lead_days = models.SmallIntegerField(_("days before the deadline"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("delivery started at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.recipient_id} / {self.kind} / {self.deadline:%Y-%m-%d} / {self.lead_days}"


OVERDUE_LEAD_DAYS = -1
