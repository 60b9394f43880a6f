from django import template

from ..selectors import follow_state, unread_count

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
