"""Whole-page cache of the public site for anonymous readers.

Pages are cached under their path and query string, each stamped with its
path's generation number: invalidating a path bumps the generation, which
retires every cached variant of it (its pages of a listing, say) at once. A hit
reads the page and its path's generation in one round trip to the cache and
makes no database query. Everything lives in the configured cache (Redis
in production), so every app server sees the same pages and invalidations.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, quote_etag

from articles.models import LANGUAGE_CODES, Article, Category, RelatedArticle

TIMEOUT = 60 * 60 * 24
BROWSER_MAX_AGE = 60  # seconds a browser or CDN may keep a page without asking


def public_page(view: Callable) -> Callable:
    """Mark a view's successful responses as cacheable for anonymous readers."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.public_page = True
        return view(request, *args, **kwargs)

    return wrapper


def _anonymous(request: HttpRequest) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _generation_key(path: str) -> str:
    return f"pagegen:{path}"


def _page_key(request: HttpRequest) -> str:
    return f"page:{request.get_full_path()}"


class PageCacheMiddleware:
    """Serve cached public pages before anything touches the database."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE or not _anonymous(request):
            return self.get_response(request)
        generation_key, page_key = _generation_key(request.path), _page_key(request)
        found = cache.get_many([generation_key, page_key])
        generation = found.get(generation_key, 0)
        cached = found.get(page_key)
        if cached is not None and cached["generation"] == generation:
            return _from_cache(request, cached)
        response = self.get_response(request)
        if (
            getattr(request, "public_page", False)
            and response.status_code == 200
            and not response.cookies  # never hand one reader's cookie to another
        ):
            _headers(response)
            cache.set(
                page_key,
                {
                    "generation": generation,
                    "content": response.content,
                    "headers": dict(response.headers),
                },
                TIMEOUT,
            )
        return response


def _headers(response: HttpResponse) -> None:
    response["ETag"] = quote_etag(
        hashlib.md5(response.content, usedforsecurity=False).hexdigest()
    )
    response["Last-Modified"] = http_date()
    response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"


def _from_cache(request: HttpRequest, cached: dict) -> HttpResponse:
    etag = cached["headers"].get("ETag")
    if etag and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    response = HttpResponse(cached["content"])
    for name, value in cached["headers"].items():
        response[name] = value
    return response


def pages_invalidate(paths: Iterable[str]) -> None:
    """Retire every cached variant of these paths."""
    for path in set(paths):
        key = _generation_key(path)
        if cache.add(key, 1, None) is False:
            try:
                cache.incr(key)
            except ValueError:  # evicted since add() looked
                cache.set(key, 1, None)


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
    steplen = Category.steplen
    prefixes = {
        node.path[:end]
        for node in categories
        for end in range(steplen, len(node.path) + 1, steplen)
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
    token = _batch.set(set())
    try:
        yield
        changed = _batch.get()
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
        transaction.on_commit(lambda: pages_invalidate(article_pages(ids)))
