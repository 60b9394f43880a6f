"""One FilterSet per resource, for its page and its API alike."""

import django_filters


class ResourceFilterSet(django_filters.FilterSet):
    """Every filter of a resource, defined once. The API takes them all (a filter's `help_text`
    is its API description); the resource's page shows the `page_fields` only, in that order,
    under their short labels."""

    page_fields: tuple[str, ...] = ()

    @classmethod
    def for_page(cls, data, queryset, request=None):
        filterset = cls(data, queryset=queryset, request=request)
        filterset.filters = {name: filterset.filters[name] for name in cls.page_fields}
        return filterset


# The largest primary key a database column holds (a bigint): a larger number is a 400 naming
# the filter, not an overflow in the database driver.
MAX_ID = 2**63 - 1


def id_filter(field_name: str, label) -> django_filters.NumberFilter:
    """A filter on a row's id: a whole number from 1 to MAX_ID."""
    return django_filters.NumberFilter(
        field_name=field_name, label=label, min_value=1, max_value=MAX_ID
    )
