from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.api.tokens import api_token_issue, api_token_list_of, api_token_revoke
from members.models import User

from .forms import ApiTokenCreateForm
from .permissions import access_own_api_token


def _overview(
    request: HttpRequest,
    *,
    token_form: ApiTokenCreateForm | None = None,
    new_key: str | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    email_addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    response = render(
        request,
        "account/overview.html",
        {
            "account": user,
            "member": user.member,
            "email_addresses": email_addresses,
            "api_tokens": list(api_token_list_of(user)),
            "token_form": token_form or ApiTokenCreateForm(),
            "new_key": new_key,
        },
        status=status,
    )
    if new_key is not None:
        add_never_cache_headers(response)  # the key is on this page only, this once
    return response


@login_required
def account_overview(request: HttpRequest) -> HttpResponse:
    """Who you are here: name, role, member, e-mail addresses, API tokens, and where to change
    them."""
    return _overview(request)


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    """A new API token, its key shown on the answer to this request and never again."""
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _overview(request, token_form=form, status=400)
    _token, key = api_token_issue(
        user=request.user,
        scope=form.cleaned_data["scope"],
        label=form.cleaned_data["label"],
        request=request,
    )
    return _overview(request, new_key=key)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access_own_api_token(request.user, token_id)
    if api_token_revoke(token=token, by=request.user, request=request):
        messages.success(
            request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix}
        )
    return redirect("account_overview")
