from django.urls import path

from . import progress_views, views

app_name = "commitments"
urlpatterns = [
    path("progress/upload/", progress_views.progress_upload, name="progress-upload"),
    path("commitments/", views.commitment_search, name="search"),
    # `ref` is OGP's identifier (AL0002) or, for a commitment without one yet, its number here.
    path("commitments/<str:ref>/", views.commitment_detail, name="detail"),
]
