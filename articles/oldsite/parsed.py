"""What the old site's parser reads a file into, and the error it refuses one with."""

import html
import re
from dataclasses import dataclass, field
from datetime import date

SUMMARY_MAX_CHARS = 300
META_DESCRIPTION_MAX_CHARS = 160
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+")


class OldSiteFormatError(ValueError):
    """A file that cannot be imported; ``str()`` gives ``file:line: message``."""

    def __init__(self, filename: str, line: int, message: str) -> None:
        self.filename = filename
        self.line = line
        self.message = message
        super().__init__(f"{filename}:{line}: {message}")


@dataclass(frozen=True)
class ParsedBlock:
    kind: str  # "p" or "h2"
    text: str
    line: int

    @property
    def html(self) -> str:
        return f"<{self.kind}>{html.escape(self.text, quote=False)}</{self.kind}>"


@dataclass(frozen=True)
class ParsedReference:
    number: int
    authors: str
    title: str
    journal: str
    details: str
    pmid: str = ""
    doi: str = ""
    url: str = ""


@dataclass(frozen=True)
class ParsedArticle:
    filename: str
    language: str
    category_path: list[str]
    title: str
    blocks: list[ParsedBlock]
    first_published: date
    last_revised: date | None
    author_line: str
    references: list[ParsedReference] = field(default_factory=list)
    title_line: int = 1

    @property
    def body_html(self) -> str:
        return "\n".join(block.html for block in self.blocks)

    @property
    def summary(self) -> str:
        """The first sentences of the first paragraph, within the summary length."""
        first = next((block.text for block in self.blocks if block.kind == "p"), "")
        first = re.sub(r"\s*\[\d+\]", "", first)
        summary = ""
        for sentence in _SENTENCE_END_RE.split(first):
            candidate = f"{summary} {sentence}".strip()
            if summary and len(candidate) > SUMMARY_MAX_CHARS:
                break
            summary = candidate
        return summary[:SUMMARY_MAX_CHARS]

    @property
    def meta_description(self) -> str:
        summary = self.summary
        if len(summary) <= META_DESCRIPTION_MAX_CHARS:
            return summary
        return summary[: META_DESCRIPTION_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
