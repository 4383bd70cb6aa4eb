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

from articles.richtext import CITATION_RE
from articles.search.stopwords import DUTCH, ENGLISH

# Longer queries are cut here: no one types more, and a 10,000-character one
# must cost no more than a sentence.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 16

WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]*>")
_HEADING = re.compile(r"<h[2-4][^>]*>(.*?)</h[2-4]>", re.DOTALL)
_BLOCK_END = re.compile(r"</(?:p|h[2-4]|li|blockquote)>|<br\s*/?>")


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

    Bodies are sanitized on save, so every tag is whole; ``[n]`` citation markers
    are left out, as a search for "3" should not find every article citing three
    references.
    """
    headings = [_plain(heading) for heading in _HEADING.findall(body_html)]
    rest = _plain(_BLOCK_END.sub("\n", _HEADING.sub("\n", body_html)))
    body = "\n".join(part for part in (summary.strip(), rest) if part)
    return Parts(title=title.strip(), headings="\n".join(headings), body=body)


def _plain(fragment: str) -> str:
    text = html.unescape(_TAG.sub(" ", fragment))
    text = CITATION_RE.sub(" ", text)
    return "\n".join(
        " ".join(line.split()) for line in text.splitlines() if line.strip()
    )
