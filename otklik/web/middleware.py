"""Responses that may carry personal data are never kept by a browser or a proxy cache."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page shown to a signed-in user, every file download and every API
    answer. The rule is simple on purpose: which page shows personal data changes, this rule does not.
    (Static files are answered before this middleware and stay cacheable.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            (user is not None and user.is_authenticated)
            or response.has_header("Content-Disposition")
            or request.path.startswith("/api/")
        ):
            add_never_cache_headers(response)
        return response
