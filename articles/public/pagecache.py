"""Whole-page cache of the public site for anonymous readers.

Pages are cached under their scheme, host, path and the query parameters
public pages read, each stamped with its path's generation and the time it was rendered.
Invalidating a path gives it a new random generation, which retires every
cached variant of it (its pages of a listing, say) at once. A hit reads the
page and its path's generation in one round trip to the cache and makes no
database query. Everything lives in the configured cache (Redis in
production), so every app server sees the same pages and invalidations.

The cache may fail without the site failing: a cache fault serves the page
uncached, pauses this process's use of the cache for a few seconds and is
logged; an invalidation the cache refuses is recorded in the database and
retried. Whatever the cache keeps or loses, a page is served from it only
while it is younger than ``PAGE_CACHE_MAX_AGE``.
"""

import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils.http import http_date, quote_etag, urlencode
from redis import RedisError

from articles.models import (
    LANGUAGE_CODES,
    Article,
    Category,
    PageInvalidation,
    RelatedArticle,
)

logger = logging.getLogger(__name__)

GENERATION_TIMEOUT = 60 * 60 * 24  # longer than any page lives
BROWSER_MAX_AGE = 60  # seconds a browser or CDN may keep a page without asking
# The query parameters any public page reads (a listing's page number): the only
# ones in the cache key. Every other one is hidden from the views, so it cannot
# change a page or make a new entry.
QUERY_PARAMETERS = ("page",)
CACHE_FAULTS = (RedisError, OSError)
RETRY_BATCH = 500


class _Health:
    """This process's view of the cache: paused after a fault, when to retry."""

    paused_until = 0.0  # time.monotonic() before which the cache is left alone
    retried_at = float("-inf")  # when pending invalidations were last looked for


def health_reset() -> None:
    """Start over as a process whose cache is up and which has just looked for
    invalidations to retry (a test's starting point)."""
    _Health.paused_until = 0.0
    _Health.retried_at = time.monotonic()


def _cache_call(operation: Callable, *args: Any) -> tuple[bool, Any]:
    """Run a cache operation: (True, its result), or (False, None) on a fault."""
    if time.monotonic() < _Health.paused_until:
        return False, None
    try:
        return True, operation(*args)
    except CACHE_FAULTS as error:
        pause = settings.PAGE_CACHE_FAULT_PAUSE
        if time.monotonic() >= _Health.paused_until:
            logger.warning(
                "Page cache unavailable (%r): pages are served uncached "
                "for the next %s s",
                error,
                pause,
            )
        _Health.paused_until = time.monotonic() + pause
        return False, None


def public_page(*, reads: tuple[str, ...] = ()) -> Callable[[Callable], Callable]:
    """Mark a view's successful responses as cacheable for anonymous readers.

    ``reads`` names the query parameters the view reads, from QUERY_PARAMETERS;
    it sees no other. A request carrying one of QUERY_PARAMETERS that the view
    does not read is served uncached, as that parameter is in the cache key.
    """
    assert set(reads) <= set(QUERY_PARAMETERS), reads

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            # The cache's own mark on the request, read back with getattr.
            request.public_page = not any(  # type: ignore[attr-defined]
                name in request.GET for name in set(QUERY_PARAMETERS) - set(reads)
            )
            request.GET = QueryDict(_query(request, reads))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def page_not_cached(request: HttpRequest) -> None:
    """Leave this response out of the cache, as its URL is not the page's own
    (a page number past the last page, say), so that such URLs make no entries."""
    request.public_page = False  # type: ignore[attr-defined]  # the cache's mark


def _anonymous(request: HttpRequest) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _query(request: HttpRequest, names: Iterable[str] = QUERY_PARAMETERS) -> str:
    """The query string of ``names`` alone, one value each (the last, as views read)."""
    return urlencode(
        [(name, request.GET[name]) for name in names if name in request.GET]
    )


def _generation_key(path: str) -> str:
    return f"pagegen:{path}"


def _page_key(request: HttpRequest) -> str:
    """Pages name their own address (canonical and hreflang links), so the
    scheme and host are part of the key."""
    return (
        f"page:{request.scheme}://{request.get_host()}{request.path}?{_query(request)}"
    )


class PageCacheMiddleware:
    """Serve cached public pages before anything touches the database."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE or not _anonymous(request):
            return self.get_response(request)
        _retry_when_due()
        rendered = time.time()  # before the page reads the database
        generation_key, page_key = _generation_key(request.path), _page_key(request)
        ok, found = _cache_call(cache.get_many, [generation_key, page_key])
        if not ok:
            return self.get_response(request)
        generation = found.get(generation_key)
        cached = found.get(page_key)
        if (
            cached is not None
            and cached["generation"] == generation
            and rendered - cached["rendered"] < settings.PAGE_CACHE_MAX_AGE
        ):
            return _from_cache(request, cached)
        response = self.get_response(request)
        if (
            getattr(request, "public_page", False)
            and response.status_code == 200
            and not response.cookies  # never hand one reader's cookie to another
            and (generation := generation or _first_generation(generation_key))
        ):
            _headers(response)
            _cache_call(
                cache.set,
                page_key,
                {
                    "generation": generation,
                    "rendered": rendered,
                    "content": response.content,
                    "headers": dict(response.headers),
                },
                settings.PAGE_CACHE_MAX_AGE,
            )
        return response


def _first_generation(key: str) -> str | None:
    """A generation for a path that has none, unless it got one since the
    request began (a change committed meanwhile): then nothing is cached."""
    generation = secrets.token_hex(8)
    ok, added = _cache_call(cache.add, key, generation, GENERATION_TIMEOUT)
    return generation if ok and added else None


def _headers(response: HttpResponse) -> None:
    response["ETag"] = quote_etag(
        hashlib.md5(response.content, usedforsecurity=False).hexdigest()
    )
    response["Last-Modified"] = http_date()
    response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"


def _from_cache(request: HttpRequest, cached: dict) -> HttpResponse:
    etag = cached["headers"].get("ETag")
    if etag and etag in request.headers.get("If-None-Match", ""):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        return not_modified
    response = HttpResponse(cached["content"])
    for name, value in cached["headers"].items():
        response[name] = value
    return response


def _new_generation(paths: set[str]) -> bool:
    """Give the paths a generation no cached page carries; False if the cache refused.

    Generations are random, never counted, so a generation the cache lost and
    a later one are never the same.
    """
    token = secrets.token_hex(8)
    ok, _failed = _cache_call(
        cache.set_many,
        {_generation_key(path): token for path in paths},
        GENERATION_TIMEOUT,
    )
    return ok


def pages_invalidate(paths: Iterable[str]) -> None:
    """Retire every cached variant of these paths, or record them for a retry."""
    paths = set(paths)
    if not paths or _new_generation(paths):
        return
    try:
        PageInvalidation.objects.bulk_create(
            [PageInvalidation(path=path) for path in sorted(paths)]
        )
    except DatabaseError:
        logger.exception(
            "Could not record %d page invalidations for a retry; the pages "
            "leave the cache when they reach PAGE_CACHE_MAX_AGE",
            len(paths),
        )


def pages_retry() -> int:
    """Retire the pages of the invalidations the cache refused before.

    Returns how many recorded invalidations it carried out; what the cache still
    refuses stays recorded.
    """
    done = 0
    while pending := list(
        PageInvalidation.objects.order_by("pk").values_list("pk", "path")[:RETRY_BATCH]
    ):
        if not _new_generation({path for _pk, path in pending}):
            break
        PageInvalidation.objects.filter(pk__in=[pk for pk, _path in pending]).delete()
        done += len(pending)
    return done


def _retry_when_due() -> None:
    """Look for recorded invalidations once every PAGE_CACHE_RETRY_INTERVAL seconds
    in each process, while the cache is up: one query, almost always empty."""
    now = time.monotonic()
    if (
        now - _Health.retried_at < settings.PAGE_CACHE_RETRY_INTERVAL
        or now < _Health.paused_until
    ):
        return
    _Health.retried_at = now
    try:
        pages_retry()
    except DatabaseError as error:
        logger.warning("Could not look for page invalidations to retry (%r)", error)


def article_pages(article_ids: Iterable[int]) -> set[str]:
    """The paths that show these articles: their pages, the pages listing them as
    related, their category listings and the home pages."""
    ids = set(article_ids)
    listers = set(
        RelatedArticle.objects.filter(target_id__in=ids).values_list(
            "article_id", flat=True
        )
    )
    paths: set[str] = set()
    category_ids = set()
    for article in Article.objects.filter(pk__in=ids | listers).only(
        "pk", "category_id", "slug", *(f"slug_{code}" for code in LANGUAGE_CODES)
    ):
        for code in LANGUAGE_CODES:
            if article.slug_in(code):
                paths.add(article.url_in(code))
        if article.pk in ids and article.category_id:
            category_ids.add(article.category_id)
    categories = list(Category.objects.filter(pk__in=category_ids))
    prefixes = {
        path for node in categories for path in Category.lineage_paths(node.path)
    }
    for node in Category.objects.filter(path__in=prefixes):
        paths.update(url for code in LANGUAGE_CODES if (url := node.url_in(code)))
    paths.update(f"/{code}/" for code in LANGUAGE_CODES)
    return paths


_batch: ContextVar[set[int] | None] = ContextVar("pages_batch", default=None)


@contextmanager
def pages_batch() -> Iterator[None]:
    """Retire pages once, for all articles changed inside the block.

    For operations that change many articles at a time (a catalog import),
    where looking up the pages of each change would look up the same listing
    and home pages over and over. A nested batch leaves it to the outer one.
    """
    if _batch.get() is not None:
        yield
        return
    changed: set[int] = set()
    token = _batch.set(changed)
    try:
        yield
    finally:
        _batch.reset(token)
    pages_changed(changed)


def pages_changed(article_ids: Iterable[int]) -> None:
    """After the transaction commits, retire the cached pages that show these articles."""
    ids = set(article_ids)
    pending = _batch.get()
    if pending is not None:
        pending |= ids
    elif ids:
        transaction.on_commit(lambda: pages_invalidate(article_pages(ids)), robust=True)
