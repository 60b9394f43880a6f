"""Routes of the open-data dumps under /api/v1/."""

from django.urls import path

from .api import OpenDataDumpDownloadView, OpenDataDumpListView

urlpatterns = [
    path("exports/", OpenDataDumpListView.as_view(), name="api-open-data-list"),
    # path:, not str:, so that a name with slashes reaches the view and gets the JSON 404.
    path("exports/<path:name>", OpenDataDumpDownloadView.as_view(), name="api-open-data-download"),
]
