"""The forum's own pages; the site mounts them in the `members` namespace beside the public
member pages (ogp_portal/pages/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("members/<slug:slug>/forum/", views.forum_manage, name="forum-manage"),
    path("members/<slug:slug>/forum/edit/", views.forum_edit, name="forum-edit"),
    path("members/<slug:slug>/forum/seats/", views.forum_seats, name="forum-seats"),
    path(
        "members/<slug:slug>/forum/invitations/new/",
        views.invitation_new,
        name="forum-invitation-new",
    ),
    path(
        "members/<slug:slug>/forum/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="forum-invitation-revoke",
    ),
    path("members/<slug:slug>/forum/meetings/new/", views.meeting_new, name="forum-meeting-new"),
    path(
        "members/<slug:slug>/forum/meetings/<int:pk>/edit/",
        views.meeting_edit,
        name="forum-meeting-edit",
    ),
    path(
        "members/<slug:slug>/forum/meetings/<int:pk>/minutes/",
        views.meeting_minutes_file,
        name="forum-meeting-file",
    ),
    path("forum/invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
