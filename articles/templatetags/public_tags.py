"""Template filters for what the public pages tell search engines and social sites."""

from babel import Locale
from babel.core import get_global
from django import template

register = template.Library()


@register.filter
def og_locale(language: str) -> str:
    """The Open Graph locale of a language code: "nl" is "nl_NL", "en" "en_US"."""
    likely = get_global("likely_subtags").get(language, language)
    locale = Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else language
