"""The article body's HTML: what is allowed in it and how citations are linked.

Every body is sanitized with nh3 where it is assembled and again where it is
shown, and everything that reads markup for a check (citations, a
translation's tags) reads the sanitizer's output: what is checked is what
renders.
"""

import html as entities
import re
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe

from articles.text.html import html_parts

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "blockquote",
        "em",
        "strong",
        "a",
        "sup",
        "sub",
        "br",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

CITATION_RE = re.compile(r"\[(\d+)\]")
# What html5ever (nh3's serializer) escapes in text.
_TEXT_ESCAPES = str.maketrans(
    {"&": "&amp;", "\u00a0": "&nbsp;", "<": "&lt;", ">": "&gt;"}
)


# Bodies are sanitized wherever they are shown, and a long one takes nh3 a
# millisecond or two: the same text is sanitized once per process.
@lru_cache(maxsize=256)
def sanitize_html(html: str) -> str:
    """Reduce HTML to the article body's elements, attributes and URL schemes.

    The result is sanitized again until it no longer changes: a parser can
    build trees that it would not read back the same way (a link nested in a
    link through a table), and what is stored must be what a browser reads.
    """
    clean = _clean(html)
    if clean == html:  # already sanitized, as stored bodies are
        return clean
    for _attempt in range(3):
        again = _clean(clean)
        if again == clean:
            break
        clean = again
    return clean


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        # No "*" entry would keep nh3's default "lang" and "title" on every element.
        attributes={"*": set()}
        | {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def escape_text(text: str) -> str:
    """Text as the sanitizer writes it in HTML."""
    return text.translate(_TEXT_ESCAPES)


def citation_numbers(text: str) -> list[int]:
    """The numbers of the ``[n]`` citation markers in a text, in order of appearance."""
    return [int(number) for number in CITATION_RE.findall(text)]


def citation_markers(html: str) -> list[int]:
    """The ``[n]`` markers a reader sees in HTML: in its text once sanitized, never in
    a tag, an attribute or a comment."""
    return [
        number
        for text in html_parts(sanitize_html(html))[::2]
        for number in citation_numbers(entities.unescape(text))
    ]


def render_body(html: str, reference_count: int) -> SafeString:
    """Body HTML for a page: sanitized, then its citations linked.

    The only body HTML a template shows unescaped, so a stored value that
    escaped sanitizing (an old revision, a row written by other means) is
    sanitized here again.
    """
    return mark_safe(link_citations(sanitize_html(html), reference_count))


def link_citations(html: str, reference_count: int) -> str:
    """Turn each ``[n]`` marker with a reference n into a link to that reference.

    Markers inside tags or inside existing links are left alone, as are markers
    without a matching reference (the editor is told about those on save).
    """
    parts = html_parts(html)
    in_link = 0
    for index, part in enumerate(parts):
        if index % 2:
            if re.match(r"<a[\s>]", part):
                in_link += 1
            elif part.startswith("</a"):
                in_link = max(in_link - 1, 0)
            continue
        if in_link or "[" not in part:
            continue
        parts[index] = CITATION_RE.sub(
            lambda match: _citation_link(match, reference_count), part
        )
    return "".join(parts)


def _citation_link(match: re.Match[str], reference_count: int) -> str:
    number = int(match.group(1))
    if not 1 <= number <= reference_count:
        return match.group(0)
    return f'<a class="cite" href="#ref-{number}">[{number}]</a>'
