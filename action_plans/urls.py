from django.urls import path

from . import views

app_name = "action_plans"
urlpatterns: list = []
