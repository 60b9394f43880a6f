"""Every model of the portal is in the Django admin, and its list, search and filters work."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.members.factories import UserFactory

PORTAL_APPS = {"members", "action_plans", "commitments", "irm_reviews"}
PORTAL_MODELS = [
    model
    for model in apps.get_models()
    if model._meta.app_label in PORTAL_APPS and not model.__name__.startswith("Historical")
]


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda model: model.__name__)
def test_every_model_is_in_the_admin_with_search(model):
    model_admin = admin.site._registry.get(model)

    assert model_admin is not None
    assert model_admin.search_fields


@pytest.mark.django_db
@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda model: model.__name__)
def test_admin_list_page_searches_without_error(client, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert client.get(url, {"q": "albania"}).status_code == 200
