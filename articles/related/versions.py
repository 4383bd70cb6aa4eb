"""Which copy of a language's related index a process uses, and the journal that
keeps copies in several processes up to date.

The database holds a number and token (``RelatedIndexVersion``) that every
rewrite of a language's lists replaces inside its transaction, and a journal
of the articles each rewrite changed (``RelatedIndexChange``). A copy in
memory whose version is the database's is used as it is; one a few versions
behind (other processes wrote since) reads again only the articles those
rewrites name. A transaction rolled back, a rebuild, or a version pruned from
the journal makes it read everything again.
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from articles.models import RelatedIndexChange, RelatedIndexVersion
from articles.related import scoring
from articles.related.index import RelatedIndex

# Rewrites kept in the journal for processes that are behind.
JOURNAL = 1000

_indexes: dict[str, RelatedIndex] = {}


@contextmanager
def related_index(language: str, *, fresh: bool = False) -> Iterator[RelatedIndex]:
    """The language's index, for a rewrite of its lists in the current transaction.

    Use it with the lists lock held. It is this process's copy, brought up to
    the database's version (everything is read again when that cannot be
    done, or when ``fresh``). When the block ends, the rewrite becomes the
    next version, with the articles it changed in the journal.
    """
    version, _created = RelatedIndexVersion.objects.get_or_create(language=language)
    index = _indexes.pop(language, None)
    if fresh or index is None or not _caught_up(index, version):
        index = RelatedIndex.load(language)
    index.number, index.token = version.number, version.token
    index.touched = None if fresh else set()
    yield index
    index.number, index.token = version.number + 1, secrets.token_hex(16)
    RelatedIndexChange.objects.create(
        language=language,
        number=index.number,
        token=index.token,
        article_ids=None if index.touched is None else sorted(index.touched),
    )
    RelatedIndexChange.objects.filter(
        language=language, number__lte=index.number - JOURNAL
    ).delete()
    RelatedIndexVersion.objects.filter(pk=version.pk).update(
        number=index.number, token=index.token
    )
    index.touched = None
    _indexes[language] = index


def release(language: str) -> None:
    """Let this process's copy of the language's index go.

    After every list was recomputed (a rebuild, a whole-site import) the
    process is a worker more often than a page server: it should not hold
    one copy per language at the same time. The next rewrite reads again.
    """
    _indexes.pop(language, None)


def _caught_up(index: RelatedIndex, version: RelatedIndexVersion) -> bool:
    """Bring ``index`` to ``version`` from the journal; False when it cannot be."""
    if (
        index.weights
        != (
            scoring.WEIGHT_TEXT,
            scoring.WEIGHT_TAGS,
            scoring.WEIGHT_CATEGORY,
        )
        or index.size != scoring.related_count()
    ):
        return False
    if (index.number, index.token) == (version.number, version.token):
        return bool(version.token)
    if index.number >= version.number:
        return False  # this process's last rewrite was rolled back
    changes = list(
        RelatedIndexChange.objects.filter(
            language=index.language,
            number__gte=index.number,
            number__lte=version.number,
        )
        .order_by("number")
        .values_list("number", "token", "article_ids")
    )
    numbers = [number for number, _token, _ids in changes]
    named = [ids for _number, _token, ids in changes[1:]]
    if (
        numbers != list(range(index.number, version.number + 1))
        or changes[0][1] != index.token
        or None in named
    ):
        return False
    index.catch_up({pk for ids in named for pk in ids or ()})
    return True
