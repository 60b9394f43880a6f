from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import UpdatedAtField, label_field
from core.api.serializers import DescribedModelSerializer

from ..models import ActionPlan, PlanStatus


class ActionPlanSerializer(DescribedModelSerializer):
    member_slug = serializers.SlugField(
        source="member.slug", read_only=True, help_text=_("The member's slug, such as `albania`.")
    )
    status_label = label_field("status", PlanStatus, _("status"))
    updated_at = UpdatedAtField()

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "ogp_id",
            "member",
            "member_slug",
            "number",
            "title",
            "period_start",
            "period_end",
            "status",
            "status_label",
            "submission_deadline",
            "submitted_on",
            "repository_url",
            "ogp_url",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "number": {"help_text": _("The plan's number in the member's sequence (1, 2, ...).")},
            "created_at": {"help_text": _("When the record was created (UTC).")},
        }
