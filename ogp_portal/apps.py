from django.apps import AppConfig


class OgpPortalConfig(AppConfig):
    name = "ogp_portal"
    verbose_name = "OGP Action Plan Portal"

    def ready(self) -> None:
        from .accounts import audit

        audit.connect()
