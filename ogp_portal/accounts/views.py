from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.models import User


@login_required
def account_overview(request: HttpRequest) -> HttpResponse:
    """Who you are here: name, role, member, e-mail addresses, and where to change them."""
    user = request.user
    assert isinstance(user, User)  # login_required
    email_addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return render(
        request,
        "account/overview.html",
        {
            "account": user,
            "member": user.member,
            "email_addresses": email_addresses,
        },
    )
