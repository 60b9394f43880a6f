"""The progress CSV routes of /api/v1/. Included before the API router so that
progress-updates/upload/ is not taken for the detail of an update."""

from django.urls import path

from .progress import ProgressExportView, ProgressUploadView

urlpatterns = [
    path(
        "progress-updates/export.csv",
        ProgressExportView.as_view(),
        name="api-progress-export",
    ),
    path(
        "progress-updates/upload/",
        ProgressUploadView.as_view(),
        name="api-progress-upload",
    ),
]
