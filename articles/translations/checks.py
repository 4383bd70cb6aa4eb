"""Quality checks of one translated segment against its source.

The markup of a translation is judged by the sanitizer that renders it (nh3,
whose parser is html5ever): the check reads the translation as the source's
inline tags plus text, writes that reading out as the sanitizer would, and
refuses the entry unless sanitizing leaves it as it is. So an approved entry
renders exactly as read; a comment, a tag without ``>``, a stray or crossed
closing tag or any other markup would change it, and is refused with a reason
that names it.
"""

import html as entities
import re
from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.text.html import is_markup, pieces, tag_of
from articles.text.richtext import citation_markers, escape_text, sanitize_html
from articles.text.rules import translation_text_problem
from articles.translations.segments import REDUCED_LINK_RE

CITATION_MISSING = gettext_lazy("the citation %(marker)s of the source is missing")
CITATION_EXTRA = gettext_lazy("the citation %(marker)s is not in the source")
MARKUP_NOT_ALLOWED = gettext_lazy("the markup %(tag)s is not allowed")
MARKUP_MISSING = gettext_lazy("the markup %(tag)s of the source is missing")
MARKUP_EXTRA = gettext_lazy("the markup %(tag)s is not in the source")
MARKUP_COMMENT = gettext_lazy(
    "“%(text)s” starts an HTML comment, which the page would not show"
)
MARKUP_UNCLOSED_TAG = gettext_lazy(
    "the tag “%(tag)s” has no closing “>” (write &lt; for a less-than sign)"
)
MARKUP_STRAY_CLOSE = gettext_lazy(
    "the closing tag %(tag)s has no opening tag before it"
)
MARKUP_CROSSED = gettext_lazy(
    "the markup is crossed: %(close)s closes while %(open)s inside it is still open"
)
MARKUP_CHANGED = gettext_lazy(
    "the markup would not be shown as written; the page would show “%(shown)s”"
)

# Inline markup a translation may carry: what the source has, in its reduced form.
_REDUCED = r'<a id="a\d+">|</a>|</?(?:em|strong|sup|sub|ul|ol|li)>|<br\s*/?>'
_VOID = frozenset({"br"})
_BR_RE = re.compile(r"<br\s*/?>")
# A reduced link as a link the sanitizer keeps as it is.
_STAND_IN = r'<a href="#\1" rel="noopener noreferrer">'
_STAND_IN_RE = re.compile(r'<a href="#(a\d+)" rel="noopener noreferrer">')
# The context of a segment: a list item holds whatever a block of the body can.
_CONTEXT = ("<ul><li>", "</li></ul>")


def translation_problem(source: str, translation: str) -> str | None:
    """Why the translation cannot replace the source, or None when it can."""
    if problem := translation_text_problem(source, translation):
        return problem
    if source.strip() and not translation.strip():
        return _("the translation is empty")
    return markup_problem(source, translation)


def markup_problem(source: str, translation: str) -> str | None:
    """Why the translation would not render with the source's markup and citations."""
    allowed = re.compile(
        "|".join(
            [
                _REDUCED,
                *map(
                    re.escape, {piece for piece in pieces(source) if is_markup(piece)}
                ),
            ]
        )
    )
    if problem := _foreign_markup(translation, allowed):
        return problem
    reading, tags = _reading(translation, allowed)
    source_reading, wanted = _reading(source, allowed)
    if Counter(wanted) != Counter(tags):
        if missing := sorted((Counter(wanted) - Counter(tags)).elements()):
            return str(MARKUP_MISSING % {"tag": " ".join(missing)})
        extra = sorted((Counter(tags) - Counter(wanted)).elements())
        return str(MARKUP_EXTRA % {"tag": " ".join(extra)})
    shown = sanitize_html(_in_context(reading))
    if shown != _in_context(reading):
        inner = _STAND_IN_RE.sub(
            r'<a id="\1">', shown.removeprefix(_CONTEXT[0]).removesuffix(_CONTEXT[1])
        )
        return _nesting_problem(translation, allowed) or str(
            MARKUP_CHANGED % {"shown": _shorten(inner, 80)}
        )
    cited = Counter(citation_markers(_in_context(source_reading)))
    found = Counter(citation_markers(shown))
    if cited != found:
        if lost := sorted((cited - found).elements()):
            return str(CITATION_MISSING % {"marker": _markers(lost)})
        return str(CITATION_EXTRA % {"marker": _markers((found - cited).elements())})
    return None


def _reading(text: str, allowed: re.Pattern[str]) -> tuple[str, list[str]]:
    """The text read as its allowed tags and plain text, written as the sanitizer
    writes HTML (links as stand-ins it keeps); and those tags."""
    out: list[str] = []
    tags: list[str] = []
    position = 0
    # The parser reads every line break as "\n".
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for match in allowed.finditer(text):
        out.append(escape_text(entities.unescape(text[position : match.start()])))
        tag = _BR_RE.sub("<br>", match.group(0))
        tags.append(tag)
        out.append(REDUCED_LINK_RE.sub(_STAND_IN, tag))
        position = match.end()
    out.append(escape_text(entities.unescape(text[position:])))
    return "".join(out), tags


def _in_context(html: str) -> str:
    return f"{_CONTEXT[0]}{html}{_CONTEXT[1]}"


def _foreign_markup(translation: str, allowed: re.Pattern[str]) -> str | None:
    """The first thing an HTML parser reads as markup that is none of the allowed tags."""
    found = pieces(translation)
    for index, piece in enumerate(found):
        if not is_markup(piece) or allowed.fullmatch(piece):
            continue
        if tag_of(piece) is None:
            if piece == "</" and index == len(found) - 1:
                continue  # read as text
            return str(MARKUP_COMMENT % {"text": _shorten(piece)})
        if not piece.endswith(">"):
            return str(MARKUP_UNCLOSED_TAG % {"tag": _shorten(piece)})
        return str(MARKUP_NOT_ALLOWED % {"tag": piece})
    return None


def _nesting_problem(translation: str, allowed: re.Pattern[str]) -> str | None:
    """The first allowed tag that closes out of order."""
    open_tags: list[tuple[str, str]] = []
    for match in allowed.finditer(translation):
        piece = match.group(0)
        name = tag_of(piece)
        assert name is not None  # every allowed piece is a tag
        tag = name[1]
        if tag in _VOID:
            continue
        if not piece.startswith("</"):
            open_tags.append((tag, piece))
        elif open_tags and open_tags[-1][0] == tag:
            open_tags.pop()
        elif any(opened == tag for opened, _piece in open_tags):
            return str(MARKUP_CROSSED % {"close": piece, "open": open_tags[-1][1]})
        else:
            return str(MARKUP_STRAY_CLOSE % {"tag": piece})
    return None


def _markers(numbers: Iterable[int]) -> str:
    return " ".join(f"[{n}]" for n in sorted(numbers))


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
