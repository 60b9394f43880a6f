from django.urls import path

from . import views

urlpatterns = [
    path("tokens/", views.api_token_create, name="api_token_create"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
]
