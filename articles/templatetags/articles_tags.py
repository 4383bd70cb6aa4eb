"""Template filters and tags for the public pages."""

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from babel.dates import format_date
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, to_locale

from articles.models import Article, Reference
from articles.models.addresses import fixed_url

register = template.Library()


@register.filter
def month_year(value: date | None) -> str:
    """A month in the reader's language: "August 2010", "augustus 2010"."""
    if not value:
        return ""
    return _month_year(value, to_locale(get_language() or "en"))


# A page shows a dozen dates, and babel parses the locale for each one.
@lru_cache(maxsize=1024)
def _month_year(value: date, locale: str) -> str:
    return format_date(value, "LLLL y", locale=locale)


@register.simple_tag
def page_url(name: str) -> str:
    """``{% url name %}`` for the fixed pages every page links to (home, search,
    indexes), reversed once per language instead of on every page."""
    return fixed_url(name)


@register.simple_tag
def article_items(items: Iterable[Article], show_summary: bool = False) -> SafeString:
    """A list's article items: title, category, date and, if asked, summary.

    A tag for the same reason as ``reference_items``: an include per item, with
    its context and a dozen lookups, was most of a listing's rendering.
    """
    return format_html_join(
        "\n", "{}", ((_article_item(item, show_summary),) for item in items)
    )


def _article_item(item: Article, show_summary: bool) -> SafeString:
    category = item.category
    meta = [
        format_html(
            '<a class="article-item-category" href="{}">{}</a>',
            category.get_absolute_url(),
            name,
        )
        if category and (name := category.name) and category.slug
        else "",
    ]
    if item.last_revised:
        date = gettext("revised %(date)s") % {"date": month_year(item.last_revised)}
        meta.append(format_html("<span>{}</span>", date))
    elif item.first_published:
        meta.append(format_html("<span>{}</span>", month_year(item.first_published)))
    summary = item.summary if show_summary else ""
    return format_html(
        '<li class="article-item">\n  <a class="article-item-title" href="{}">{}</a>\n'
        '  <p class="article-item-meta">{}</p>{}\n</li>',
        item.get_absolute_url(),
        item.title,
        format_html_join("", "{}", ((part,) for part in meta if part)),
        format_html('\n  <p class="article-item-summary">{}</p>', summary)
        if summary
        else "",
    )


@register.simple_tag
def reference_items(references: Iterable[Reference]) -> SafeString:
    """The numbered literature list's items, every field escaped.

    A tag rather than a loop in the template: an article cites a dozen works or
    more, and the template's ten nodes for each were an eighth of its rendering.
    """
    return format_html_join("\n", "{}", ((_reference_item(r),) for r in references))


def _reference_item(reference: Reference) -> SafeString:
    parts = [
        format_html('<span class="journal">{}</span>', reference.journal)
        if reference.journal
        else "",
        reference.details,
        format_html(
            '<a href="https://pubmed.ncbi.nlm.nih.gov/{}/" rel="noopener">PMID {}</a>',
            reference.pmid,
            reference.pmid,
        )
        if reference.pmid
        else "",
        format_html(
            '<a href="https://doi.org/{}" rel="noopener">doi:{}</a>',
            reference.doi,
            reference.doi,
        )
        if reference.doi
        else "",
        format_html('<a href="{}" rel="noopener">{}</a>', reference.url, reference.url)
        if reference.url
        else "",
    ]
    return format_html(
        '<li id="ref-{}" value="{}" lang="en">{} <cite>{}</cite> {}</li>',
        reference.number,
        reference.number,
        reference.authors,
        reference.title,
        format_html_join(" ", "{}", ((part,) for part in parts if part)),
    )
