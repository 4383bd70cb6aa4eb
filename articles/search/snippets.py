"""A few words of an article around what the reader searched for, marked.

Built from the indexed plain text, never from a body's HTML: every piece is
escaped and the only markup a snippet carries is its own ``<mark>``.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search.analysis import WORD, Analysis

SNIPPET_WORDS = 30
LEAD_WORDS = 5  # shown before the first match, for context
_SPACE = re.compile(r"\s+")


def snippet(text: str, *, terms: set[str], analysis: Analysis) -> SafeString:
    """About SNIPPET_WORDS words of the paragraph of ``text`` that holds most of
    ``terms``, their words in ``<mark>``; the start of the text without a match.

    Paragraphs are read only until one holds every term, so a long article
    costs little when its first paragraphs match.
    """
    best: tuple[int, str, list[re.Match[str]], list[str]] | None = None
    for paragraph in text.split("\n"):
        words = list(WORD.finditer(paragraph))
        if not words:
            continue
        stems = analysis.stems([word.group().lower() for word in words])
        found = len(set(stems) & terms)
        if best is None or found > best[0]:
            best = (found, paragraph, words, stems)
            if found == len(terms):
                break
    if best is None:
        return mark_safe("")
    _found, paragraph, words, stems = best
    return _marked(paragraph, words, stems, terms)


def _marked(
    text: str, words: list[re.Match[str]], stems: list[str], terms: set[str]
) -> SafeString:
    """The window of ``text`` with most distinct terms, escaped and marked."""
    start, best = 0, -1
    for hit in (index for index, stem in enumerate(stems) if stem in terms):
        first = max(0, hit - LEAD_WORDS)
        found = len(set(stems[first : first + SNIPPET_WORDS]) & terms)
        if found > best:
            start, best = first, found
    end = min(len(words), start + SNIPPET_WORDS)
    pieces = ["… " if start else ""]
    position = words[start].start()
    for index in range(start, end):
        word = words[index]
        pieces.append(_spaced(text[position : word.start()]))
        if stems[index] in terms:
            pieces.append(f"<mark>{escape(word.group())}</mark>")
        else:
            pieces.append(escape(word.group()))
        position = word.end()
    pieces.append(" …" if end < len(words) else _spaced(text[position:]))
    return mark_safe("".join(pieces).strip())  # every piece is escaped


def _spaced(between: str) -> str:
    """The text between two words, escaped, with line breaks as spaces."""
    return escape(_SPACE.sub(" ", between))
