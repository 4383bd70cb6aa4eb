"""Public pages: home, category listings and articles, in the reader's language."""

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from articles import selectors
from articles.models import LANGUAGE_CODES
from articles.richtext import link_citations

ARTICLES_PER_PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    language = get_language()
    return render(
        request,
        "articles/home.html",
        {
            "articles": selectors.recent_articles(language=language),
            "alternates": _alternates(lambda code: _reverse_in(code, "articles:home")),
        },
    )


def category(request: HttpRequest, slug: str) -> HttpResponse:
    language = get_language()
    node = selectors.category_by_slug(slug=slug, language=language)
    if node is None:
        raise Http404
    page = Paginator(
        selectors.category_articles(node, language=language), ARTICLES_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "articles/category.html",
        {
            "category": node,
            "breadcrumb": selectors.breadcrumb(node)[:-1],
            "subcategories": selectors.subcategories(node, language=language),
            "page": page,
            "alternates": _alternates(node.url_in),
        },
    )


def article(request: HttpRequest, slug: str) -> HttpResponse:
    language = get_language()
    found = selectors.article_for_page(slug=slug, language=language)
    if found is None or not found.is_readable_in(language):
        return _article_elsewhere(request, slug, language)
    return render(
        request,
        "articles/article.html",
        {
            "article": found,
            "body": link_citations(found.body, len(found.references.all())),
            "breadcrumb": selectors.breadcrumb(found.category),
            "related": [entry.target for entry in found.related_in_language],
            "alternates": _alternates(
                lambda code: found.url_in(code) if found.is_readable_in(code) else None
            ),
        },
    )


def _article_elsewhere(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """Send the reader to this article in their language, or say it is not there.

    A slug of another language is redirected when the article is readable in the
    reader's language; otherwise the reader gets a 404 page in their own language
    that names the versions that do exist, and never the foreign text itself.
    """
    other = selectors.article_by_any_slug(slug=slug)
    if other is None:
        raise Http404
    if other.is_readable_in(language):
        return HttpResponsePermanentRedirect(other.url_in(language))
    versions = [
        {
            "code": code,
            "language": translation.get_language_info(code)["name_translated"],
            "title": other.title_in(code),
            "url": other.url_in(code),
        }
        for code in other.readable_languages()
    ]
    if not versions:
        raise Http404
    return render(
        request,
        "articles/not_in_language.html",
        {
            "versions": versions,
        },
        status=404,
    )


def _alternates(url_for) -> list[dict[str, object]]:
    """The page in every language: code, name in that language, URL or None."""
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": url_for(code),
        }
        for code in LANGUAGE_CODES
    ]


def _reverse_in(language: str, name: str) -> str:
    with translation.override(language):
        return reverse(name)
