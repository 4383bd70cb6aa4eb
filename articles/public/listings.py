"""The addresses of the public pages that list articles, for retiring cached pages."""

from django.urls import reverse
from django.utils import translation

from articles.models import LANGUAGE_CODES, Article, Category

# Pages that list every article of a language: the home page first.
_INDEXES = (
    "articles:home",
    "articles:feed",
    "articles:category_index",
    "articles:a_to_z",
)


def index_pages() -> set[str]:
    """Per language the home page, its feed, the category index and the A–Z list;
    and the sitemap."""
    paths = {reverse("sitemap")}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            paths.update(reverse(name) for name in _INDEXES)
    return paths


def category_pages(category: Category) -> set[str]:
    """The category's listing and its feed, in every language it has a slug in."""
    paths = set()
    for code in LANGUAGE_CODES:
        if url := category.url_in(code):
            paths |= {url, url + "feed/"}
    return paths


def all_pages() -> set[str]:
    """Every public page: for a change that every page's header shows (the menu)."""
    paths = index_pages()
    for node in Category.objects.all():
        paths |= category_pages(node)
    for article in Article.objects.only(
        "pk", *(f"slug_{code}" for code in LANGUAGE_CODES)
    ):
        paths.update(
            article.url_in(code) for code in LANGUAGE_CODES if article.slug_in(code)
        )
    return paths
