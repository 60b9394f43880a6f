"""Turning the role sentences sign-offs stored (in the signer's language) back into a code and
names (action_plans/migrations/0012)."""

import datetime
import importlib

import pytest
from django.db import IntegrityError, transaction

from action_plans.models import PlanSignOff
from tests.action_plans.factories import ActionPlanFactory

migration = importlib.import_module("action_plans.migrations.0012_plansignoff_signer_role_code")
convert = migration.signer_role_from_label
FORUMS = ["Coordination Council for Open Government, Ukraine"]


@pytest.mark.parametrize(
    "label",
    [
        "Point of contact, Ministry X",
        "Punto de contacto, Ministry X",
        "Point de contact, Ministry X",
    ],
)
def test_a_point_of_contacts_sentence_in_any_language_becomes_the_code(label):
    assert convert(label, "government", FORUMS) == {
        "signer_role": "point_of_contact",
        "signer_organisation": "Ministry X",
        "signer_forum": "",
    }


@pytest.mark.parametrize(
    "prefix",
    [
        "Civil-society co-chair of ",
        "Copresidencia de la sociedad civil de ",
        "Coprésidence société civile de ",
    ],
)
def test_a_co_chairs_sentence_keeps_a_forum_name_with_a_comma_whole(prefix):
    label = f"{prefix}Coordination Council for Open Government, Ukraine, Open Parliament Watch"
    assert convert(label, "civil_society", FORUMS) == {
        "signer_role": "civil_society_co_chair",
        "signer_organisation": "Open Parliament Watch",
        "signer_forum": "Coordination Council for Open Government, Ukraine",
    }


def test_a_co_chair_without_an_organisation_keeps_the_forum():
    converted = convert("Civil-society co-chair of Some Forum", "civil_society", [])
    assert converted["signer_forum"] == "Some Forum"
    assert converted["signer_organisation"] == ""


def test_a_sentence_in_no_known_form_keeps_its_text_with_the_role_of_its_side():
    assert convert("Ministra de Justicia", "government", []) == {
        "signer_role": "point_of_contact",
        "signer_organisation": "Ministra de Justicia",
        "signer_forum": "",
    }


@pytest.mark.django_db
def test_the_database_refuses_a_role_that_is_not_a_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanSignOff.objects.create(
            plan=ActionPlanFactory(),
            side="government",
            signer_name="Ana",
            signer_role="Point of contact, Ministry X",
            signed_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
        )
