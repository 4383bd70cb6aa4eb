"""How text becomes search terms, alike for what is indexed and what is asked.

PostgreSQL analyses text with its ``english`` and ``dutch`` configurations
(Snowball stemmers and stop words). SQLite's FTS5 has no stemmer for Dutch, so
on SQLite the same Snowball algorithms (PyStemmer) and the same stop words are
applied here, in Python, both to the text stored in the FTS5 table and to the
query. The Dutch stemmer is the one PostgreSQL uses, ``dutch_porter``
(Snowball 3 renamed it when it added a newer Dutch algorithm).

Snippets are marked with the same terms on both databases.
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from articles.search.stopwords import DUTCH, ENGLISH
from articles.text.html import is_markup, pieces, tag_of
from articles.text.richtext import CITATION_RE

# Longer queries are cut here: no one types more, and a 10,000-character one
# must cost no more than a sentence.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 16

WORD = re.compile(r"[^\W_]+")
_HEADINGS = {"h2", "h3", "h4"}
_BLOCKS = {"p", "li", "ul", "ol", "blockquote"}


@dataclass(frozen=True)
class Language:
    """A language's analysis: its Snowball stemmer, stop words and PostgreSQL
    configuration."""

    code: str
    algorithm: str
    pg_config: str
    stop_words: frozenset[str]


LANGUAGES = {
    "en": Language("en", "english", "english", ENGLISH),
    "nl": Language("nl", "dutch_porter", "dutch", DUTCH),
}


@dataclass(frozen=True)
class Analysis:
    """Terms of one language, stemmed or (``stemming=False``) as written.

    Without stemming, terms are only lower-cased, as PostgreSQL's ``simple``
    configuration does; the index and the query must be analysed alike.
    """

    language: str
    stemming: bool = True

    @property
    def pg_config(self) -> str:
        return LANGUAGES[self.language].pg_config if self.stemming else "simple"

    def words(self, text: str) -> list[str]:
        """The text's words in order, lower-cased, stop words left out."""
        words = [word.lower() for word in WORD.findall(text)]
        if not self.stemming:
            return words
        stop = LANGUAGES[self.language].stop_words
        return [word for word in words if word not in stop]

    def stems(self, words: list[str]) -> list[str]:
        """The search terms of words as ``words`` gives them."""
        return _stemmer(self.language).stemWords(words) if self.stemming else words

    def terms(self, text: str) -> list[str]:
        """The text's search terms in order."""
        return self.stems(self.words(text))


@lru_cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(LANGUAGES[language].algorithm)


def clean_query(raw: str) -> str:
    """The query as searched and shown again: capped, control characters and
    unpaired surrogates gone, whitespace collapsed."""
    text = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"} else char
        for char in raw[: MAX_QUERY_CHARS * 2]
    )
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


def query_words(query: str, analysis: Analysis) -> list[str]:
    """The distinct words of a cleaned query that search for something, at most
    MAX_QUERY_TERMS."""
    return list(dict.fromkeys(analysis.words(query)))[:MAX_QUERY_TERMS]


@dataclass(frozen=True)
class Parts:
    """An article's text in one language as search weighs it."""

    title: str
    headings: str
    body: str


def article_parts(*, title: str, summary: str, body_html: str) -> Parts:
    """Title, headings (weighted above) and the rest: summary and body as plain text.

    ``[n]`` citation markers are left out, as a search for "3" should not find
    every article citing three references.
    """
    headings: list[str] = []
    rest: list[str] = []
    heading: list[str] | None = None
    for piece in pieces(body_html):
        if not is_markup(piece):
            (heading if heading is not None else rest).append(piece)
            continue
        tag = tag_of(piece)
        if tag is None:
            continue
        closing, name = tag
        if name in _HEADINGS:
            if closing and heading is not None:
                headings.append(_plain("".join(heading)))
            heading = None if closing else []
            rest.append("\n")
        elif name in _BLOCKS:
            (heading if heading is not None else rest).append("\n")
        else:
            (heading if heading is not None else rest).append(
                " " if name == "br" else ""
            )
    body = "\n".join(part for part in (summary.strip(), _plain("".join(rest))) if part)
    return Parts(
        title=title.strip(), headings="\n".join(h for h in headings if h), body=body
    )


def _plain(text: str) -> str:
    """Entities read, citation markers out, one line per block, spaces collapsed."""
    text = CITATION_RE.sub(" ", html.unescape(text))
    return "\n".join(
        " ".join(line.split()) for line in text.splitlines() if line.strip()
    )
