"""The demo's public consultation: every demo account can try it at once."""

import datetime

import pytest
import time_machine

from action_plans.models import ActionPlan
from commitments.permissions import can_give_input, can_hide_input, can_respond_to_input
from commitments.redline import commitment_redline
from members.models import User
from ogp_portal.demo import demo_seed

TODAY = datetime.date(2026, 12, 1)

pytestmark = pytest.mark.django_db


def test_albanias_consultation_can_be_answered_moderated_and_given_input(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)):
        demo_seed(today=TODAY)
        consultation = ActionPlan.objects.get(ogp_id="AP_ALB07").consultation
        inputs = list(consultation.inputs.select_related("consultation__plan"))
        waiting = [item for item in inputs if not item.is_hidden and not hasattr(item, "response")]
        poc, cso, visitor = (
            User.objects.get(username=name) for name in ("poc.albania", "cso.albania", "gov.ghana")
        )

        assert consultation.is_open
        assert len(inputs) == 5 and sum(item.is_hidden for item in inputs) == 1
        assert len(waiting) == 2
        assert can_respond_to_input(poc, waiting[0])
        assert can_hide_input(cso, waiting[0])
        assert can_give_input(visitor, consultation)
        second = consultation.plan.commitments.get(number="2")
        redline = commitment_redline(second)
        # The description was edited after opening; the sign-off demo then added a milestone.
        assert redline is not None and "description" in [f.name for f in redline.changed_fields]
