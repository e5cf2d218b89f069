from rest_framework.pagination import PageNumberPagination

from danvan.core.paging import TwoStepPaginator


class PagePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class TwoStepPagePagination(PagePagination):
    """Page pagination whose page is read ids first (`danvan.core.paging.TwoStepPaginator`):
    for lists whose rows carry many joins, over a large table."""

    django_paginator_class = TwoStepPaginator
