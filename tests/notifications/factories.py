import factory
from factory.django import DjangoModelFactory

from ogp_portal.notifications.models import Follow, NotificationSettings
from tests.members.factories import UserFactory


class FollowFactory(DjangoModelFactory):
    class Meta:
        model = Follow

    user = factory.SubFactory(UserFactory)
    following = True


class NotificationSettingsFactory(DjangoModelFactory):
    class Meta:
        model = NotificationSettings

    user = factory.SubFactory(UserFactory)
    email_frequency = NotificationSettings.Frequency.IMMEDIATELY
