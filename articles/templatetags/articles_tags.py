"""Template filters for the public pages."""

from datetime import date

from babel.dates import format_date
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()


@register.filter
def month_year(value: date | None) -> str:
    """A month in the reader's language: "August 2010", "augustus 2010"."""
    if not value:
        return ""
    return format_date(value, "LLLL y", locale=to_locale(get_language() or "en"))
