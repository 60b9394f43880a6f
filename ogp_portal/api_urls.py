"""/api/v1/: the REST API for partner systems (see docs/api.md)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from action_plans.api.views import ActionPlanViewSet
from commitments.api.views import MilestoneViewSet, ProgressUpdateViewSet
from core.api.docs import redoc_view, swagger_view
from core.api.exceptions import api_not_found
from core.api.views import ApiRootView, TokenObtainView
from irm_reviews.api.publication import ErratumViewSet, ReviewCommentViewSet
from irm_reviews.api.views import (
    AssessmentViewSet,
    RatedCommitmentViewSet,
    ReviewAssignmentViewSet,
    ReviewCycleViewSet,
)
from members.api.views import ForumViewSet, MemberViewSet

router = SimpleRouter()
router.register("members", MemberViewSet, basename="api-members")
router.register("forums", ForumViewSet, basename="api-forums")
router.register("action-plans", ActionPlanViewSet, basename="api-action-plans")
router.register("commitments", RatedCommitmentViewSet, basename="api-commitments")
router.register("milestones", MilestoneViewSet, basename="api-milestones")
router.register("progress-updates", ProgressUpdateViewSet, basename="api-progress-updates")
router.register("review-cycles", ReviewCycleViewSet, basename="api-review-cycles")
router.register("assessments", AssessmentViewSet, basename="api-assessments")
router.register("review-assignments", ReviewAssignmentViewSet, basename="api-review-assignments")
router.register("review-comments", ReviewCommentViewSet, basename="api-review-comments")
router.register("errata", ErratumViewSet, basename="api-errata")

urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", swagger_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", redoc_view(url_name="api-schema"), name="api-redoc"),
    *router.urls,
    re_path(r"^.*$", api_not_found),
]
