"""The commitments app's own pages; the site mounts them in the `commitments` namespace beside
the public commitment pages (ogp_portal/pages/urls.py)."""

from django.urls import path

from . import progress_views

urlpatterns = [
    path("progress/upload/", progress_views.progress_upload, name="progress-upload"),
]
