import pytest
from rest_framework.test import APIClient

from tests.action_plans.factories import ActionPlanFactory

pytestmark = pytest.mark.django_db


def test_a_plan_is_found_by_ogp_id_and_filtered_by_status_and_member():
    plan = ActionPlanFactory(ogp_id="AP_ALB01", member__slug="albania", status="ended")
    ActionPlanFactory()
    client = APIClient()

    assert client.get("/api/v1/action-plans/AP_ALB01/").json()["id"] == plan.pk
    ended = client.get("/api/v1/action-plans/", {"status": "ended", "member": "albania"}).json()
    assert [row["ogp_id"] for row in ended["results"]] == ["AP_ALB01"]
    assert ended["results"][0]["member_slug"] == "albania"
    bad = client.get("/api/v1/action-plans/", {"status": "finished"})
    assert bad.status_code == 400
    assert "status" in bad.json()["error"]["fields"]
