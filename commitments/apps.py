from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


def _install_sqlite_triggers(using: str, **kwargs) -> None:
    from django.db import connections

    from .search import fts_install
    from .sort_keys import sort_keys_install

    connection = connections[using]
    if connection.vendor == "sqlite":
        fts_install(connection)
        sort_keys_install(connection)


def _uninstall_sqlite_triggers(using: str, **kwargs) -> None:
    from django.db import connections

    from .sort_keys import sort_keys_uninstall_sqlite

    connection = connections[using]
    if connection.vendor == "sqlite":
        sort_keys_uninstall_sqlite(connection)


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self) -> None:
        # Schema plumbing, not business logic: SQLite's search index and the triggers that keep
        # the search's order (commitments.sort_keys) live outside the models.
        pre_migrate.connect(_uninstall_sqlite_triggers, sender=self)
        post_migrate.connect(_install_sqlite_triggers, sender=self)
