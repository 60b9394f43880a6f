"""Optimistic concurrency for the site's edit forms and the services behind them."""

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise


class StaleVersion(Exception):
    """Someone saved the record since the version this write started from; nothing was
    stored. `current_version` is the stored one, where the service knows it."""

    def __init__(self, current_version: int | None = None):
        super().__init__(current_version)
        self.current_version = current_version


def edit_form_save(
    form: Any, save: Callable[[dict[str, Any]], object], stale_message: str | Promise
) -> int:
    """The edit forms' one save branch: validate `form`, then `save(its cleaned data)`. Returns
    the status to answer with: 200 when saved, 400 when the form has errors, 409 (with
    `stale_message` on the form) when someone saved since the version the form started from."""
    if not form.is_valid():
        return 400
    try:
        save(dict(form.cleaned_data))
    except StaleVersion:
        form.add_error(None, stale_message)
        return 409
    return 200
