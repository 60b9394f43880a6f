from django import template

from ogp_portal.open_data import selectors

register = template.Library()


@register.inclusion_tag("open_data/dump_list.html")
def open_data_dumps(limit: int = 3) -> dict:
    """The newest open-data dumps, with download links, for the /data/ page."""
    return {"dumps": selectors.open_data_dump_list()[:limit]}
