"""A summary and a meta description derived from a body's first paragraph.

The old-site import fills both this way when an article has none, and a
translation derives them the same way from its own body (so that a translator
does not translate the same sentence three times, the last time ending ".…").
"""

import re

from articles.text.rules import visible_text

SUMMARY_MAX_CHARS = 300
META_DESCRIPTION_MAX_CHARS = 160
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+")
_CITATION_RE = re.compile(r"\s*\[\d+\]")
_FIRST_PARAGRAPH_RE = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)


def summary_of(paragraph: str) -> str:
    """The first sentences of a paragraph's text, within the summary length."""
    first = _CITATION_RE.sub("", paragraph)
    summary = ""
    for sentence in _SENTENCE_END_RE.split(first):
        candidate = f"{summary} {sentence}".strip()
        if summary and len(candidate) > SUMMARY_MAX_CHARS:
            break
        summary = candidate
    return summary[:SUMMARY_MAX_CHARS]


def meta_description_of(summary: str) -> str:
    """The summary, cut at a word with "…" when longer than a meta description
    (no "…" after a cut that ends a sentence)."""
    if len(summary) <= META_DESCRIPTION_MAX_CHARS:
        return summary
    cut = summary[: META_DESCRIPTION_MAX_CHARS - 1].rsplit(" ", 1)[0]
    return cut if cut.endswith((".", "!", "?", "…")) else cut + "…"


def derived_from_body(body: str) -> dict[str, str]:
    """The summary and meta description a body's first paragraph gives."""
    found = _FIRST_PARAGRAPH_RE.search(body)
    summary = summary_of(visible_text(found.group(1))) if found else ""
    return {"summary": summary, "meta_description": meta_description_of(summary)}
