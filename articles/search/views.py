"""The search page: ``/en/search/?q=…`` and ``/nl/zoeken/?q=…``.

Never cached (it reads ``q``), and marked noindex: results are for readers,
the articles themselves for search engines.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_language

from articles.public import assembly as pages
from articles.search.searching import Order, search_articles


def search(request: HttpRequest) -> HttpResponse:
    language = get_language()
    order = Order.DATE if request.GET.get("sort") == Order.DATE else Order.RELEVANCE
    found = search_articles(
        request.GET.get("q", ""),
        language=language,
        page=request.GET.get("page"),
        order=order,
    )
    query = {"q": found.query} if found.query else {}
    return render(
        request,
        "articles/search.html",
        {
            "search": found,
            "search_query": found.query,
            "order": order,
            "query_string": urlencode(query | {"sort": order}),
            "alternates": pages.alternates(lambda code: _search_url(code, query)),
        },
    )


def _search_url(language: str, query: dict[str, str]) -> str:
    with translation.override(language):
        url = reverse("articles:search")
    return f"{url}?{urlencode(query)}" if query else url
