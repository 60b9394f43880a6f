from django.urls import path

from . import views

app_name = "action_plans"
urlpatterns = [
    path("members/<slug:member_slug>/plans/<int:pk>/", views.plan_detail, name="detail"),
]
