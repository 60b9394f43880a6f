from django.urls import path

from . import views

app_name = "commitments"
urlpatterns: list = []
