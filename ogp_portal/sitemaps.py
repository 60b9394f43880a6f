"""The sitemaps: /sitemap.xml is an index of one sitemap per kind of page (sitemap-<section>.xml,
in pages of at most URLS_PER_PAGE addresses), each address in English with its Spanish, French
and x-default alternates (ogp_portal.languages). A page reads only the columns it prints and
only the rows it prints, in a constant number of queries; the index counts rows and asks
the database for the latest change, it loads none."""

from collections.abc import Iterator
from typing import Any, overload

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.urls import reverse

from action_plans.models import ActionPlan
from commitments.models import Commitment
from irm_reviews.models import CycleState, ReviewCycle
from members.models import Member

# Well under the protocol's 50,000, so that a page stays small and quick to build.
URLS_PER_PAGE = 5000


class ItemLanguages:
    """The (item, language) pairs Django's i18n sitemap paginates, sliced in the database:
    Django builds the pairs of every row in memory before it takes one page of them."""

    def __init__(self, items: QuerySet | list, languages: list[str]):
        self.items = items
        self.languages = languages

    def count(self) -> int:
        rows = self.items.count() if isinstance(self.items, QuerySet) else len(self.items)
        return rows * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        for row in self.items:
            for language in self.languages:
                yield row, language

    @overload
    def __getitem__(self, index: int) -> tuple[Any, str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[Any, str]]: ...
    def __getitem__(self, index: int | slice) -> tuple[Any, str] | list[tuple[Any, str]]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        if index.step not in (None, 1):
            raise TypeError("ItemLanguages is read a page (a slice) at a time")
        per_item = len(self.languages)
        start = index.start or 0
        stop = len(self) if index.stop is None else index.stop
        first_row = start // per_item
        rows = self.items[first_row : -(-stop // per_item)]
        pairs = [(row, language) for row in rows for language in self.languages]
        skip = start - first_row * per_item
        return pairs[skip : skip + max(stop - start, 0)]


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = URLS_PER_PAGE
    changefreq = "weekly"

    def items(self) -> QuerySet[Any]:
        raise NotImplementedError("each section says which rows it lists")

    @property
    def paginator(self) -> Paginator:
        languages = [code for code, _name in settings.LANGUAGES]
        return Paginator(ItemLanguages(self.items(), languages), self.limit)

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(PortalSitemap):
    """The pages that are not about one member, plan or commitment."""

    changefreq = "daily"
    url_names = ["home", "members:list", "commitments:search", "irm_reviews:compare", "data"]

    def items(self) -> list[str]:  # type: ignore[override]
        return self.url_names

    def location(self, item: Any) -> str:
        return reverse(item)

    def lastmod(self, item):
        return None

    def get_latest_lastmod(self):
        return None


class MemberSitemap(PortalSitemap):
    def items(self) -> QuerySet[Member]:
        return Member.objects.only("slug", "updated_at").order_by("pk")


class ActionPlanSitemap(PortalSitemap):
    def items(self) -> QuerySet[ActionPlan]:
        return (
            ActionPlan.objects.select_related("member")
            .only("updated_at", "member__slug")
            .order_by("pk")
        )


class CommitmentSitemap(PortalSitemap):
    def items(self) -> QuerySet[Commitment]:
        return Commitment.objects.published().only("ogp_id", "updated_at").order_by("pk")


class ReviewSitemap(PortalSitemap):
    """The IRM's published reports (a report in preparation is not for search engines)."""

    def items(self) -> QuerySet[ReviewCycle]:
        return (
            ReviewCycle.objects.filter(state=CycleState.PUBLISHED)
            .select_related("plan__member")
            .only("kind", "updated_at", "plan__member__slug")
            .order_by("pk")
        )


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": PageSitemap,
    "members": MemberSitemap,
    "action-plans": ActionPlanSitemap,
    "commitments": CommitmentSitemap,
    "irm-reports": ReviewSitemap,
}
