from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import UpdatedAtField, label_field
from core.api.serializers import DescribedModelSerializer

from ..models import (
    ForumMeeting,
    ForumSeat,
    Member,
    MemberKind,
    MemberStatus,
    MultiStakeholderForum,
    Region,
    Sector,
)


class MemberSerializer(DescribedModelSerializer):
    kind_label = label_field("kind", MemberKind, _("type"))
    region_label = label_field("region", Region, _("region"))
    status_label = label_field("status", MemberStatus, _("status"))
    updated_at = UpdatedAtField()

    class Meta:
        model = Member
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "kind_label",
            "country_code",
            "ogp_code",
            "region",
            "region_label",
            "year_joined",
            "status",
            "status_label",
            "website_url",
            "repository_url",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "slug": {"help_text": _("The member's key in URLs and filters, such as `albania`.")},
            "created_at": {"help_text": _("When the record was created (UTC).")},
        }


class ForumSeatSerializer(DescribedModelSerializer):
    sector_label = label_field("sector", Sector, _("sector"))
    organization = serializers.CharField(
        source="organization.name",
        allow_null=True,
        default=None,
        read_only=True,
        help_text=_("The organisation the seat holder represents, if any."),
    )

    class Meta:
        model = ForumSeat
        fields = [
            "person_name",
            "sector",
            "sector_label",
            "organization",
            "is_co_chair",
            "joined_on",
        ]


class ForumMeetingSerializer(DescribedModelSerializer):
    class Meta:
        model = ForumMeeting
        fields = ["id", "held_on", "title", "minutes"]


class ForumSerializer(DescribedModelSerializer):
    member_slug = serializers.SlugField(
        source="member.slug", read_only=True, help_text=_("The member's slug.")
    )
    seats = ForumSeatSerializer(
        many=True, source="current_seats", read_only=True, help_text=_("Current seats.")
    )
    meetings = ForumMeetingSerializer(
        many=True, source="public_meetings", read_only=True, help_text=_("Public meetings.")
    )

    class Meta:
        model = MultiStakeholderForum
        fields = [
            "id",
            "member",
            "member_slug",
            "name",
            "established_on",
            "rules_url",
            "description",
            "seats",
            "meetings",
        ]
