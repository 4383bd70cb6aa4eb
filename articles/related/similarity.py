"""Text similarity of articles in one language, for the related-article lists.

An article's title, summary and body (HTML stripped) are counted into hashed
word counts with scikit-learn's HashingVectorizer, which needs no vocabulary,
and stored (``RelatedTerms``) so a refresh does not read every text again.
``articles.related.index`` builds TF-IDF rows from the stored counts.
"""

import numpy as np
from modeltranslation.utils import build_localized_fieldname
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    HashingVectorizer,
)

from articles.models import Article, RelatedTerms
from articles.text.html import plain_text

N_FEATURES = 2**20
# Articles whose texts are read and counted at a time (a whole-site import
# changes them all).
WORD_COUNT_BATCH = 500

# scikit-learn ships English stop words only. Dutch function words, written
# without accents since the vectorizer strips them before comparing.
_DUTCH_FUNCTION_WORDS = """
aan al alle alleen als altijd ander andere anders beide bij bijna binnen boven
daar daarbij daardoor daarna daarom dan dat de deze die dit doch doen door dus
een eens eerst eerste elk elke en enkele er erg ge geen geweest haar had hadden
heb hebben heeft hem het hier hierbij hierdoor hij hoe hun ieder iedere iemand
iets ik in is ja je jij kan kon kunnen maar me meer meest meeste men met mij
mijn minder moet moeten mogen na naar nadat niet niets nog nu of om omdat onder
ons ook op over reeds sinds sommige soms te tegen terwijl toch toen tot tussen
tweede u uit uw vaak van veel voor vooral waarbij waardoor waarin want waren was
wat we weinig wel werd werden wezen wie wij wil willen worden wordt zal ze zeer
zelf zich zij zijn zo zoals zonder zou zowel zullen
"""
DUTCH_STOP_WORDS = frozenset(_DUTCH_FUNCTION_WORDS.split())
STOP_WORDS = {"en": ENGLISH_STOP_WORDS, "nl": DUTCH_STOP_WORDS}


def _text_fields(language: str) -> list[str]:
    return [
        build_localized_fieldname(name, language)
        for name in ("title", "summary", "body")
    ]


def _plain(title: str | None, summary: str | None, body: str | None) -> str:
    return "\n".join([title or "", summary or "", plain_text(body or "", " ")])


def _vectorizer(language: str) -> HashingVectorizer:
    """Word counts, hashed so that no vocabulary has to be kept between runs."""
    return HashingVectorizer(
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        lowercase=True,
        strip_accents="unicode",
        token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
        stop_words=sorted(STOP_WORDS.get(language, ())),
        dtype=np.float32,
    )


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
    counts = _vectorizer(language).transform(_plain(*row[1:]) for row in rows).tocsr()
    counts.sort_indices()
    RelatedTerms.objects.filter(
        language=language, article_id__in=[row[0] for row in rows]
    ).delete()
    RelatedTerms.objects.bulk_create(
        (
            RelatedTerms(
                article_id=row[0],
                language=language,
                indices=counts.indices[counts.indptr[i] : counts.indptr[i + 1]]
                .astype("<i4")
                .tobytes(),
                counts=np.minimum(
                    counts.data[counts.indptr[i] : counts.indptr[i + 1]], 65535
                )
                .astype("<u2")
                .tobytes(),
            )
            for i, row in enumerate(rows)
        ),
        batch_size=500,
    )
