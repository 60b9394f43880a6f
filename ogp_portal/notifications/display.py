"""What a notification says and where it leads, rendered in the active language from the
registry entry of its event's kind."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Notification
from .registry import kind_of


def _commitment_label(notification: Notification) -> str:
    commitment = notification.commitment
    if commitment is None:
        return ""
    if commitment.ogp_id:
        return f"{commitment.ogp_id} {commitment.short_title or commitment.title}"
    return commitment.short_title or commitment.title


def notification_text(notification: Notification) -> str:
    """One sentence. Needs event__actor, commitment, plan__member and member loaded."""
    kind = kind_of(notification.event.kind)
    if kind is None:
        return notification.event.kind
    template = kind.text
    if notification.reason == "direct" and kind.direct_text is not None:
        template = kind.direct_text
    actor = notification.event.actor
    context = {
        "commitment": _commitment_label(notification),
        "plan": notification.plan.title if notification.plan else "",
        "member": notification.member.name if notification.member else "",
        "actor": (actor.get_full_name() or actor.username) if actor else _("Someone"),
    }
    return str(template) % context


def notification_path(notification: Notification) -> str:
    """The page of what it concerns: the commitment, else the plan, else the member (at the
    kind's fragment of it, if any), in the active language."""
    kind = kind_of(notification.event.kind)
    fragment = kind.fragment(notification.event) if kind and kind.fragment else ""
    for target in (notification.commitment, notification.plan, notification.member):
        if target is not None:
            return target.get_absolute_url() + fragment
    return reverse("notifications:list")
