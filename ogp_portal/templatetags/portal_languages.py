from django import template

from ogp_portal.languages import LanguageAlternate, language_alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def page_language_alternates(context) -> list[LanguageAlternate]:
    """The current page's address in each language, for <link rel="alternate" hreflang>."""
    request = context.get("request")
    return language_alternates(request) if request is not None else []
