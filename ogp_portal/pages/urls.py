"""The public pages' addresses, in the namespaces the apps' models reverse (members:detail, ...)."""

from django.urls import include, path

from action_plans.urls import urlpatterns as repository_urls
from commitments.urls import urlpatterns as commitment_write_urls
from members.urls import urlpatterns as forum_urls

from . import commitments, home, members, plans, standards
from .review_urls import urlpatterns as review_urls

member_urls = [
    *forum_urls,
    *repository_urls,
    path("members/", members.member_list, name="list"),
    path("members/<slug:slug>/", members.member_detail, name="detail"),
]
plan_urls = [
    path("members/<slug:member_slug>/plans/<int:pk>/", plans.plan_detail, name="detail"),
    path(
        "members/<slug:member_slug>/plans/<int:pk>/standards/<str:code>/",
        standards.standards_finding,
        name="standards-finding",
    ),
]
commitment_urls = [
    *commitment_write_urls,
    path("", include("commitments.consultation_urls")),
    path("commitments/", commitments.commitment_search, name="search"),
    # `ref` is OGP's identifier (AL0002) or, for a commitment without one yet, its number here.
    path("commitments/<str:ref>/", commitments.commitment_detail, name="detail"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("data/", home.data, name="data"),
    path("", include((member_urls, "members"))),
    path("", include((plan_urls, "action_plans"))),
    path("", include((commitment_urls, "commitments"))),
    path("", include(("commitments.plan_workflow_urls", "plan_workflow"))),
    path("", include((review_urls, "irm_reviews"))),
]
