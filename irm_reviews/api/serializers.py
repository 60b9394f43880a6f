from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from commitments.api.serializers import CommitmentRefSerializer
from commitments.models import Completion
from core.api.fields import UpdatedAtField, interpolate_lazy, label_field
from core.api.serializers import DescribedModelSerializer

from ..models import (
    AssessmentErratum,
    CommitmentAssessment,
    CycleState,
    DidItOpenGovernment,
    EarlyResults,
    PotentialForResults,
    PotentialImpact,
    ReviewAssignment,
    ReviewCycle,
    ReviewKind,
    Specificity,
    Verifiable,
)
from ..services import LEVEL_CHOICES, WRITABLE_FIELDS


class ReviewCycleSerializer(DescribedModelSerializer):
    plan_ogp_id = serializers.CharField(
        source="plan.ogp_id", read_only=True, help_text=_("OGP identifier of the reviewed plan.")
    )
    member_slug = serializers.SlugField(
        source="plan.member.slug", read_only=True, help_text=_("The member's slug.")
    )
    kind_label = label_field("kind", ReviewKind, _("report"))
    state_label = label_field("state", CycleState, _("state"))
    narrative = serializers.CharField(
        source="public_narrative",
        read_only=True,
        help_text=_("The report's summary; empty until the report is published."),
    )
    updated_at = UpdatedAtField()

    class Meta:
        model = ReviewCycle
        fields = [
            "id",
            "plan",
            "plan_ogp_id",
            "member_slug",
            "kind",
            "kind_label",
            "opens_on",
            "due_on",
            "state",
            "state_label",
            "narrative",
            "published_on",
            "report_url",
            "comment_period_closes_on",
            "updated_at",
        ]


class AssessmentErratumNestedSerializer(DescribedModelSerializer):
    """An erratum beside the value it corrects; the assessment's own fields keep the
    published value."""

    class Meta:
        model = AssessmentErratum
        fields = ["id", "field", "original_value", "corrected_value", "reason", "corrected_on"]
        read_only_fields = fields


class AssessmentSerializer(DescribedModelSerializer):
    cycle_kind = serializers.ChoiceField(
        source="cycle.kind",
        choices=ReviewKind.choices,
        read_only=True,
        help_text=_("Which IRM report this assessment is part of."),
    )
    plan_ogp_id = serializers.CharField(
        source="cycle.plan.ogp_id", read_only=True, help_text=_("OGP identifier of the plan.")
    )
    member_slug = serializers.SlugField(
        source="cycle.plan.member.slug", read_only=True, help_text=_("The member's slug.")
    )
    commitment_ogp_id = serializers.CharField(
        source="commitment.ogp_id",
        read_only=True,
        allow_null=True,
        help_text=_("OGP identifier of the commitment."),
    )
    verifiable_label = label_field("verifiable", Verifiable, _("verifiability"))
    potential_for_results_label = label_field(
        "potential_for_results", PotentialForResults, _("potential for results")
    )
    completion_label = label_field("completion", Completion, _("completion"))
    early_results_label = label_field("early_results", EarlyResults, _("early results"))
    specificity_label = label_field("specificity", Specificity, _("specificity"))
    potential_impact_label = label_field("potential_impact", PotentialImpact, _("potential impact"))
    did_it_open_government_label = label_field(
        "did_it_open_government", DidItOpenGovernment, _("did it open government? level")
    )
    errata = AssessmentErratumNestedSerializer(
        many=True,
        read_only=True,
        help_text=_(
            "Corrections made after publication, oldest first; the newest of a field is the "
            "value in force. The fields above keep the value as published."
        ),
    )
    updated_at = UpdatedAtField()

    class Meta:
        model = CommitmentAssessment
        fields = [
            "id",
            "cycle",
            "cycle_kind",
            "plan_ogp_id",
            "member_slug",
            "commitment",
            "commitment_ogp_id",
            "verifiable",
            "verifiable_label",
            "open_government_lens",
            "potential_for_results",
            "potential_for_results_label",
            "is_promising",
            "cluster",
            "completion",
            "completion_label",
            "early_results",
            "early_results_label",
            "specificity",
            "specificity_label",
            "is_relevant_access_to_information",
            "is_relevant_civic_participation",
            "is_relevant_public_accountability",
            "is_relevant_technology",
            "potential_impact",
            "potential_impact_label",
            "did_it_open_government",
            "did_it_open_government_label",
            "is_starred",
            "narrative",
            "justifications",
            "evidence_links",
            "version",
            "errata",
            "updated_at",
        ]


# The indicators' names, as `_level_field` describes them.
LEVEL_NAMES = {
    "verifiable": _("Verifiable"),
    "potential_for_results": _("Potential for results"),
    "completion": _("Completion"),
    "early_results": _("Early results"),
    "specificity": _("Specificity"),
    "potential_impact": _("Potential impact"),
    "did_it_open_government": _("Did it open government"),
}


def _level_field(name: str) -> serializers.ChoiceField:
    choices = LEVEL_CHOICES[name]
    return serializers.ChoiceField(
        choices=choices.choices,
        required=False,
        allow_blank=True,
        help_text=interpolate_lazy(
            _("%(indicator)s; empty for no value."), {"indicator": LEVEL_NAMES[name]}
        ),
    )


class AssessmentWriteSerializer(serializers.Serializer):
    """Types only; irm_reviews.services.assessment_save checks the report's methodology. Send
    only the indicators to set; those left out keep their value."""

    verifiable = _level_field("verifiable")
    potential_for_results = _level_field("potential_for_results")
    completion = _level_field("completion")
    early_results = _level_field("early_results")
    specificity = _level_field("specificity")
    potential_impact = _level_field("potential_impact")
    did_it_open_government = _level_field("did_it_open_government")
    open_government_lens = serializers.BooleanField(
        required=False, allow_null=True, help_text=_("Open government lens (yes/no).")
    )
    is_promising = serializers.BooleanField(
        required=False, allow_null=True, help_text=_("A promising commitment.")
    )
    is_relevant_access_to_information = serializers.BooleanField(
        required=False, allow_null=True, help_text=_("Relevant to access to information (legacy).")
    )
    is_relevant_civic_participation = serializers.BooleanField(
        required=False, allow_null=True, help_text=_("Relevant to civic participation (legacy).")
    )
    is_relevant_public_accountability = serializers.BooleanField(
        required=False, allow_null=True, help_text=_("Relevant to public accountability (legacy).")
    )
    is_relevant_technology = serializers.BooleanField(
        required=False,
        allow_null=True,
        help_text=_("Relevant to technology and innovation (legacy)."),
    )
    is_starred = serializers.BooleanField(
        required=False, allow_null=True, help_text=_("Starred commitment (legacy).")
    )
    cluster = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text=_("Cluster name, if clustered.")
    )
    narrative = serializers.CharField(
        required=False, allow_blank=True, max_length=50000, help_text=_("The assessment's text.")
    )

    justifications = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=20000),
        required=False,
        help_text=_("The justification of each indicator's level: {indicator: text}."),
    )
    evidence_links = serializers.ListField(
        child=serializers.URLField(max_length=2000),
        required=False,
        max_length=50,
        help_text=_("Links to the evidence for the assessment."),
    )

    def indicator_values(self) -> dict:
        names = WRITABLE_FIELDS
        return {name: value for name, value in self.validated_data.items() if name in names}


class AssessmentCreateSerializer(CommitmentRefSerializer, AssessmentWriteSerializer):
    cycle = serializers.IntegerField(min_value=1, help_text=_("Numeric id of the review cycle."))


class ReviewAssignmentSerializer(DescribedModelSerializer):
    plan_ogp_id = serializers.CharField(
        source="cycle.plan.ogp_id", read_only=True, help_text=_("OGP identifier of the plan.")
    )
    member_slug = serializers.SlugField(
        source="cycle.plan.member.slug", read_only=True, help_text=_("The member's slug.")
    )
    cycle_kind = serializers.ChoiceField(
        source="cycle.kind",
        choices=ReviewKind.choices,
        read_only=True,
        help_text=_("Which IRM report the researcher is assigned to."),
    )
    cycle_state = serializers.CharField(
        source="cycle.state", read_only=True, help_text=_("The report's state.")
    )
    researcher_username = serializers.CharField(
        source="researcher.username", read_only=True, help_text=_("The researcher's username.")
    )
    researcher_name = serializers.CharField(
        source="researcher.get_full_name", read_only=True, help_text=_("The researcher's name.")
    )

    class Meta:
        model = ReviewAssignment
        fields = [
            "id",
            "cycle",
            "plan_ogp_id",
            "member_slug",
            "cycle_kind",
            "cycle_state",
            "researcher",
            "researcher_username",
            "researcher_name",
            "assigned_at",
        ]


class ReviewAssignmentCreateSerializer(serializers.Serializer):
    cycle = serializers.IntegerField(min_value=1, help_text=_("Numeric id of the review cycle."))
    researcher = serializers.CharField(
        max_length=150, help_text=_("The IRM researcher's username (or numeric user id).")
    )
