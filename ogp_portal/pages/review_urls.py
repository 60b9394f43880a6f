"""The IRM reviews' pages: a review with its comments and errata, and /compare/."""

from django.urls import path

from . import compare, reviews

REVIEW = "members/<slug:member_slug>/plans/<int:pk>/reviews/<str:kind>/"

urlpatterns = [
    path("compare/", compare.compare, name="compare"),
    path(REVIEW, reviews.review_detail, name="review"),
    path(f"{REVIEW}comments/", reviews.review_comment_add, name="review-comment"),
    path(
        f"{REVIEW}comments/<int:comment_pk>/answer/",
        reviews.review_comment_answer,
        name="review-answer",
    ),
    path(
        f"{REVIEW}comments/<int:comment_pk>/edit/",
        reviews.review_comment_edit,
        name="review-comment-edit",
    ),
    path(f"{REVIEW}errata/", reviews.review_erratum_add, name="review-erratum"),
]
