"""A busy or unreachable database answers "try again", never a server error.

On SQLite a write waits for the lock up to the busy timeout, then fails with
"database is locked"; on PostgreSQL a lost connection or a cancelled lock wait
fails alike. Both pass: the page can be asked for again a moment later.
"""

import logging
import sqlite3
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

RETRY_AFTER_SECONDS = 10

SITE_BUSY_TITLE = _("The site is busy")
SITE_BUSY = _("This page cannot be shown right now. Please try again in a moment.")
SAVE_BUSY = _(
    "The database is busy, so nothing was saved. Everything you typed is still "
    "in the form: please try again in a moment."
)

logger = logging.getLogger(__name__)


def database_busy(error: BaseException) -> bool:
    """Whether the error says the database is busy or unreachable for now.

    On SQLite only a lock is: a missing table is a fault that retrying won't mend.
    """
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        return cause.sqlite_errorname.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    return True


class DatabaseBusyMiddleware:
    """Answer 503 with ``Retry-After`` when a page cannot read the database."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not database_busy(exception):
            return None
        logger.warning("Database busy on %s: %s", request.path, exception)
        response = render(
            request,
            "503.html",
            {"title": SITE_BUSY_TITLE, "message": SITE_BUSY},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
