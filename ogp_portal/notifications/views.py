"""The notification pages: the list, follow buttons, e-mail settings, unsubscribe, webhooks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from action_plans.models import ActionPlan
from commitments.models import Commitment
from core.api.tokens import api_token_list_live
from core.listing import paginate
from members.models import Member, User

from . import services
from .display import notification_path, notification_text
from .emails import unsubscribe_user_id
from .forms import NotificationSettingsForm, WebhookForm
from .models import NotificationSettings
from .selectors import follows_of, notification_list, webhook_deliveries_of
from .webhooks import webhook_subscription_save, webhook_subscriptions_of

PER_PAGE = 25
_FOLLOWABLE: dict[str, type[Member | ActionPlan | Commitment]] = {
    "member": Member,
    "plan": ActionPlan,
    "commitment": Commitment,
}


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return redirect(target)


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    page = paginate(request, notification_list(request.user), PER_PAGE)
    items = [
        {"notification": n, "text": notification_text(n), "url": notification_path(n)}
        for n in page.object_list
    ]
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "items": items, "follows": follows_of(request.user)[:100]},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    assert isinstance(request.user, User)
    services.notification_mark_read(user=request.user, notification_id=pk)
    return _back(request, "notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All your notifications are marked read."))
    return _back(request, "notifications:list")


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """The follow button of a member, plan or commitment page (a form, no script needed)."""
    assert isinstance(request.user, User)
    model = _FOLLOWABLE.get(request.POST.get("target", ""))
    pk = request.POST.get("id", "")
    if model is None or not pk.isdigit():
        raise Http404
    target = model._default_manager.filter(pk=int(pk)).first()
    if target is None:
        raise Http404
    following = request.POST.get("following") == "1"
    try:
        services.follow_set(user=request.user, target=target, following=following)
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request,
        _("You follow this now: its news reach you in Notifications.")
        if following
        else _("You no longer follow this."),
    )
    return _back(request, target.get_absolute_url())


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    row = NotificationSettings.objects.filter(user=request.user).first()
    initial = {
        "email_frequency": row.email_frequency if row else NotificationSettings.Frequency.DAILY,
        "language": request.user.language or (get_language() or "en")[:2],
    }
    form = NotificationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_settings_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # one-click unsubscribe (RFC 8058): mail clients POST without a session
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks; POST (the page's button, or a mail client's List-Unsubscribe-Post) stops
    every e-mail of notifications and digests. The signed token is the authority."""
    user_id = unsubscribe_user_id(token)
    if user_id is None or not User.objects.filter(pk=user_id).exists():
        raise Http404(_("This unsubscribe link is not valid."))
    done = request.method == "POST"
    if done:
        services.email_unsubscribe(user_id=user_id)
    return render(request, "notifications/unsubscribe.html", {"done": done})


@login_required
def webhooks_view(request: HttpRequest) -> HttpResponse:
    """The subscriber's page: a webhook per API token, with the last deliveries' status."""
    assert isinstance(request.user, User)
    tokens = list(api_token_list_live(request.user))
    subscriptions = {s.token_id: s for s in webhook_subscriptions_of(request.user)}
    bound: tuple[int, WebhookForm] | None = None
    if request.method == "POST":
        token = next((t for t in tokens if str(t.pk) == request.POST.get("token")), None)
        if token is None:
            raise Http404
        form = WebhookForm(request.POST, prefix=f"token-{token.pk}")
        if form.is_valid():
            try:
                webhook_subscription_save(user=request.user, token=token, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The webhook is saved."))
                return redirect("notifications:webhooks")
        bound = (token.pk, form)
    rows = []
    for token in tokens:
        subscription = subscriptions.get(token.pk)
        if bound and bound[0] == token.pk:
            form = bound[1]
        else:
            initial = (
                {
                    "url": subscription.url,
                    "event_kinds": subscription.event_kinds,
                    "is_active": subscription.is_active,
                }
                if subscription
                else {"is_active": True}
            )
            form = WebhookForm(initial=initial, prefix=f"token-{token.pk}")
        rows.append({"token": token, "subscription": subscription, "form": form})
    return render(
        request,
        "notifications/webhooks.html",
        {"rows": rows, "deliveries": webhook_deliveries_of(request.user)},
    )
