"""The language in the address: the site's pages are served in English at their plain address
and in Spanish and French under /es/ and /fr/ (language_patterns in ogp_portal.urls); the API,
the health checks, /admin/, the sitemaps and the dumps have one address for every language.

An address with a language shows that language whatever the visitor's cookie or browser says,
so that a Spanish page can be shared as Spanish. An address without one keeps choosing as the
portal always did (the language cookie the switcher sets, then the browser's Accept-Language,
then English), so that every link made before the prefixes, and the API, behave as before."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.urls import URLResolver, translate_url
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

X_DEFAULT = "x-default"


class PlainOrLanguagePrefixPattern(LocalePrefixPattern):
    """i18n_patterns' prefix (`es/` while Spanish is active, none for English), which also
    matches a plain address whatever the active language: a Spanish browser at
    /commitments/ is answered in Spanish, where Django's pattern finds no page (404)."""

    def match(self, path: str):
        language_prefix = self.language_prefix
        if language_prefix and path.startswith(language_prefix):
            return path.removeprefix(language_prefix), (), {}
        if translation.get_language_from_path(f"/{path}") is None:
            return path, (), {}
        return None


def language_patterns(*urls) -> list[URLResolver]:
    """i18n_patterns(*urls, prefix_default_language=False), with the plain address kept for
    every language (PlainOrLanguagePrefixPattern)."""
    return [URLResolver(PlainOrLanguagePrefixPattern(prefix_default_language=False), list(urls))]


class PathOrVisitorLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except at an address without a language prefix: Django shows
    LANGUAGE_CODE there once prefix_default_language is False; the portal asks the cookie and
    the browser (get_language_from_request checks the path first, so /es/ still wins)."""

    def process_request(self, request: HttpRequest) -> None:
        language = translation.get_language_from_request(request, check_path=True)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if not translation.get_language_from_path(request.path_info):
            # The language cookie chooses the language of a plain address, as Accept-Language does.
            patch_vary_headers(response, ("Cookie",))
        return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's switcher: Django's set_language (the cookie, then back to `next`), with
    `next` read in the language of its own address. Django reads it in the language of
    /i18n/setlang/, the visitor's, so that from /es/... to French with an English browser it
    finds no page to translate and goes back to the Spanish one."""
    next_path = urlsplit(request.POST.get("next", "")).path
    language = translation.get_language_from_path(next_path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return django_set_language(request)


@dataclass(frozen=True)
class LanguageAlternate:
    hreflang: str
    url: str


def language_alternates(request: HttpRequest) -> list[LanguageAlternate]:
    """The absolute addresses of the page in each language, then x-default (the plain address,
    English for a visitor who states no preference); none for a page that has one address
    for every language (the API) or none at all (a 404)."""
    path = request.get_full_path()
    urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    if len(set(urls.values())) < len(urls):
        return []
    alternates = [
        LanguageAlternate(code, request.build_absolute_uri(url)) for code, url in urls.items()
    ]
    default = urls[settings.LANGUAGE_CODE]
    return [*alternates, LanguageAlternate(X_DEFAULT, request.build_absolute_uri(default))]
