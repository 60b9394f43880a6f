"""The forum's own pages, for the member's point of contact and the forum's co-chairs
(members.permissions.can_manage_forum), and the page where an invited person accepts a seat.
Every write goes through members.services; the public member page shows the result."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.uploads import download_response, refuse_oversized_uploads
from core.versioning import edit_form_save

from . import selectors, services
from .forms import STALE_MESSAGE, ForumForm, InvitationForm, MeetingForm
from .models import ForumInvitation, ForumMeeting, ForumSeat, MultiStakeholderForum, User
from .permissions import can_manage_forum, can_see_private_meetings


def _managed_forum(request: HttpRequest, slug: str) -> MultiStakeholderForum:
    forum = selectors.forum_get_for_manage(slug)
    if not can_manage_forum(request.user, forum.member_id):
        raise PermissionDenied
    return forum


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required
    return user


def _manage_url(forum: MultiStakeholderForum) -> str:
    return reverse("members:forum-manage", args=[forum.member.slug])


@login_required
def forum_manage(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _managed_forum(request, slug)
    return render(
        request,
        "members/forum/manage.html",
        {
            "forum": forum,
            "member": forum.member,
            "meetings": selectors.forum_meeting_list_all(forum),
            "invitations": selectors.forum_invitation_list(forum).filter(
                accepted_at__isnull=True, revoked_at__isnull=True
            ),
        },
    )


@login_required
def forum_edit(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _managed_forum(request, slug)
    status = 200
    if request.method == "POST":
        form = ForumForm(request.POST)
        status = edit_form_save(
            form,
            lambda data: services.forum_update(
                actor=_actor(request),
                forum=forum,
                version=data["version"],
                description=data["description"],
                rules=data["rules"],
                rules_url=data["rules_url"],
            ),
            STALE_MESSAGE,
        )
        if status == 200:
            messages.success(request, _("The forum's description and rules were saved."))
            return redirect(_manage_url(forum))
    else:
        form = ForumForm.for_forum(forum)
    return render(
        request,
        "members/forum/edit.html",
        {"forum": forum, "member": forum.member, "form": form},
        status=status,
    )


@login_required
def forum_seats(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _managed_forum(request, slug)
    if request.method == "POST":
        seat = get_object_or_404(ForumSeat, pk=request.POST.get("seat"), forum=forum)
        services.forum_seat_end(actor=_actor(request), seat=seat)
        messages.success(
            request,
            _("The seat of %(name)s has ended. Their account stays; the forum's rights do not.")
            % {"name": seat.person_name},
        )
        return redirect(reverse("members:forum-seats", args=[slug]))
    return render(
        request,
        "members/forum/seats.html",
        {
            "forum": forum,
            "member": forum.member,
            "seats": selectors.forum_seat_list(forum),
            "invitations": selectors.forum_invitation_list(forum),
        },
    )


@login_required
def invitation_new(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _managed_forum(request, slug)
    status = 200
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid():
            services.forum_invitation_create(
                actor=_actor(request), forum=forum, **form.cleaned_data
            )
            messages.success(
                request,
                _("An invitation was sent to %(email)s. The link works once, for %(days)s days.")
                % {"email": form.cleaned_data["email"], "days": services.INVITATION_VALID_DAYS},
            )
            return redirect(reverse("members:forum-seats", args=[slug]))
        status = 400
    else:
        form = InvitationForm()
    return render(
        request,
        "members/forum/invitation_new.html",
        {"forum": forum, "member": forum.member, "form": form},
        status=status,
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    forum = _managed_forum(request, slug)
    invitation = get_object_or_404(ForumInvitation, pk=pk, forum=forum)
    services.forum_invitation_revoke(actor=_actor(request), invitation=invitation)
    messages.success(
        request, _("The invitation of %(email)s was revoked.") % {"email": invitation.email}
    )
    return redirect(reverse("members:forum-seats", args=[slug]))


def _signup_url() -> str | None:
    try:
        return reverse("account_signup")
    except NoReverseMatch:
        return None


UNUSABLE_MESSAGES = {
    "used": _("This invitation link has already been used. Each link works once."),
    "revoked": _("This invitation was revoked by the forum."),
    "expired": _("This invitation link has expired. Ask the forum for a new invitation."),
    "unknown": _("This invitation link is not valid. Check that you copied all of it."),
}


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Signed out: offers to sign in or create an account, coming back here. Signed in: a
    button that takes the seat."""
    invitation = services.forum_invitation_get(token)
    reason = "unknown" if invitation is None else services.invitation_unusable_reason(invitation)
    context: dict = {"invitation": invitation}
    if reason:
        context["problem"] = UNUSABLE_MESSAGES[reason]
        return render(request, "members/forum/invitation_accept.html", context, status=410)
    assert invitation is not None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        try:
            services.forum_invitation_accept(token=token, user=_actor(request))
        except services.InvitationNotUsable as unusable:
            context["problem"] = UNUSABLE_MESSAGES[unusable.reason]
            return render(request, "members/forum/invitation_accept.html", context, status=410)
        messages.success(
            request,
            _("You now hold a seat in %(forum)s.") % {"forum": invitation.forum.name},
        )
        return redirect(invitation.forum.member.get_absolute_url())
    login_url = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)["Location"]
    signup_url = _signup_url()
    if signup_url:
        signup_url += "?" + login_url.split("?", 1)[1] if "?" in login_url else ""
    context |= {"login_url": login_url, "signup_url": signup_url}
    return render(request, "members/forum/invitation_accept.html", context)


@login_required
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _meeting_form(request, slug, None)


@login_required
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _meeting_form(request, slug, pk)


def _meeting_form(request: HttpRequest, slug: str, pk: int | None) -> HttpResponse:
    forum = _managed_forum(request, slug)
    meeting = get_object_or_404(ForumMeeting, pk=pk, forum=forum) if pk else None
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST, request.FILES)
        refuse_oversized_uploads(form, request)

        def save(data: dict) -> None:
            minutes_file = data.pop("minutes_file") or None
            if meeting is None:
                services.forum_meeting_create(
                    actor=_actor(request), forum=forum, values=data, minutes_file=minutes_file
                )
            else:
                services.forum_meeting_update(
                    actor=_actor(request),
                    meeting=meeting,
                    version=data.get("version") or 0,
                    values=data,
                    minutes_file=minutes_file,
                )

        status = edit_form_save(form, save, STALE_MESSAGE)
        if status == 200:
            messages.success(request, _("The meeting was saved."))
            return redirect(_manage_url(forum))
    else:
        form = MeetingForm.for_meeting(meeting) if meeting else MeetingForm()
    return render(
        request,
        "members/forum/meeting_form.html",
        {"forum": forum, "member": forum.member, "form": form, "meeting": meeting},
        status=status,
    )


def meeting_minutes_file(request: HttpRequest, slug: str, pk: int) -> StreamingHttpResponse:
    """The meeting's minutes as a download; a private meeting's only for the forum's members
    (others get 404, as if it did not exist)."""
    meeting = get_object_or_404(
        ForumMeeting.objects.select_related("forum"), pk=pk, forum__member__slug=slug
    )
    if not meeting.minutes_file:
        raise Http404
    if not meeting.is_public and not can_see_private_meetings(
        request.user, meeting.forum.member_id
    ):
        raise Http404
    return download_response(meeting.minutes_file, meeting.minutes_file_type, meeting.title)
