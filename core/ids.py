"""Ids in URLs and files: ASCII digits only. `str.isdigit()` accepts '²', which `int()` then
refuses with a ValueError (a 500); `isdecimal()` accepts Arabic-Indic digits that `int()`
reads as another row's id."""

import re

_ID = re.compile(r"[0-9]{1,18}")  # 18 digits always fit a bigint


def parse_id(value: str) -> int | None:
    """The whole number `value` spells in ASCII digits, or None."""
    return int(value) if _ID.fullmatch(value) else None
