"""The IRM workspace's addresses, mounted at /irm/ in the `irm` namespace (ogp_portal/urls.py)."""

from django.urls import path

from . import cluster_views, views

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/advance/", views.review_advance, name="advance"),
    path("reviews/<int:pk>/assignments/", views.review_assign, name="assign"),
    path(
        "reviews/<int:pk>/assignments/<int:assignment_pk>/remove/",
        views.review_unassign,
        name="unassign",
    ),
    path(
        "reviews/<int:pk>/commitments/<int:commitment_pk>/",
        views.assessment_edit,
        name="assessment",
    ),
    path("reviews/<int:pk>/clusters/", views.cluster_new, name="cluster-new"),
    path("reviews/<int:pk>/clusters/<int:cluster_pk>/", cluster_views.cluster_edit, name="cluster"),
    path(
        "reviews/<int:pk>/clusters/<int:cluster_pk>/commitments/",
        cluster_views.cluster_members,
        name="cluster-members",
    ),
    path(
        "reviews/<int:pk>/clusters/<int:cluster_pk>/ungroup/",
        views.cluster_dissolve,
        name="cluster-dissolve",
    ),
]
