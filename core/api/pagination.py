from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """`page` and `page_size` (default 50); a page size above 100 is taken as 100, a page past
    the end is a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
