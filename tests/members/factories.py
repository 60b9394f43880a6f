import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from members.models import (
    ForumInvitation,
    ForumMeeting,
    ForumSeat,
    Member,
    MultiStakeholderForum,
    Organization,
    Region,
    Role,
    Sector,
    User,
)
from members.services import invitation_token_hash as token_hash


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Member {n}")
    slug = factory.Sequence(lambda n: f"member-{n}")
    kind = Member.Kind.NATIONAL
    country_code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    ogp_code = factory.Sequence(lambda n: f"X{n:02d}")
    region = Region.EUROPE
    year_joined = 2012
    status = Member.Status.ACTIVE


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    member = factory.SubFactory(MemberFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organization.Kind.GOVERNMENT


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Ana"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    role = Role.GOVERNMENT_OFFICIAL
    member = factory.SubFactory(MemberFactory)
    password = factory.django.Password("correct horse battery staple")


class MultiStakeholderForumFactory(DjangoModelFactory):
    class Meta:
        model = MultiStakeholderForum

    member = factory.SubFactory(MemberFactory)
    name = factory.LazyAttribute(lambda forum: f"{forum.member.name} OGP Forum")


class ForumSeatFactory(DjangoModelFactory):
    class Meta:
        model = ForumSeat

    forum = factory.SubFactory(MultiStakeholderForumFactory)
    person_name = factory.Sequence(lambda n: f"Seat Holder {n}")
    sector = Sector.CIVIL_SOCIETY


class ForumMeetingFactory(DjangoModelFactory):
    class Meta:
        model = ForumMeeting

    forum = factory.SubFactory(MultiStakeholderForumFactory)
    held_on = factory.Faker("date_between", start_date="-2y", end_date="today")
    title = factory.Sequence(lambda n: f"Forum meeting {n}")
    minutes = "The forum reviewed progress on the action plan."


class ForumInvitationFactory(DjangoModelFactory):
    """A pending invitation; its token is `invitation.token` (only its hash is stored)."""

    class Meta:
        model = ForumInvitation

    forum = factory.SubFactory(MultiStakeholderForumFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    person_name = factory.Sequence(lambda n: f"Invitee {n}")
    sector = Sector.CIVIL_SOCIETY
    token = factory.Sequence(lambda n: f"test-token-{n}")
    token_hash = factory.LazyAttribute(lambda invitation: token_hash(invitation.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token")
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.token = token
        return invitation
