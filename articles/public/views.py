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

from articles.models import Revision
from articles.public import assembly, navigation, selectors
from articles.public.pagecache import page_not_cached, public_page
from articles.public.structured_data import article_data, json_ld
from articles.review.structured import review_structured_data
from articles.revisions.snapshots import CorruptSnapshot, snapshot_read

ARTICLES_PER_PAGE = 20


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    language = get_language()
    return render(
        request,
        "articles/home.html",
        {
            "articles": selectors.recent_articles(language=language),
            "alternates": assembly.alternates(
                lambda code: _reverse_in(code, "articles:home")
            ),
        },
    )


@public_page(reads=("page",))
def category(request: HttpRequest, slug: str) -> HttpResponse:
    language = get_language()
    node = selectors.category_by_slug(slug=slug, language=language)
    if node is None:
        raise Http404
    page = Paginator(
        selectors.category_articles(node, language=language), ARTICLES_PER_PAGE
    ).get_page(request.GET.get("page"))
    if request.GET.get("page", "1") != str(page.number):
        page_not_cached(request)  # "?page=07", or past the last page
    found = navigation.wayfinding(node, language=language)
    return render(
        request,
        "articles/category.html",
        {
            "category": node,
            "menu_categories": found["menu_categories"],
            "breadcrumb": found["breadcrumb"][:-1],
            "subcategories": selectors.subcategories(node, language=language),
            "page": page,
            "alternates": assembly.alternates(node.url_in),
        },
    )


@public_page()
def article(request: HttpRequest, slug: str) -> HttpResponse:
    language = get_language()
    found = selectors.article_for_page(slug=slug, language=language)
    if found is None or not found.is_readable_in(language):
        return _article_elsewhere(request, slug, language)
    context = assembly.live_page(found, language=language)
    context["structured_data"] = json_ld(
        article_data(
            request,
            article=found,
            language=language,
            breadcrumb=context["breadcrumb"],  # type: ignore[arg-type]
            references=context["references"],  # type: ignore[arg-type]
        )
        | review_structured_data(found)
    )
    return render(request, "articles/article.html", context)


def article_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """An earlier public version of an article; drafts and minor corrections are not shown."""
    language = get_language()
    found = selectors.article_for_page(slug=slug, language=language)
    if found is None or not found.is_readable_in(language):
        raise Http404
    revision = (
        Revision.objects.filter(article=found, number=number)
        .public()
        .up_to(found.live_revision)
        .first()
    )
    if revision is None:
        raise Http404
    try:
        snapshot = snapshot_read(revision.snapshot, number=number)
    except CorruptSnapshot:
        raise Http404 from None
    if not (snapshot.value("title", language) and snapshot.value("body", language)):
        raise Http404
    context = assembly.snapshot_page(found, revision, snapshot, language=language)
    context["current_url"] = context["canonical_url"] = found.get_absolute_url()
    return render(request, "articles/article.html", context)


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
        request, "articles/not_in_language.html", {"versions": versions}, status=404
    )


def _reverse_in(language: str, name: str) -> str:
    with translation.override(language):
        return reverse(name)
