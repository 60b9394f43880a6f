"""Routes of partner sync under /api/v1/: tombstones and the token's webhook."""

from django.urls import path

from .api import TombstoneViewSet, WebhookView

urlpatterns = [
    path("tombstones/", TombstoneViewSet.as_view({"get": "list"}), name="api-tombstones-list"),
    path("webhook/", WebhookView.as_view(), name="api-webhook"),
]
