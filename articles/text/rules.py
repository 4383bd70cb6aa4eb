"""Rules every stored text follows, whichever path writes it.

The admin forms, the old-site import and the PO import all check text with
these functions before anything is written: no control characters, no
bidirectional controls (they make text read differently from what is stored,
and a reversed "15 mg" reads "51 mg"), no text made only of invisible
characters, nothing longer than its column, and no "translation" that is a
copy of its prose source.
"""

import html
import re
import unicodedata
from collections.abc import Callable

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.text.html import plain_text

# Refused everywhere, body paragraphs included: English and Dutch need none of
# them, and the Unicode bidi algorithm places a quotation in Arabic or Hebrew
# correctly without them.
_BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 and C1 controls but tab and line breaks, and DEL.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Letters that render as nothing, besides whitespace and format characters.
_FILLERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
_CITATION_RE = re.compile(r"\[\d+\]")
_WORD_RE = re.compile(r"[^\W\d_]{2,}")

BIDI_CONTROL = _(
    "the bidirectional control character %(char)s is not allowed: it makes text "
    "read differently from what is stored"
)
CONTROL_CHARACTER = _("the control character %(char)s is not allowed")
INVISIBLE_ONLY = _("the text holds only invisible characters")
TOO_LONG = _(
    "the %(field)s is %(length)s characters long; at most %(limit)s are allowed"
)
IDENTICAL_TO_SOURCE = _("the translation is identical to the source")


def char_name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how a message names a character."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".strip()


def bidi_problem(text: str) -> str | None:
    """Why ``text`` (HTML entities read as characters) is refused for a bidi control."""
    match = _BIDI_RE.search(html.unescape(text))
    return str(BIDI_CONTROL % {"char": char_name(match[0])}) if match else None


def control_position(text: str) -> int | None:
    """Where ``text`` holds its first control character, if it holds one."""
    match = _CONTROL_RE.search(text)
    return match.start() if match else None


def control_problem(text: str) -> str | None:
    """Why ``text`` (HTML entities read as characters) is refused for a control character."""
    text = html.unescape(text)
    position = control_position(text)
    if position is None:
        return None
    return str(CONTROL_CHARACTER % {"char": char_name(text[position])})


def _invisible(char: str) -> bool:
    return (
        char.isspace()
        or char in _FILLERS
        or unicodedata.category(char) in {"Cf", "Cc", "Zs", "Zl", "Zp"}
        or "\ufe00" <= char <= "\ufe0f"
    )


def is_invisible(text: str) -> bool:
    """Whether ``text`` shows nothing (true of "" too): counts as empty."""
    return all(_invisible(char) for char in text)


def strip_invisible(text: str) -> str:
    """``text`` without the invisible characters at its ends."""
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def visible_text(markup: str) -> str:
    """The characters a reader sees of an HTML fragment."""
    return plain_text(markup)


def max_length(model: type[models.Model], name: str) -> int:
    """The longest value the text column ``name`` of ``model`` holds."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} is not a column of limited length")
    return field.max_length


def length_problem(model: type[models.Model], name: str, value: str) -> str | None:
    """Why ``value`` does not fit the column ``name`` of ``model``, or None."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        return None
    if field.max_length is None or len(value) <= field.max_length:
        return None
    return str(
        TOO_LONG
        % {"field": field.verbose_name, "length": len(value), "limit": field.max_length}
    )


def slug_of(text: str, limit: int) -> str:
    """The slug of ``text`` cut to ``limit`` characters at a word if it can be.

    A title within its limit can still give a longer slug ("ǆ" gives "dz").
    """
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    return (cut.rsplit("-", 1)[0] if "-" in cut[limit // 2 :] else cut).strip("-")


def is_prose(text: str) -> bool:
    """Whether a segment holds words to translate.

    Numbers, citations, markup, one word or abbreviations in capitals
    (``LDN``, ``NSAID COX-2``) may stay as they are in a translation; two
    words, one of them not in capitals, may not.
    """
    words = _WORD_RE.findall(_CITATION_RE.sub(" ", visible_text(text)))
    return len(words) >= 2 and not all(word.isupper() for word in words)


def identical_problem(source: str, translation: str) -> str | None:
    """Why a translation that copies its prose source is refused, or None."""
    if translation.strip() == source.strip() and is_prose(source):
        return str(IDENTICAL_TO_SOURCE)
    return None


def translation_text_problem(source: str, translation: str) -> str | None:
    """Why a translation breaks the text rules, or None (control characters
    are the PO reader's)."""
    if (
        translation.strip()
        and is_invisible(visible_text(translation))
        and not is_invisible(visible_text(source))
    ):
        return str(INVISIBLE_ONLY)
    return bidi_problem(translation) or identical_problem(source, translation)


def numbered_slug(slug: str, counter: int, limit: int) -> str:
    """``slug`` with ``-<counter>`` added, cut so that the whole fits ``limit``."""
    suffix = f"-{counter}"
    return slug[: limit - len(suffix)].rstrip("-") + suffix


def free_slug(slug: str, *, taken: Callable[[str], bool], limit: int) -> str:
    """``slug``, else the first of ``slug-2``, ``slug-3``… that is not ``taken``."""
    candidate, counter = slug, 2
    while taken(candidate):
        candidate, counter = numbered_slug(slug, counter, limit), counter + 1
    return candidate
