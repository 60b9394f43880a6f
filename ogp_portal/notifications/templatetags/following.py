from django import template

from ..models import DeliveryStatus
from ..selectors import follow_state, unread_count, webhook_summaries_of

register = template.Library()


@register.inclusion_tag("notifications/_follow_form.html", takes_context=True)
def follow_button(context, target, kind: str) -> dict:
    """The follow/unfollow button of a member (kind "member"), plan or commitment page."""
    request = context["request"]
    user = request.user
    return {
        "request": request,
        "target": target,
        "kind": kind,
        "signed_in": user.is_authenticated,
        "following": follow_state(user, target) if user.is_authenticated else False,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    user = context["request"].user
    return unread_count(user) if user.is_authenticated else 0


@register.inclusion_tag("notifications/_webhook_summary.html", takes_context=True)
def webhook_summary(context) -> dict:
    """The account page's list of the person's webhooks with their last delivery."""
    user = context["request"].user
    labels = dict(DeliveryStatus.choices)
    return {
        "subscriptions": [
            {
                "prefix": subscription.token.prefix,
                "url": subscription.url,
                "is_active": subscription.is_active,
                "status": labels.get(subscription.last_status or ""),  # type: ignore[attr-defined]
                "attempts": subscription.last_attempts,  # type: ignore[attr-defined]
                "code": subscription.last_code,  # type: ignore[attr-defined]
            }
            for subscription in (webhook_summaries_of(user) if user.is_authenticated else [])
        ]
    }
