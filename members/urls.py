from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("members/", views.member_list, name="list"),
    path("members/<slug:slug>/", views.member_detail, name="detail"),
]
