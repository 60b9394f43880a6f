"""The commitments app's own pages; the site mounts them in the `commitments` namespace beside
the public commitment pages (ogp_portal/pages/urls.py)."""

from django.urls import path

from . import drafting_views, progress_views, removal_views

urlpatterns = [
    path("progress/upload/", progress_views.progress_upload, name="progress-upload"),
    path(
        "members/<slug:member_slug>/plans/<int:pk>/commitments/new/",
        drafting_views.commitment_new,
        name="new",
    ),
    path("commitments/<str:ref>/edit/", drafting_views.commitment_edit, name="edit"),
    path(
        "commitments/<str:ref>/history/<int:history_id>/",
        drafting_views.commitment_version,
        name="version",
    ),
    path("commitments/<str:ref>/comments/", drafting_views.commitment_comment, name="comment"),
    path("commitments/<str:ref>/progress/", progress_views.commitment_progress, name="progress"),
    path(
        "commitments/<str:ref>/progress/<int:pk>/edit/",
        progress_views.progress_update_edit_page,
        name="progress-edit",
    ),
    path(
        "commitments/<str:ref>/progress/evidence/<int:pk>/",
        progress_views.progress_evidence_file,
        name="progress-evidence",
    ),
    path("commitments/<str:ref>/delete/", removal_views.commitment_delete, name="delete"),
    path("commitments/<str:ref>/withdraw/", removal_views.commitment_withdraw, name="withdraw"),
    path(
        "commitments/deleted/<int:pk>/restore/",
        removal_views.commitment_restore_deleted,
        name="restore-deleted",
    ),
]
