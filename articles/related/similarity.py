"""Text similarity of articles in one language, for the related-article lists.

An article's title, summary and body (HTML stripped) are counted into hashed
word counts, which need no vocabulary, and stored (``RelatedTerms``) so a
refresh does not read every text again. ``articles.related.index`` builds
TF-IDF rows from the stored counts.

A word is two or more letters, lower-cased and without accents, and not one
of the language's Snowball stop words (those search leaves out); its column
is its MurmurHash3 modulo ``N_FEATURES``, as scikit-learn's HashingVectorizer
computes it, without loading scikit-learn (some 65 MB in every process).
"""

import re
import unicodedata
from collections import Counter

import mmh3
import numpy as np
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, RelatedTerms
from articles.search.stopwords import DUTCH, ENGLISH
from articles.text.html import plain_text

N_FEATURES = 2**20
# Articles whose texts are read and counted at a time (a whole-site import
# changes them all).
WORD_COUNT_BATCH = 500
WORD = re.compile(r"\b[^\W\d_]{2,}\b")


def _unaccented(text: str) -> str:
    if text.isascii():
        return text
    return "".join(
        char
        for char in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(char)
    )


STOP_WORDS = {
    code: frozenset(_unaccented(word) for word in words)
    for code, words in (("en", ENGLISH), ("nl", DUTCH))
}


def word_counts(text: str, language: str) -> tuple[np.ndarray, np.ndarray]:
    """The hashed columns of the text's words, sorted, and how often each occurs."""
    stop = STOP_WORDS.get(language, frozenset())
    counts = Counter(
        abs(mmh3.hash(word, 0, signed=True)) % N_FEATURES
        for word in WORD.findall(_unaccented(text.lower()))
        if word not in stop
    )
    columns = np.fromiter(sorted(counts), dtype=np.int32, count=len(counts))
    return columns, np.asarray([counts[c] for c in columns.tolist()], np.float32)


def _text_fields(language: str) -> list[str]:
    return [
        build_localized_fieldname(name, language)
        for name in ("title", "summary", "body")
    ]


def _plain(title: str | None, summary: str | None, body: str | None) -> str:
    return "\n".join([title or "", summary or "", plain_text(body or "", " ")])


def word_counts_store(*, ids: list[int], language: str) -> None:
    """Count the words of these articles in ``language`` and store the counts,
    ``WORD_COUNT_BATCH`` articles' texts in memory at a time."""
    for start in range(0, len(ids), WORD_COUNT_BATCH):
        _word_counts_store(ids[start : start + WORD_COUNT_BATCH], language)


def _word_counts_store(ids: list[int], language: str) -> None:
    rows = list(
        Article.objects.filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", *_text_fields(language))
    )
    counted = [word_counts(_plain(*row[1:]), language) for row in rows]
    RelatedTerms.objects.filter(
        language=language, article_id__in=[row[0] for row in rows]
    ).delete()
    RelatedTerms.objects.bulk_create(
        (
            RelatedTerms(
                article_id=row[0],
                language=language,
                indices=columns.astype("<i4").tobytes(),
                counts=np.minimum(counts, 65535).astype("<u2").tobytes(),
            )
            for row, (columns, counts) in zip(rows, counted, strict=True)
        ),
        batch_size=500,
    )
