"""Addresses of the pages named by a slug (articles, categories) or by their URL
name alone (home, search), as ``reverse()`` gives them, at the cost of a string
join or a dictionary lookup.

A page links to dozens of articles and categories, and ``reverse()`` of each
cost more than the rest of the link. The address of a URL name is reversed once
per language, script prefix and URL configuration with a stand-in slug, and a
slug is put in the stand-in's place. That is exact for the slugs the
``<slug:slug>`` converter accepts, as they are neither converted nor quoted;
any other value goes to ``reverse()``, which refuses it as before. A name
without arguments is reversed once per language, script prefix and URL
configuration.
"""

import re

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import translation

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # django.urls.converters.SlugConverter
_STAND_IN = "slug-stand-in"

_around: dict[tuple[object, ...], tuple[str, ...]] = {}
_fixed: dict[tuple[object, ...], str] = {}


def fixed_url(name: str) -> str:
    """``reverse(name)`` in the active language, for a URL name without arguments."""
    key = (
        name,
        translation.get_language(),
        get_script_prefix(),
        get_resolver(get_urlconf()),
    )
    url = _fixed.get(key)
    if url is None:
        url = _fixed[key] = reverse(name)
    return url


def slug_url(name: str, slug: str | None, language: str | None = None) -> str:
    """``reverse(name, kwargs={"slug": slug})`` in ``language``, by default the
    active one."""
    code = language or translation.get_language()
    key = (name, code, get_script_prefix(), get_resolver(get_urlconf()))
    around = _around.get(key)
    if around is None:
        with translation.override(code):
            around = tuple(reverse(name, kwargs={"slug": _STAND_IN}).split(_STAND_IN))
        _around[key] = around
    if len(around) == 2 and slug is not None and _SLUG.fullmatch(slug):
        return around[0] + slug + around[1]
    with translation.override(code):
        return reverse(name, kwargs={"slug": slug})
