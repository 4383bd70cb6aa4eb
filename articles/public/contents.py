"""The contents list of a long article: its headings, each with an anchor.

Anchors are made from the heading's text (``h-`` and its slug, numbered when
two headings read the same), so a revision that leaves a heading as it was
leaves its address as it was. They are added to the sanitized body as the
page is assembled: the sanitizer allows no ``id`` in stored text, so every
``id`` in a body is one made here.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from articles.text.html import pieces, plain_text, tag_of

# Fewer headings than this and the article is short enough to read without.
MIN_HEADINGS = 3
HEADINGS = ("h2", "h3")


@dataclass
class Entry:
    """A heading of the contents list: its level (2 or 3), text and anchor."""

    level: int
    text: str
    anchor: str


def with_contents(body: SafeString) -> tuple[SafeString, list[Entry]]:
    """The rendered body with an anchor on each h2 and h3, and the contents list;
    the body unchanged and no list when it has fewer than MIN_HEADINGS."""
    parts = pieces(str(body))
    starts = [
        index
        for index, piece in enumerate(parts)
        if (tag := tag_of(piece)) is not None and not tag[0] and tag[1] in HEADINGS
    ]
    if len(starts) < MIN_HEADINGS:
        return body, []
    entries: list[Entry] = []
    taken: set[str] = set()
    for start in starts:
        name = tag_of(parts[start])[1]  # type: ignore[index]  # a heading, found above
        end = next(
            (
                index
                for index in range(start + 1, len(parts))
                if tag_of(parts[index]) == (True, name)
            ),
            len(parts),
        )
        text = " ".join(plain_text("".join(parts[start + 1 : end]), " ").split())
        anchor = base = f"h-{slugify(text) or 'section'}"
        counter = 2
        while anchor in taken:
            anchor, counter = f"{base}-{counter}", counter + 1
        taken.add(anchor)
        # Sanitized headings carry no attributes: the tag is exactly "<h2>".
        parts[start] = f'<{name} id="{anchor}">'
        entries.append(Entry(int(name[1]), text, anchor))
    return mark_safe("".join(parts)), entries
