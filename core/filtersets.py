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
