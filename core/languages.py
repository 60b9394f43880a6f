"""Names from CLDR (through Babel) in the language of the page."""

import functools

from babel import Locale, UnknownLocaleError


@functools.lru_cache(maxsize=16)
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(language.replace("-", "_")).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def country_name(country_code: str, language: str) -> str | None:
    """CLDR's name of the country with this ISO 3166 code in `language` ("Albanie" for AL in
    French), or None when CLDR has none."""
    return _territories(language).get(country_code.upper())
