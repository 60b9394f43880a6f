from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_sqlite_search(using: str, **kwargs) -> None:
    from django.db import connections

    from .search import fts_install

    connection = connections[using]
    if connection.vendor == "sqlite":
        fts_install(connection)


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self) -> None:
        # Schema plumbing, not business logic: SQLite's search index lives outside the models.
        post_migrate.connect(_install_sqlite_search, sender=self)
