"""The audit log of security-relevant events: sign-ins, failed sign-ins, lockouts, sign-outs,
password changes, two-step sign-in turned on or off, role or forum-seat changes, recorded as
core Events from Django's and allauth's signals (connected in ogp_portal.apps); API tokens
created or revoked, recorded by core.api.tokens; and errata to published IRM reports, which
irm_reviews.errata records."""

from typing import Any

from allauth.account import signals as account_signals
from allauth.core.internal.httpkit import get_client_ip
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.api.tokens import TOKEN_CREATED, TOKEN_REVOKED
from core.events import event_record
from irm_reviews.errata import ERRATUM_EVENT
from members.models import ForumSeat, User

LOGGED_IN = "account.logged_in"
LOGIN_FAILED = "account.login_failed"
LOCKED_OUT = "account.locked_out"
LOGGED_OUT = "account.logged_out"
PASSWORD_CHANGED = "account.password_changed"
PASSWORD_RESET = "account.password_reset"
MFA_ENABLED = "account.mfa_enabled"
MFA_DISABLED = "account.mfa_disabled"
RECOVERY_CODES_RENEWED = "account.recovery_codes_renewed"
ROLE_CHANGED = "account.role_changed"
SEAT_CHANGED = "account.seat_changed"
# A correction of a published IRM report (irm_reviews.errata): security-relevant because it
# changes what the public record says after publication.
REVIEW_ERRATUM = ERRATUM_EVENT

SECURITY_EVENT_KINDS = {
    LOGGED_IN: _("Logged in"),
    LOGIN_FAILED: _("Failed log-in"),
    LOCKED_OUT: _("Locked out"),
    LOGGED_OUT: _("Logged out"),
    PASSWORD_CHANGED: _("Password changed"),
    PASSWORD_RESET: _("Password reset"),
    MFA_ENABLED: _("Two-step sign-in turned on"),
    MFA_DISABLED: _("Two-step sign-in turned off"),
    RECOVERY_CODES_RENEWED: _("New recovery codes"),
    ROLE_CHANGED: _("Role or member changed"),
    SEAT_CHANGED: _("Forum seat changed"),
    # Endorsements of an action plan (commitments.plan_workflow).
    "plan.signed_off": _("Action plan signed off"),
    "plan.signoff_withdrawn": _("Action plan sign-off withdrawn"),
    "plan.submitted": _("Action plan submitted"),
    # An IRM report made public, and later corrections of it (irm_reviews.services, .errata).
    "review.published": _("IRM report published"),
    REVIEW_ERRATUM: _("Erratum to a published IRM report"),
    TOKEN_CREATED: _("API token created"),
    TOKEN_REVOKED: _("API token revoked"),
}

ROLE_FIELDS = ("role", "member_id", "is_staff", "is_superuser", "is_active")
ROLE_FIELD_NAMES = frozenset({*ROLE_FIELDS, "member"})
_BEFORE = "_audit_role_before"  # the role fields as stored, kept from pre_save to post_save


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as allauth's rate limits see it (TRUSTED_PROXY_COUNT proxies of
    our own), never a forwarded header taken as the client wrote it."""
    if request is None:
        return None
    return get_client_ip(request)


def _current_request() -> HttpRequest | None:
    return getattr(HistoricalRecords.context, "request", None)


def _record(
    kind: str,
    *,
    subject: models.Model,
    request: HttpRequest | None,
    user: User | None = None,
    member_id: int | None = None,
    data: dict | None = None,
    by_the_user: bool = True,
) -> None:
    """by_the_user: the account concerned acted itself when no one is signed in (a log-in, a
    failed log-in); a role or seat change is by whoever is signed in, or by no one (a script)."""
    actor = getattr(request, "user", None) if request is not None else None
    if (actor is None or not actor.is_authenticated) and by_the_user:
        actor = user
    payload = {"address": client_address(request), **(data or {})}
    if user is not None:
        payload.setdefault("username", user.username)
        member_id = member_id if member_id is not None else user.member_id
    with transaction.atomic():
        event_record(kind, subject=subject, actor=actor, member_id=member_id, data=payload)


def on_logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    _record(LOGGED_IN, subject=user, request=request, user=user)


def on_logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        _record(LOGGED_OUT, subject=user, request=request, user=user)


def _user_for_login(login: str) -> User | None:
    if not login:
        return None
    return (
        User.objects.filter(models.Q(username__iexact=login) | models.Q(email__iexact=login))
        .order_by("pk")
        .first()
    )


def on_login_failed(
    sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    login = str(credentials.get("username") or credentials.get("email") or "")[:150]
    record_failed_login(LOGIN_FAILED, login, request)


def record_failed_login(kind: str, login: str, request: HttpRequest | None) -> None:
    """A failed or refused log-in; an unknown account's event has the User type as subject."""
    user = _user_for_login(login)
    subject: models.Model = user or ContentType.objects.get_for_model(User)
    _record(kind, subject=subject, request=request, user=user, data={"login": login})


def on_password_changed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    _record(PASSWORD_CHANGED, subject=user, request=request, user=user)


def on_password_reset(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    _record(PASSWORD_RESET, subject=user, request=request, user=user)


def _on_authenticator(kind: str, request: HttpRequest, authenticator: Any) -> None:
    user = authenticator.user
    _record(kind, subject=user, request=request, user=user, data={"type": authenticator.type})


def on_authenticator_added(
    sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    if authenticator.type == "totp":
        _on_authenticator(MFA_ENABLED, request, authenticator)


def on_authenticator_removed(
    sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    if authenticator.type == "totp":
        _on_authenticator(MFA_DISABLED, request, authenticator)


def on_authenticator_reset(
    sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    _on_authenticator(RECOVERY_CODES_RENEWED, request, authenticator)


def _role_values(user: User) -> dict[str, Any]:
    return {field: getattr(user, field) for field in ROLE_FIELDS}


def on_user_pre_save(sender: Any, instance: User, update_fields=None, **kwargs: Any) -> None:
    # A new account is not a change (an account made with a role by an administrator is not
    # recorded); a save of other fields only (last_login at each log-in) costs no query.
    before = None
    if instance.pk is not None and (update_fields is None or ROLE_FIELD_NAMES & set(update_fields)):
        before = User.objects.filter(pk=instance.pk).values(*ROLE_FIELDS).first()
    setattr(instance, _BEFORE, before)


def on_user_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, _BEFORE, None)
    if before is None:
        return
    after = _role_values(instance)
    changed = {
        field: [before[field], after[field]]
        for field in ROLE_FIELDS
        if before[field] != after[field]
    }
    setattr(instance, _BEFORE, None)
    if not changed:
        return
    _record(
        ROLE_CHANGED,
        subject=instance,
        request=_current_request(),
        user=instance,
        data={"changes": changed},
        by_the_user=False,
    )


def _on_seat(instance: ForumSeat, change: str) -> None:
    _record(
        SEAT_CHANGED,
        subject=instance,
        request=_current_request(),
        user=None,
        member_id=instance.forum.member_id,
        data={
            "change": change,
            "person": instance.person_name,
            "username": instance.user.username if instance.user is not None else None,
            "joined_on": str(instance.joined_on) if instance.joined_on else None,
            "left_on": str(instance.left_on) if instance.left_on else None,
        },
        by_the_user=False,
    )


def on_seat_saved(sender: Any, instance: ForumSeat, created: bool, **kwargs: Any) -> None:
    _on_seat(instance, "added" if created else "changed")


def on_seat_deleted(sender: Any, instance: ForumSeat, **kwargs: Any) -> None:
    _on_seat(instance, "removed")


def connect() -> None:
    uid = "ogp_portal.accounts.audit"
    auth_signals.user_logged_in.connect(on_logged_in, dispatch_uid=f"{uid}.in")
    auth_signals.user_logged_out.connect(on_logged_out, dispatch_uid=f"{uid}.out")
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid=f"{uid}.failed")
    account_signals.password_changed.connect(on_password_changed, dispatch_uid=f"{uid}.pw")
    account_signals.password_set.connect(on_password_changed, dispatch_uid=f"{uid}.pwset")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid=f"{uid}.reset")
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid=f"{uid}.mfa+")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid=f"{uid}.mfa-")
    mfa_signals.authenticator_reset.connect(on_authenticator_reset, dispatch_uid=f"{uid}.rc")
    pre_save.connect(on_user_pre_save, sender=User, dispatch_uid=f"{uid}.user-")
    post_save.connect(on_user_saved, sender=User, dispatch_uid=f"{uid}.user+")
    post_save.connect(on_seat_saved, sender=ForumSeat, dispatch_uid=f"{uid}.seat+")
    post_delete.connect(on_seat_deleted, sender=ForumSeat, dispatch_uid=f"{uid}.seat-")
