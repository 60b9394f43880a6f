from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from commitments.api.selectors import commitment_get_visible
from commitments.drafting import draft_field
from core.api.fields import UpdatedAtField, label_field
from core.api.serializers import DescribedModelSerializer

from ..models import (
    TEMPLATE_TEXT_FIELDS,
    TEMPLATE_TEXT_TYPED_LIMITS,
    Commitment,
    Completion,
    Milestone,
    OgpValue,
    PolicyArea,
    ProgressSource,
    ProgressUpdate,
)


class MilestoneSerializer(DescribedModelSerializer):
    completion_label = label_field("completion", Completion, _("completion level"))
    commitment_ogp_id = serializers.CharField(
        source="commitment.ogp_id",
        read_only=True,
        allow_null=True,
        help_text=_("OGP identifier of the commitment, such as AL0002."),
    )
    updated_at = UpdatedAtField()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "commitment",
            "commitment_ogp_id",
            "number",
            "description",
            "expected_output",
            "start_date",
            "end_date",
            "completion",
            "completion_label",
            "completed_on",
            "updated_at",
        ]
        extra_kwargs = {"number": {"help_text": _("The milestone's number within the commitment.")}}


class NestedMilestoneSerializer(MilestoneSerializer):
    class Meta(MilestoneSerializer.Meta):
        fields = [name for name in MilestoneSerializer.Meta.fields if "commitment" not in name]


class CommitmentSerializer(DescribedModelSerializer):
    """A commitment as OGP's template has it, with its milestones."""

    plan_ogp_id = serializers.CharField(
        source="plan.ogp_id", read_only=True, help_text=_("OGP identifier of the plan (AP_ALB01).")
    )
    member = serializers.IntegerField(
        source="plan.member_id", read_only=True, help_text=_("Numeric id of the member.")
    )
    member_slug = serializers.SlugField(
        source="plan.member.slug",
        read_only=True,
        help_text=_("The member's slug, such as albania."),
    )
    policy_areas: serializers.SlugRelatedField[PolicyArea] = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="name",
        help_text=_("Names of OGP's policy areas the commitment is tagged with, A to Z."),
    )
    ogp_values = serializers.ListField(
        child=serializers.ChoiceField(choices=OgpValue.choices),
        read_only=True,
        help_text=_("The OGP values the commitment is relevant to, as stable values."),
    )
    carried_forward_from = serializers.SerializerMethodField(
        help_text=_("Id of the published commitment of an earlier plan that this one continues.")
    )
    carried_forward_from_ogp_id = serializers.SerializerMethodField(
        help_text=_("OGP identifier of the commitment of an earlier plan that this one continues.")
    )
    milestones = NestedMilestoneSerializer(
        many=True, read_only=True, help_text=_("The commitment's milestones, by number.")
    )
    updated_at = UpdatedAtField()

    @staticmethod
    def _published_predecessor(commitment: Commitment) -> Commitment | None:
        """A draft predecessor is not named: its id would tell the public it exists."""
        previous = commitment.carried_forward_from
        if previous is None or previous.publication_state != Commitment.PublicationState.PUBLISHED:
            return None
        return previous

    def get_carried_forward_from(self, commitment: Commitment) -> int | None:
        previous = self._published_predecessor(commitment)
        return previous.pk if previous is not None else None

    def get_carried_forward_from_ogp_id(self, commitment: Commitment) -> str | None:
        previous = self._published_predecessor(commitment)
        return previous.ogp_id if previous is not None else None

    class Meta:
        model = Commitment
        fields = [
            "id",
            "ogp_id",
            "plan",
            "plan_ogp_id",
            "member",
            "member_slug",
            "number",
            "position",
            *TEMPLATE_TEXT_FIELDS,
            "policy_areas",
            "ogp_values",
            "start_date",
            "end_date",
            "publication_state",
            "carried_forward_from",
            "carried_forward_from_ogp_id",
            "ogp_url",
            "withdrawn_at",
            "withdrawal_reason",
            "created_at",
            "updated_at",
            "milestones",
        ]
        extra_kwargs = {
            "publication_state": {
                "help_text": _("draft or published; only published commitments are public.")
            },
            "created_at": {"help_text": _("When the record was created (UTC).")},
            "withdrawn_at": {
                "help_text": _("When the commitment was withdrawn (never deleted); null if not.")
            },
            "withdrawal_reason": {"help_text": _("Why it was withdrawn; empty if not.")},
        }


class ProgressUpdateSerializer(DescribedModelSerializer):
    commitment_ogp_id = serializers.CharField(
        source="commitment.ogp_id",
        read_only=True,
        allow_null=True,
        help_text=_("OGP identifier of the commitment, such as AL0002."),
    )
    milestone_number = serializers.IntegerField(
        source="milestone.number",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_(
            "Number of the milestone within its commitment; null for the whole commitment."
        ),
    )
    source_label = label_field("source", ProgressSource, _("source"))
    completion_label = label_field("completion", Completion, _("completion level"))
    evidence_links = serializers.ListField(
        child=serializers.URLField(), read_only=True, help_text=_("Links to evidence of progress.")
    )
    updated_at = UpdatedAtField()

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "commitment",
            "commitment_ogp_id",
            "milestone",
            "milestone_number",
            "source",
            "source_label",
            "reported_on",
            "completion",
            "completion_label",
            "text",
            "evidence_links",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"created_at": {"help_text": _("When the update was recorded (UTC).")}}


class CommitmentRefSerializer(serializers.Serializer):
    """A write that names a commitment, by numeric id or by OGP identifier."""

    commitment = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("Numeric id of the commitment; or give commitment_ogp_id."),
    )
    commitment_ogp_id = serializers.CharField(
        required=False,
        max_length=20,
        help_text=_("OGP identifier of the commitment, such as AL0002."),
    )

    def validate(self, attrs):
        if not attrs.get("commitment") and not attrs.get("commitment_ogp_id"):
            raise serializers.ValidationError(
                {"commitment": "Give the commitment's id or its OGP identifier."}
            )
        return super().validate(attrs)

    def commitment_for(self, user) -> Commitment:
        """The named commitment, if this user may see it; a 400 naming the field otherwise."""
        data = self.validated_data
        commitment = commitment_get_visible(
            user, pk=data.get("commitment"), ogp_id=data.get("commitment_ogp_id")
        )
        if commitment is None:
            raise serializers.ValidationError(
                {"commitment": ["No commitment you may see has this id."]}
            )
        return commitment


class ProgressUpdateCreateSerializer(CommitmentRefSerializer):
    """Types only; commitments.services.progress_update_create decides the rest."""

    milestone = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=_(
            "Numeric id of one of the commitment's milestones; omit for the whole commitment."
        ),
    )
    # The metaclass moves a declared field out of the class body, so this does not shadow
    # Field.source at run time; the stubs cannot express that.
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=ProgressSource.choices,
        help_text=_(
            "Whose view of progress this is: government (implementers), civil_society "
            "(civil society with a forum seat) or irm (IRM staff)."
        ),
    )
    completion = serializers.ChoiceField(
        choices=Completion.choices, help_text=_("Completion level.")
    )
    text = serializers.CharField(max_length=20000, help_text=_("What has been done."))
    reported_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Date of the report; today when omitted.")
    )
    evidence_links = serializers.ListField(
        child=serializers.CharField(max_length=2000, allow_blank=True),
        required=False,
        max_length=50,
        help_text=_("Web addresses (http or https) of evidence."),
    )


class MilestoneCompletionSerializer(serializers.Serializer):
    completion = serializers.ChoiceField(
        choices=Completion.choices, help_text=_("The milestone's completion level.")
    )
    completed_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("When it was completed (complete only; today when omitted)."),
    )


class MilestoneDraftSerializer(serializers.Serializer):
    """A milestone as partner systems write it into a draft commitment."""

    description = serializers.CharField(help_text=_("What will be done."))
    expected_output = serializers.CharField(required=False, allow_blank=True, default="")
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if (
            attrs.get("start_date")
            and attrs.get("end_date")
            and attrs["end_date"] < attrs["start_date"]
        ):
            raise serializers.ValidationError(
                {"end_date": _("The end date comes before the start date.")}
            )
        return attrs


OGP_VALUE_FIELDS = {
    OgpValue.ACCESS_TO_INFORMATION: "is_access_to_information",
    OgpValue.CIVIC_PARTICIPATION: "is_civic_participation",
    OgpValue.PUBLIC_ACCOUNTABILITY: "is_public_accountability",
    OgpValue.TECHNOLOGY: "is_technology",
}


class CommitmentDraftSerializer(serializers.Serializer):
    """A draft commitment as partner systems write it: OGP's template, its dates and OGP
    values, and (when creating) its milestones. Validation of the rules is the service's."""

    plan = serializers.IntegerField(
        help_text=_("Numeric id of the action plan, which must be in co-creation.")
    )
    number = serializers.CharField(
        required=False, allow_blank=True, max_length=30, help_text=_("Left out: the next number.")
    )
    title = serializers.CharField(max_length=500)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    ogp_values = serializers.ListField(
        child=serializers.ChoiceField(choices=OgpValue.choices), required=False
    )
    milestones = MilestoneDraftSerializer(many=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TEMPLATE_TEXT_FIELDS:
            if name not in self.fields:
                model_field = draft_field(name)
                self.fields[name] = serializers.CharField(
                    required=False,
                    allow_blank=True,
                    help_text=str(model_field.verbose_name),
                )
                limit = TEMPLATE_TEXT_TYPED_LIMITS.get(name) or model_field.max_length
                if limit:
                    self.fields[name].validators.append(MaxLengthValidator(limit))

    def draft_values(self) -> dict:
        """The commitment's fields given, as commitments.drafting names them."""
        data = dict(self.validated_data)
        data.pop("plan", None)
        data.pop("milestones", None)
        if "ogp_values" in data:
            chosen = set(data.pop("ogp_values"))
            data.update({field: value in chosen for value, field in OGP_VALUE_FIELDS.items()})
        return data


class MilestoneWriteSerializer(MilestoneDraftSerializer):
    commitment = serializers.IntegerField(
        help_text=_("Numeric id of the draft commitment (when adding a milestone).")
    )
    number = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Its place among the commitment's milestones.")
    )
