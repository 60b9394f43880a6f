"""The plan workflow's pages (commitments.plan_workflow_views), in the `plan_workflow` namespace
(ogp_portal/pages/urls.py)."""

from django.urls import path

from . import plan_workflow_views as views

PLAN = "members/<slug:member_slug>/plans/<int:pk>/"

urlpatterns = [
    path(f"{PLAN}sign-off/", views.plan_workflow_page, name="page"),
    path(f"{PLAN}sign-off/sign/", views.plan_sign_off_view, name="sign"),
    path(f"{PLAN}status/", views.plan_status_view, name="status"),
    path(f"{PLAN}document.docx", views.plan_document_view, name="document"),
    path(f"{PLAN}commitments/carry-forward/", views.carry_forward_view, name="carry-forward"),
]
