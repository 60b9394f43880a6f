"""Optimistic concurrency for the site's edit forms and the services behind them."""


class StaleVersion(Exception):
    """Someone saved the record since the version this write started from; nothing was
    stored. `current_version` is the stored one, where the service knows it."""

    def __init__(self, current_version: int | None = None):
        super().__init__(current_version)
        self.current_version = current_version
