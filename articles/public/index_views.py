"""Pages to find articles by: the category index, the A–Z list; robots.txt and
the sitemap for search engines."""

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from articles.public import assembly, navigation
from articles.public.pagecache import public_page
from articles.public.sitemaps import SITEMAPS


def _alternates(name: str) -> list[dict[str, object]]:
    def url(code: str) -> str:
        with translation.override(code):
            return reverse(name)

    return assembly.alternates(url)


@public_page()
def category_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "articles/category_index.html",
        {
            "tree": navigation.category_tree(language=get_language()),
            "alternates": _alternates("articles:category_index"),
        },
    )


@public_page()
def a_to_z(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "articles/a_to_z.html",
        {
            "letters": navigation.a_to_z(language=get_language()),
            "alternates": _alternates("articles:a_to_z"),
        },
    )


@public_page()
def sitemap(request: HttpRequest) -> HttpResponse:
    return django_sitemap(request, sitemaps=SITEMAPS)


def robots(request: HttpRequest) -> HttpResponse:
    """Crawlers may read every public page, never the admin; the sitemap lists them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
