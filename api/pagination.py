from django.conf import settings
from rest_framework import pagination

from portal.pagination import IdsFirstPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most ``API_MAX_PAGE_SIZE``), through the portal's
    paginator, which fetches a page's ids before its rows' figures."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    django_paginator_class = IdsFirstPaginator
