"""The document repository's pages, mounted in the `members` namespace (ogp_portal/pages/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("members/<slug:slug>/documents/new/", views.document_new, name="document-new"),
    path("members/<slug:slug>/documents/<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("members/<slug:slug>/documents/<int:pk>/file/", views.document_file, name="document-file"),
]
