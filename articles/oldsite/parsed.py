"""What the old site's parser reads a file into, and the error it refuses one with."""

import html
from dataclasses import dataclass, field
from datetime import date

from articles.text.summaries import meta_description_of, summary_of


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
        return summary_of(first)

    @property
    def meta_description(self) -> str:
        return meta_description_of(self.summary)
