"""schema.org data of the article page (JSON-LD), for search engines.

The JSON is written into a ``<script type="application/ld+json">`` element:
a data block that browsers never run, so the Content-Security-Policy
(``script-src 'self'``) does not apply to it. ``<``, ``>`` and ``&`` are
escaped as JSON ``\\u`` sequences, so no text of an article can close the
element or open another one.
"""

import json
from collections.abc import Iterable, Sequence
from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from articles.models import Article, Category, Reference
from articles.models.addresses import fixed_url

_ESCAPES = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


def json_ld(data: dict[str, object]) -> SafeString:
    """The data as a JSON-LD script element, safe to place in HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(
        '<script type="application/ld+json">' + text.translate(_ESCAPES) + "</script>"
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _citation(reference: Reference) -> dict[str, object]:
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (("PMID", reference.pmid), ("DOI", reference.doi))
        if value
    ]
    citation: dict[str, object] = {
        "@type": "ScholarlyArticle",
        "name": reference.title,
        "author": reference.authors,
    }
    if reference.journal:
        citation["isPartOf"] = {"@type": "Periodical", "name": reference.journal}
    if identifiers:
        citation["identifier"] = identifiers
    links = [
        url
        for url in (
            f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/"
            if reference.pmid
            else "",
            f"https://doi.org/{reference.doi}" if reference.doi else "",
            reference.url,
        )
        if url
    ]
    if links:
        citation["sameAs"] = links
    return citation


def _breadcrumb(
    absolute: "_Absolute", path: Sequence[Category], article: Article
) -> dict[str, object]:
    steps = [(_("Home"), fixed_url("articles:home"))]
    steps += [(node.name, node.get_absolute_url()) for node in path if node.name]
    steps.append((article.title, article.get_absolute_url()))
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute(url),
            }
            for position, (name, url) in enumerate(steps, start=1)
        ],
    }


class _Absolute:
    def __init__(self, request: HttpRequest) -> None:
        self.base = f"{request.scheme}://{request.get_host()}"

    def __call__(self, path: str) -> str:
        return self.base + path


def article_data(
    request: HttpRequest,
    *,
    article: Article,
    language: str,
    breadcrumb: Sequence[Category],
    references: Iterable[Reference],
) -> dict[str, object]:
    """The ``MedicalWebPage`` of the article as readers of ``language`` see it."""
    absolute = _Absolute(request)
    author = (
        {"@type": "Person", "name": article.author_line}
        if article.author_line
        else {"@type": "Organization", "name": str(settings.SITE_NAME)}
    )
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": absolute(article.url_in(language)),
        "url": absolute(article.url_in(language)),
        "headline": article.title,
        "inLanguage": language,
        "datePublished": _iso(article.first_published),
        "dateModified": _iso(article.last_revised or article.first_published),
        "author": author,
        "publisher": {"@type": "Organization", "name": str(settings.SITE_NAME)},
        "breadcrumb": _breadcrumb(absolute, breadcrumb, article),
        "citation": [_citation(reference) for reference in references],
    }
    if description := article.meta_description or article.summary:
        data["description"] = description

    def version(code: str) -> dict[str, object]:
        url = absolute(article.url_in(code))
        return {"@type": "MedicalWebPage", "@id": url, "url": url, "inLanguage": code}

    others = [code for code in article.readable_languages() if code != language]
    if language == article.source_language:
        if others:
            data["workTranslation"] = [version(code) for code in others]
    elif article.source_language in others:
        data["translationOfWork"] = version(article.source_language)
    return data
