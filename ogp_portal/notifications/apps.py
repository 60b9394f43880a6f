from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ogp_portal.notifications"
    label = "notifications"
    verbose_name = _("Following, notifications and webhooks")

    def ready(self) -> None:
        from core.events import event_listener_add

        from .hooks import events_recorded

        event_listener_add(events_recorded)
