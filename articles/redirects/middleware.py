"""Answer a page not found at an old address with a permanent redirect."""

import logging
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from articles.redirects.resolving import redirect_for

logger = logging.getLogger(__name__)

_NEVER_OLD = ("/admin/", "/static/")


class RedirectMiddleware:
    """Looks for a redirect only where the site has no page: one query per 404."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 404
            or request.method not in {"GET", "HEAD"}
            or request.path.startswith(_NEVER_OLD)
        ):
            return response
        try:
            target = redirect_for(request.path, request.META.get("QUERY_STRING", ""))
        except DatabaseError as error:
            logger.warning("Redirects could not be read (%r)", error)
            return response
        return HttpResponsePermanentRedirect(target) if target else response
