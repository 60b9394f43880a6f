"""Time zones by IANA name (such as America/Lima): validation and a zone's date today."""

import datetime
import functools
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@functools.cache
def time_zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("%(value)s is not a time zone name such as America/Lima or Pacific/Auckland."),
            code="invalid_time_zone",
            params={"value": value},
        )


def local_date(zone: str, now: datetime.datetime) -> datetime.date:
    """The date it is in `zone` at the moment `now` (an aware datetime)."""
    return now.astimezone(ZoneInfo(zone)).date()
