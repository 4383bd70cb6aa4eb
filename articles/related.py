"""Related articles: stored per article and language, refreshed only where affected.

Each list holds the editors' picks first, in their order, then automatic
suggestions ranked by a score made of three cosine similarities:

- text: TF-IDF of the article's title, summary and body in that language
  (``articles.textsimilarity``);
- tags: the sets of tags;
- category: the category together with its ancestors, so that articles in
  sibling categories are closer than articles in other branches.

Only articles readable in the language take part, an article never lists
itself and never lists an article twice. The score is symmetric, which is what
lets a refresh find every list a changed article may now enter: list X can
take article A only when score(A, X) reaches X's lowest automatic entry.

Hook points for write operations:

- ``related_refresh(articles=[...])`` after an article was published,
  unpublished, edited, translated, restored, re-tagged, moved to another
  category, or had its picks changed;
- ``article_delete(articles=[...])`` to delete articles: it moves them to the
  trash (``articles.trash``) and fills up again the lists that showed them;
- ``related_rebuild()`` (``manage.py rebuild_related``) recomputes everything.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from scipy import sparse
from sklearn.preprocessing import normalize

from articles.models import (
    LANGUAGE_CODES,
    Article,
    Category,
    RelatedArticle,
    RelatedPick,
    RelatedTerms,
)
from articles.pagecache import article_pages, pages_changed, pages_invalidate
from articles.textsimilarity import tfidf_matrix, word_counts_store

WEIGHT_TEXT = 0.6
WEIGHT_TAGS = 0.25
WEIGHT_CATEGORY = 0.15

# Rows of the score matrix computed at once: CHUNK x articles floats.
CHUNK = 256

# Key of the PostgreSQL advisory lock held while lists are rewritten: any fixed
# number no other code uses (these bytes spell "rela").
LISTS_LOCK = 0x72656C61

Progress = Callable[[int, int], None]
ArticleRefs = Iterable[Article] | Iterable[int]


@dataclass(frozen=True)
class RelatedResult:
    """Which articles had their list recomputed, per language, and how many
    lists were written because they changed."""

    recomputed: dict[str, set[int]] = field(default_factory=dict)
    rewritten: int = 0

    @property
    def articles(self) -> set[int]:
        """Every article recomputed in any language."""
        return set().union(*self.recomputed.values()) if self.recomputed else set()


def _lists_lock() -> None:
    """Wait until no other transaction is rewriting related lists.

    Two refreshes at once (editors publishing on different app servers) would
    delete and re-insert overlapping lists in different orders and deadlock.
    SQLite lets one writer in at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LISTS_LOCK])


def related_count() -> int:
    """The number of entries a related list holds (setting RELATED_ARTICLES_COUNT)."""
    return int(getattr(settings, "RELATED_ARTICLES_COUNT", 5))


@transaction.atomic
def related_rebuild(*, progress: Progress | None = None) -> RelatedResult:
    """Recompute the word counts and related lists of every article in every language.

    ``progress(done, total)`` is called now and then; each readable article
    counts twice per language (its words, then its list).
    """
    _lists_lock()
    sizes = {code: Article.objects.readable_in(code).count() for code in LANGUAGE_CODES}
    total, done = 2 * sum(sizes.values()), 0
    recomputed: dict[str, set[int]] = {}

    def step(amount: int) -> None:
        nonlocal done
        done += amount
        if progress:
            progress(done, total)

    for language in LANGUAGE_CODES:
        RelatedTerms.objects.filter(language=language).delete()
        readable = Article.objects.readable_in(language).order_by("pk")
        for batch in _batches(list(readable.values_list("pk", flat=True)), 500):
            word_counts_store(ids=batch, language=language)
            step(len(batch))
        RelatedArticle.objects.filter(language=language).delete()
        corpus = _Corpus.load(language)
        for ids, lists in corpus.lists(corpus.ids):
            entries = [
                entry
                for article_id, wanted in zip(ids, lists, strict=True)
                for entry in _entries(article_id, language, wanted)
            ]
            RelatedArticle.objects.bulk_create(entries, batch_size=2000)
            step(len(ids))
        recomputed[language] = set(corpus.ids)
    return RelatedResult(recomputed, sum(len(ids) for ids in recomputed.values()))


_batch: ContextVar[dict[str, set[int]] | None] = ContextVar(
    "related_batch", default=None
)


@contextmanager
def related_batch() -> Iterator[dict[str, set[int]]]:
    """Refresh once, when the block ends, for all articles changed inside it.

    For operations that change many articles at a time (a catalog import, a
    directory of files), where refreshing after each would reload the corpus
    every time. Yields the changed ids per language; clearing it (a dry run)
    skips the refresh. A nested batch leaves the refresh to the outer one.
    """
    outer = _batch.get()
    if outer is not None:
        yield outer
        return
    changed: dict[str, set[int]] = {}
    token = _batch.set(changed)
    try:
        yield changed
    finally:
        _batch.reset(token)
    _refresh(changed)


def related_refresh(
    *, articles: ArticleRefs, languages: Iterable[str] | None = None
) -> RelatedResult:
    """Bring the related lists up to date after ``articles`` changed.

    Call it after an article was published, unpublished, edited, translated,
    restored, re-tagged, moved or had its picks changed; pass the article(s)
    or their ids. It recomputes the lists of those articles, the lists that
    show one of them or pick one of them, and the lists one of them may now
    enter (its score reaches their lowest automatic entry), in every language
    (or only in ``languages``, those the change touched), and nothing else.
    """
    changed = _ids(articles)
    wanted = {
        language: set(changed)
        for language in (LANGUAGE_CODES if languages is None else languages)
    }
    pending = _batch.get()
    if pending is None:
        return _refresh(wanted)
    for language, ids in wanted.items():
        pending.setdefault(language, set()).update(ids)
    return RelatedResult()


@transaction.atomic
def _refresh(changed_in: dict[str, set[int]]) -> RelatedResult:
    """``related_refresh`` of the ids changed in each language."""
    changed_in = {language: ids for language, ids in changed_in.items() if ids}
    if not changed_in:
        return RelatedResult()
    _lists_lock()
    for language, changed in changed_in.items():
        readable = set(
            Article.objects.readable_in(language)
            .filter(pk__in=changed)
            .values_list("pk", flat=True)
        )
        RelatedTerms.objects.filter(
            language=language, article_id__in=changed - readable
        ).delete()
        word_counts_store(ids=sorted(readable), language=language)
    recomputed: dict[str, set[int]] = {}
    rewritten = 0
    for language, changed in changed_in.items():
        corpus = _Corpus.load(language)
        affected = (
            changed
            | _showing(changed, language)
            | set(
                RelatedPick.objects.filter(target_id__in=changed).values_list(
                    "article_id", flat=True
                )
            )
            | corpus.could_now_list(changed)
        )
        rewritten += _recompute(corpus, affected)
        recomputed[language] = affected
    pages_changed(set().union(*recomputed.values()))
    return RelatedResult(recomputed, rewritten)


@transaction.atomic
def related_recompute(*, articles: ArticleRefs) -> RelatedResult:
    """Recompute exactly the lists of ``articles``, in every language."""
    _lists_lock()
    wanted = _ids(articles)
    recomputed: dict[str, set[int]] = {}
    rewritten = 0
    for language in LANGUAGE_CODES:
        rewritten += _recompute(_Corpus.load(language), wanted)
        recomputed[language] = wanted
    return RelatedResult(recomputed, rewritten)


@transaction.atomic
def article_delete(*, articles: ArticleRefs) -> RelatedResult:
    """Move articles to the trash and fill up the related lists that showed them.

    A trashed article keeps its row, revisions and translation state for
    ``articles.trash`` to restore; readers lose it at once. Its own lists, its
    entries in every list and its word counts go now, as a delete removed them;
    the lists that lose an entry are then recomputed.
    """
    _lists_lock()
    doomed = _ids(articles)
    holders = _showing(doomed, None) - doomed
    paths = article_pages(doomed)
    transaction.on_commit(lambda: pages_invalidate(paths), robust=True)
    Article.objects.filter(pk__in=doomed).present().update(trashed_at=timezone.now())
    RelatedArticle.objects.filter(
        Q(article_id__in=doomed) | Q(target_id__in=doomed)
    ).delete()
    RelatedTerms.objects.filter(article_id__in=doomed).delete()
    return related_recompute(articles=holders)


def _ids(articles: ArticleRefs) -> set[int]:
    return {item.pk if isinstance(item, Article) else int(item) for item in articles}


def _showing(ids: set[int], language: str | None) -> set[int]:
    """The articles whose stored lists show one of ``ids``."""
    rows = RelatedArticle.objects.filter(target_id__in=ids)
    if language:
        rows = rows.filter(language=language)
    return set(rows.values_list("article_id", flat=True))


def _batches(items: Iterable[int], size: int) -> Iterator[list[int]]:
    batch: list[int] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _entries(
    article_id: int, language: str, wanted: list[tuple[int, float, bool]]
) -> list[RelatedArticle]:
    return [
        RelatedArticle(
            article_id=article_id,
            language=language,
            position=position,
            target_id=target,
            score=score,
            is_pick=is_pick,
        )
        for position, (target, score, is_pick) in enumerate(wanted)
    ]


def _recompute(corpus: "_Corpus", wanted: set[int]) -> int:
    """Recompute the lists of ``wanted`` in the corpus's language; rewrite changed ones.

    Returns the number of lists rewritten. Articles not readable in the
    language lose their list there.
    """
    language = corpus.language
    RelatedArticle.objects.filter(
        language=language, article_id__in=wanted - set(corpus.position)
    ).delete()
    present = sorted(wanted & set(corpus.position))
    current: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for article_id, target, is_pick in (
        RelatedArticle.objects.filter(language=language, article_id__in=present)
        .order_by("article_id", "position")
        .values_list("article_id", "target_id", "is_pick")
    ):
        current[article_id].append((target, is_pick))
    rewritten = 0
    for ids, lists in corpus.lists(present):
        stale = [
            (article_id, wanted_list)
            for article_id, wanted_list in zip(ids, lists, strict=True)
            if current.get(article_id, [])
            != [(target, is_pick) for target, _score, is_pick in wanted_list]
        ]
        RelatedArticle.objects.filter(
            language=language, article_id__in=[article_id for article_id, _ in stale]
        ).delete()
        RelatedArticle.objects.bulk_create(
            entry
            for article_id, wanted_list in stale
            for entry in _entries(article_id, language, wanted_list)
        )
        rewritten += len(stale)
    return rewritten


class _Corpus:
    """The articles readable in one language, as row-normalised feature matrices."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.size = related_count()
        self.ids: list[int] = []
        self.position: dict[int, int] = {}
        self.id_array = np.zeros(0, dtype=np.int64)
        self.features: list[tuple[float, sparse.csr_matrix, sparse.csc_matrix]] = []

    @classmethod
    def load(cls, language: str) -> "_Corpus":
        corpus = cls(language)
        readable = Article.objects.readable_in(language)
        rows = list(readable.order_by("pk").values_list("pk", "category__path"))
        corpus.ids = [pk for pk, _path in rows]
        corpus.position = {pk: i for i, pk in enumerate(corpus.ids)}
        if not corpus.ids:
            return corpus
        corpus.id_array = np.asarray(corpus.ids)
        # Row slices come from CSR, column slices from CSC.
        corpus.features = [
            (weight, matrix, matrix.tocsc())
            for weight, matrix in (
                (WEIGHT_TEXT, tfidf_matrix(ids=corpus.ids, language=language)),
                (WEIGHT_TAGS, corpus._tag_matrix(readable)),
                (WEIGHT_CATEGORY, corpus._category_matrix([p for _pk, p in rows])),
            )
        ]
        return corpus

    def _category_matrix(self, paths: list[str | None]) -> sparse.csr_matrix:
        # A materialized path's prefixes are the paths of the node's ancestors.
        step = Category.steplen
        columns: dict[str, int] = {}
        pairs = [
            (row, columns.setdefault(path[:end], len(columns)))
            for row, path in enumerate(paths)
            if path
            for end in range(step, len(path) + 1, step)
        ]
        return self._binary(pairs, len(columns))

    def _tag_matrix(self, readable) -> sparse.csr_matrix:
        through = Article.tags.through.objects.filter(
            article_id__in=readable.values("pk")
        )
        columns: dict[int, int] = {}
        pairs = [
            (self.position[article_id], columns.setdefault(tag_id, len(columns)))
            for article_id, tag_id in through.values_list("article_id", "tag_id")
        ]
        return self._binary(pairs, len(columns))

    def _binary(self, pairs: list[tuple[int, int]], width: int) -> sparse.csr_matrix:
        rows = np.fromiter(
            (row for row, _col in pairs), dtype=np.int64, count=len(pairs)
        )
        cols = np.fromiter(
            (col for _row, col in pairs), dtype=np.int64, count=len(pairs)
        )
        matrix = sparse.csr_matrix(
            (np.ones(len(pairs), dtype=np.float32), (rows, cols)),
            shape=(len(self.ids), max(width, 1)),
        )
        matrix.data[:] = 1.0  # a pair listed twice is still one shared feature
        return normalize(matrix)

    def scores(self, rows: list[int]) -> np.ndarray:
        """Scores of the articles at ``rows`` against every article of the corpus."""
        total = np.zeros((len(rows), len(self.ids)), dtype=np.float32)
        for weight, matrix, by_column in self.features:
            # Nearly every pair shares some feature, so the product is dense:
            # a sparse x dense product over only the columns these rows use is
            # much faster than sparse x sparse, and its memory is bounded by
            # len(rows) x those columns, not by the vocabulary.
            block = matrix[rows]
            columns = np.unique(block.indices)
            dense = block[:, columns].toarray()
            total += weight * (by_column[:, columns] @ dense.T).T
        return total

    def lists(
        self, article_ids: Iterable[int]
    ) -> Iterator[tuple[list[int], list[list[tuple[int, float, bool]]]]]:
        """The wanted list of each article, a chunk at a time: (ids, lists)."""
        wanted = [pk for pk in article_ids if pk in self.position]
        for start in range(0, len(wanted), CHUNK):
            ids = wanted[start : start + CHUNK]
            picks: dict[int, list[int]] = defaultdict(list)
            for article_id, target in (
                RelatedPick.objects.filter(article_id__in=ids)
                .order_by("article_id", "position", "pk")
                .values_list("article_id", "target_id")
            ):
                picks[article_id].append(target)
            scores = self.scores([self.position[pk] for pk in ids])
            yield (
                ids,
                [self._list(pk, scores[i], picks[pk]) for i, pk in enumerate(ids)],
            )

    def _list(
        self, article_id: int, scores: np.ndarray, picks: list[int]
    ) -> list[tuple[int, float, bool]]:
        chosen: list[tuple[int, float, bool]] = []
        seen = {article_id}
        for target in picks:
            if len(chosen) == self.size:
                break
            if target in self.position and target not in seen:
                chosen.append((target, float(scores[self.position[target]]), True))
                seen.add(target)
        need = self.size - len(chosen)
        if need <= 0:
            return chosen
        # Enough candidates to survive skipping the already chosen ones.
        take = min(len(scores), need + len(seen))
        top = np.argpartition(-scores, take - 1)[:take] if take < len(scores) else None
        candidates = np.arange(len(scores)) if top is None else top
        ids = self.id_array[candidates]
        order = np.lexsort((ids, -scores[candidates]))
        for index in order:
            column = int(candidates[index])
            target, score = self.ids[column], float(scores[column])
            if need == 0 or score <= 0:
                break
            if target not in seen:
                chosen.append((target, score, False))
                seen.add(target)
                need -= 1
        return chosen

    def could_now_list(self, changed: set[int]) -> set[int]:
        """Articles whose list one of ``changed`` may enter: its score reaches their
        lowest automatic entry, or their list has room."""
        rows = [self.position[pk] for pk in sorted(changed) if pk in self.position]
        if not rows:
            return set()
        best = np.zeros(len(self.ids), dtype=np.float32)
        for start in range(0, len(rows), CHUNK):
            best = np.maximum(
                best, self.scores(rows[start : start + CHUNK]).max(axis=0)
            )
        threshold = np.zeros(len(self.ids), dtype=np.float32)
        stats = (
            RelatedArticle.objects.filter(language=self.language)
            .values("article_id")
            .annotate(
                entries=Count("pk"),
                picks=Count("pk", filter=Q(is_pick=True)),
                lowest=Min("score", filter=Q(is_pick=False)),
            )
        )
        for row in stats:
            column = self.position.get(row["article_id"])
            if column is None:
                continue
            if row["picks"] >= self.size:
                threshold[column] = np.inf
            elif row["entries"] >= self.size:
                # A float32 rounding below the stored score must not hide a tie.
                threshold[column] = (row["lowest"] or 0.0) - 1e-6
        hits = np.flatnonzero((best > 0) & (best >= threshold))
        return {self.ids[column] for column in hits} - changed
