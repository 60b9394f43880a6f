"""The public consultation's pages, in the `commitments` namespace (ogp_portal/pages/urls.py)."""

from django.urls import path

from . import consultation_views as views

PLAN = "members/<slug:member_slug>/plans/<int:pk>/consultation/"

urlpatterns = [
    path(PLAN, views.consultation_page, name="consultation"),
    path(f"{PLAN}edit/", views.consultation_edit, name="consultation-edit"),
    path(f"{PLAN}close/", views.consultation_close, name="consultation-close"),
    path(f"{PLAN}input/", views.consultation_input_new, name="consultation-input"),
    path(
        f"{PLAN}inputs/<int:input_pk>/respond/",
        views.consultation_input_respond,
        name="consultation-respond",
    ),
    path(
        f"{PLAN}inputs/<int:input_pk>/hide/",
        views.consultation_input_hide,
        name="consultation-hide",
    ),
    path(
        f"{PLAN}inputs/<int:input_pk>/attachment/",
        views.consultation_input_attachment,
        name="consultation-attachment",
    ),
    path("commitments/<str:ref>/redline/", views.commitment_redline_page, name="redline"),
]
