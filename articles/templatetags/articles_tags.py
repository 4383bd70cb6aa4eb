"""Template filters for the public pages."""

from datetime import date
from functools import lru_cache

from babel.dates import format_date
from django import template
from django.utils.translation import get_language, to_locale

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
