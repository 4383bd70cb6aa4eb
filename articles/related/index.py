"""The articles of one language as kept in memory for scoring, updated in place.

Reading every article's word counts, tags and category again for each refresh
made a save cost grow with the site. A process instead keeps them here, per
language, and a refresh reads again only the articles that changed. The
database holds a number and token (``RelatedIndexVersion``) that every
rewrite of a language's lists replaces inside its transaction, and a journal
of the articles each rewrite changed (``RelatedIndexChange``). A copy in
memory whose version is the database's is used as it is; one a few versions
behind (other processes wrote since) reads again only the articles those
rewrites name. A transaction rolled back, a rebuild, or a version pruned from
the journal makes it read everything again.

The text similarity is the cosine of sublinear TF-IDF rows (as scikit-learn's
``TfidfTransformer(sublinear_tf=True)``). The matrices hold the term
frequencies without the inverse document frequencies, which change with every
article; those, and the row norms they give, are computed when scoring from a
document-frequency table updated with each changed article. Tags and the
category lineage go into one matrix already weighted, so that a score is
``WEIGHT_TEXT`` x text cosine + that matrix's dot product. Changed articles
get new rows in a small matrix beside the large one, whose old rows are masked
out, until there are enough of them to fold both into one again.
"""

import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Min, Q
from scipy import sparse

from articles.models import (
    Article,
    Category,
    RelatedArticle,
    RelatedIndexChange,
    RelatedIndexVersion,
    RelatedPick,
    RelatedTerms,
)
from articles.related import candidates, scoring
from articles.related.similarity import N_FEATURES, word_counts_store

# Changed articles kept beside the large matrices before both are folded together.
DELTA_ROWS = 256
# Columns of the tag and category matrix (one per tag or category path in use).
META_WIDTH = 2**20
# Scores are rounded before ranking, so that the order of equal scores does not
# depend on which matrix a row sits in.
DECIMALS = 6
# Rewrites kept in the journal for processes that are behind.
JOURNAL = 1000

Entry = tuple[int, float, bool]


@dataclass
class _Rows:
    """Article rows of the two matrices: term frequencies and weighted tags/category."""

    ids: np.ndarray
    text: sparse.csr_matrix
    meta: sparse.csr_matrix

    @classmethod
    def build(cls, ids: list[int], text: list, meta: list) -> "_Rows":
        frequencies = _csr(text, N_FEATURES)
        return cls(
            np.asarray(ids, dtype=np.int64),
            frequencies,
            _csr(meta, META_WIDTH),
        )

    def columns(self) -> tuple[sparse.csc_matrix, sparse.csc_matrix]:
        return self.text.tocsc(), self.meta.tocsc()


def _csr(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> sparse.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(indices) for indices, _values in rows], out=indptr[1:])
    return sparse.csr_matrix(
        (
            np.concatenate([np.zeros(0, np.float32), *(v for _i, v in rows)]),
            np.concatenate([np.zeros(0, np.int32), *(i for i, _v in rows)]),
            indptr,
        ),
        shape=(len(rows), width),
    )


def _row(matrix: sparse.csr_matrix, row: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return matrix.indices[start:end].copy(), matrix.data[start:end].copy()


class RelatedIndex:
    """The articles readable in one language, ready to be scored against each other."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.size = scoring.related_count()
        self.weights = (
            scoring.WEIGHT_TEXT,
            scoring.WEIGHT_TAGS,
            scoring.WEIGHT_CATEGORY,
        )
        self.number, self.token = 0, ""
        # The articles whose rows or lists this rewrite changed; None: all.
        self.touched: set[int] | None = None
        self.df = np.zeros(N_FEATURES, dtype=np.int32)
        self._log_df = np.zeros(N_FEATURES, dtype=np.float32)
        self.meta_columns: dict[tuple[str, object], int] = {}
        # Per list: the score an article must reach to enter it.
        self.threshold: dict[int, float] = {}
        self._base = _Rows.build([], [], [])
        self._base_columns = self._base.columns()
        self._alive = np.zeros(0, dtype=bool)
        self._delta: dict[int, tuple[tuple, tuple]] = {}
        self._delta_rows = _Rows.build([], [], [])
        self._base_row: dict[int, int] = {}
        self._column: dict[int, int] = {}
        self._base_threshold = np.zeros(0, dtype=np.float32)
        self._idf: np.ndarray | None = None
        self._norms: np.ndarray | None = None
        self._place()

    # -- what is in it ------------------------------------------------------

    @property
    def members(self) -> set[int]:
        """The ids of the articles readable in the language."""
        return set(self._column)

    def __len__(self) -> int:
        return len(self._column)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._column

    def sorted_ids(self) -> list[int]:
        return sorted(self._column)

    # -- reading from the database ------------------------------------------

    @classmethod
    def load(cls, language: str) -> "RelatedIndex":
        """Every readable article of ``language``, read from the database."""
        index = cls(language)
        readable = Article.objects.readable_in(language)
        index._read(readable, everything=True)
        index._read_thresholds(RelatedArticle.objects.filter(language=language))
        return index

    def catch_up(self, article_ids: set[int]) -> None:
        """Read again what other processes' rewrites changed: these articles'
        words, tags, category and readability, and the entry thresholds of
        their stored lists."""
        self.sync(article_ids)
        self._read_thresholds(
            RelatedArticle.objects.filter(
                language=self.language, article_id__in=article_ids
            )
        )

    def _read_thresholds(self, stored) -> None:
        stats = stored.values("article_id").annotate(
            entries=Count("pk"),
            picks=Count("pk", filter=Q(is_pick=True)),
            lowest=Min("score", filter=Q(is_pick=False)),
        )
        for row in stats:
            if row["article_id"] in self:
                self._set_threshold(
                    row["article_id"],
                    self._threshold(row["entries"], row["picks"], row["lowest"]),
                )

    def sync(self, article_ids: Iterable[int]) -> None:
        """Read these articles again: their words, tags, category and readability."""
        wanted = set(article_ids)
        if not wanted:
            return
        self._touch(wanted)
        for pk in wanted:
            self._drop(pk)
        readable = Article.objects.readable_in(self.language).filter(pk__in=wanted)
        self._read(readable, everything=False)
        if len(self._delta) > DELTA_ROWS:
            self._fold()
        else:
            self._delta_rows = _Rows.build(
                list(self._delta),
                [text for text, _meta in self._delta.values()],
                [meta for _text, meta in self._delta.values()],
            )
            self._place(delta_only=True)

    def _read(self, readable, *, everything: bool) -> None:
        rows = list(readable.order_by("pk").values_list("pk", "category__path"))
        ids = [pk for pk, _path in rows]
        if not ids:
            if everything:
                self._place()
            return
        through = Article.tags.through.objects.filter(
            article_id__in=readable.values("pk")
        )
        tags: dict[int, set[int]] = defaultdict(set)
        for article_id, tag_id in through.values_list("article_id", "tag_id"):
            tags[article_id].add(tag_id)
        terms = RelatedTerms.objects.filter(language=self.language)
        if not everything:
            terms = terms.filter(article_id__in=ids)
        stored = _stored(terms)
        missing = [pk for pk in ids if pk not in stored]
        if missing:
            # Written past the write operations: counted now.
            word_counts_store(ids=missing, language=self.language)
            stored |= _stored(
                RelatedTerms.objects.filter(
                    language=self.language, article_id__in=missing
                )
            )
        text = []
        meta = []
        for pk, path in rows:
            indices, counts = stored[pk]
            term_indices = np.frombuffer(indices, dtype="<i4").astype(np.int32)
            frequency = np.frombuffer(counts, dtype="<u2").astype(np.float32)
            self._count(term_indices, 1)
            text.append((term_indices, (1 + np.log(frequency)).astype(np.float32)))
            meta.append(self._meta(tags[pk], path))
        if everything:
            self._base = _Rows.build(ids, text, meta)
            self._base_columns = self._base.columns()
            self._alive = np.ones(len(ids), dtype=bool)
            self._base_row = {pk: row for row, pk in enumerate(ids)}
            self._place()
        else:
            for pk, text_row, meta_row in zip(ids, text, meta, strict=True):
                self._delta[pk] = (text_row, meta_row)

    def _meta(self, tags: set[int], path: str | None) -> tuple[np.ndarray, np.ndarray]:
        """The weighted tag and category row: dot products give weighted cosines."""
        _text, weight_tags, weight_category = self.weights
        lineage = Category.lineage_paths(path) if path else []
        keys = [("t", tag) for tag in sorted(tags)] + [("c", p) for p in lineage]
        columns = [
            self.meta_columns.setdefault(key, len(self.meta_columns)) for key in keys
        ]
        values = [np.sqrt(weight_tags / max(len(tags), 1))] * len(tags) + [
            np.sqrt(weight_category / max(len(lineage), 1))
        ] * len(lineage)
        order = np.argsort(columns)
        return (
            np.asarray(columns, dtype=np.int32)[order],
            np.asarray(values, dtype=np.float32)[order],
        )

    def _drop(self, pk: int) -> None:
        """Take an article out; ``sync`` puts it back if it is still readable."""
        if pk in self._delta:
            indices = self._delta.pop(pk)[0][0]
        elif pk in self._base_row and self._alive[self._base_row[pk]]:
            row = self._base_row[pk]
            self._alive[row] = False
            indices = _row(self._base.text, row)[0]
        else:
            return
        self._count(indices, -1)
        self.threshold.pop(pk, None)
        del self._column[pk]

    def _fold(self) -> None:
        """Put the changed rows into the large matrices again."""
        alive = np.flatnonzero(self._alive)
        ids = [int(pk) for pk in self._base.ids[alive]]
        text = [_row(self._base.text, int(row)) for row in alive]
        meta = [_row(self._base.meta, int(row)) for row in alive]
        for pk, (text_row, meta_row) in self._delta.items():
            ids.append(pk)
            text.append(text_row)
            meta.append(meta_row)
        order = np.argsort(ids, kind="stable")
        ids = [ids[i] for i in order]
        self._base = _Rows.build(
            ids, [text[i] for i in order], [meta[i] for i in order]
        )
        self._base_columns = self._base.columns()
        self._alive = np.ones(len(ids), dtype=bool)
        self._base_row = {pk: row for row, pk in enumerate(ids)}
        self._delta = {}
        self._delta_rows = _Rows.build([], [], [])
        self._place()

    def _count(self, indices: np.ndarray, change: int) -> None:
        """Add an article's terms to the document frequencies, or take them out."""
        self.df[indices] += change
        self._log_df[indices] = np.log1p(self.df[indices].astype(np.float32))

    def _place(self, *, delta_only: bool = False) -> None:
        """Columns of the score vectors: the large matrix's rows, then the changed.

        ``delta_only``: the large matrix is the same, only rows left it.
        """
        base = len(self._base.ids)
        if not delta_only:
            self._column = {
                pk: row for pk, row in self._base_row.items() if self._alive[row]
            }
            self._base_threshold = np.zeros(base, dtype=np.float32)
            for pk, value in self.threshold.items():
                if pk in self._column:
                    self._base_threshold[self._column[pk]] = value
        delta = [int(pk) for pk in self._delta_rows.ids]
        for offset, pk in enumerate(delta):
            self._column[pk] = base + offset
        self._order = np.concatenate([self._base.ids, self._delta_rows.ids])
        self._valid = np.concatenate([self._alive, np.ones(len(delta), dtype=bool)])
        self._thresholds = np.concatenate(
            [
                self._base_threshold,
                np.asarray([self.threshold.get(pk, 0.0) for pk in delta], np.float32),
            ]
        )
        self._idf = self._norms = None

    def _touch(self, article_ids: Iterable[int]) -> None:
        if self.touched is not None:
            self.touched.update(article_ids)

    def _set_threshold(self, pk: int, value: float) -> None:
        self._touch((pk,))
        self.threshold[pk] = value
        column = self._column[pk]
        self._thresholds[column] = value
        if column < len(self._base_threshold):
            self._base_threshold[column] = value

    # -- scoring ----------------------------------------------------------------

    def _weights(self) -> tuple[np.ndarray, np.ndarray]:
        """The inverse document frequencies and every column's TF-IDF norm."""
        if self._idf is None or self._norms is None:
            n = len(self._column)
            idf = (np.float32(np.log(1 + n) + 1) - self._log_df).astype(np.float32)
            squared = idf * idf
            norms = [
                np.sqrt(rows.text.power(2) @ squared)
                for rows in (self._base, self._delta_rows)
            ]
            self._idf, self._norms = idf, np.concatenate(norms).astype(np.float32)
        return self._idf, self._norms

    def _vectors(self, article_ids: list[int]) -> tuple[sparse.csr_matrix, ...]:
        text, meta = [], []
        for pk in article_ids:
            if pk in self._delta:
                text_row, meta_row = self._delta[pk]
            else:
                row = self._base_row[pk]
                text_row, meta_row = (
                    _row(self._base.text, row),
                    _row(self._base.meta, row),
                )
            text.append(text_row)
            meta.append(meta_row)
        return _csr(text, N_FEATURES), _csr(meta, META_WIDTH)

    def scores(self, article_ids: list[int]) -> np.ndarray:
        """Scores of these articles against every column (masked columns score 0)."""
        idf, norms = self._weights()
        text, meta = self._vectors(article_ids)
        squared = idf * idf
        own = np.sqrt(np.asarray(text.multiply(text) @ squared)).ravel()
        # Query rows weighted by idf twice and divided by their own norm: the
        # columns hold bare term frequencies, divided by their norms afterwards.
        scale = np.repeat(
            self.weights[0] / np.maximum(own, 1e-12), np.diff(text.indptr)
        )
        text.data = (text.data * squared[text.indices] * scale).astype(np.float32)
        base = len(self._base.ids)
        text_columns, meta_columns = self._base_columns
        parts = [np.zeros((len(article_ids), 0), dtype=np.float32)]
        if base:
            parts.append(
                _product(text, text_columns) / np.maximum(norms[:base], 1e-12)
                + _product(meta, meta_columns)
            )
        if len(self._delta_rows.ids):
            parts.append(
                _product_rows(text, self._delta_rows.text)
                / np.maximum(norms[base:], 1e-12)
                + _product_rows(meta, self._delta_rows.meta)
            )
        total = np.round(np.concatenate(parts, axis=1), DECIMALS)
        total[:, ~self._valid] = 0
        return total

    def lists(
        self, article_ids: Iterable[int], *, pruned: bool = False
    ) -> Iterator[tuple[list[int], list[list[Entry]]]]:
        """The wanted list of each article, a chunk at a time: (ids, lists).

        ``pruned`` (for recomputing every list): above ``PRUNE_ABOVE`` articles,
        each is scored against its candidates only (``articles.related.candidates``).
        Each list's entry threshold is updated too: the caller stores the lists.
        """
        wanted = [pk for pk in article_ids if pk in self._column]
        if pruned and len(self) > candidates.PRUNE_ABOVE:
            chunks = self._pruned_lists(wanted)
        else:
            chunks = self._exact_lists(wanted)
        for ids, lists in chunks:
            for pk, chosen in zip(ids, lists, strict=True):
                automatic = [score for _t, score, is_pick in chosen if not is_pick]
                self._set_threshold(
                    pk,
                    self._threshold(
                        len(chosen),
                        len(chosen) - len(automatic),
                        min(automatic) if automatic else None,
                    ),
                )
            yield ids, lists

    def _exact_lists(
        self, wanted: list[int]
    ) -> Iterator[tuple[list[int], list[list[Entry]]]]:
        """Lists from the scores against every column."""
        every = np.arange(len(self._order))
        for start in range(0, len(wanted), scoring.SCORE_ROWS):
            ids = wanted[start : start + scoring.SCORE_ROWS]
            picks = _picks(ids)
            scores = self.scores(ids)
            yield (
                ids,
                [
                    self._list(pk, every, scores[i], picks[pk])
                    for i, pk in enumerate(ids)
                ],
            )

    def _pruned_lists(
        self, wanted: list[int]
    ) -> Iterator[tuple[list[int], list[list[Entry]]]]:
        """Lists from the scores against each article's candidates.

        Rows go in the order ``Candidates.order`` gives, ``SCORE_ROWS`` at a
        time, each block scored against the union of its rows' candidates.
        """
        found, vectors = self.candidates()
        wanted_rows = np.fromiter(
            (self._column[pk] for pk in wanted), dtype=np.int64, count=len(wanted)
        )
        ranked = found.order()
        in_order = ranked[np.isin(ranked, wanted_rows)]
        for start in range(0, len(in_order), scoring.SCORE_ROWS):
            block = in_order[start : start + scoring.SCORE_ROWS]
            ids = [int(pk) for pk in self._order[block]]
            picks = _picks(ids)
            pattern = found.of(block).tolil()
            for i, pk in enumerate(ids):
                for target in picks[pk]:
                    if target in self._column:
                        pattern[i, self._column[target]] = 1
            pattern = pattern.tocsr()
            pattern.sort_indices()
            union = np.unique(pattern.indices)
            scores = np.round(
                _product_rows(vectors[block], vectors[union]), DECIMALS
            ).astype(np.float32)
            lists = []
            for i, pk in enumerate(ids):
                columns = pattern.indices[pattern.indptr[i] : pattern.indptr[i + 1]]
                row = scores[i, np.searchsorted(union, columns)]
                lists.append(self._list(pk, columns, row, picks[pk]))
            yield ids, lists

    def candidates(self) -> tuple[candidates.Candidates, sparse.csr_matrix]:
        """The candidates of every article, and the rows whose dot products are
        the scores (weighted TF-IDF, then tags and category), by column.

        The changed rows are folded into the large matrices first.
        """
        if self._delta or not self._alive.all():
            self._fold()
        idf, norms = self._weights()
        text = self._base.text.copy()
        rows = np.repeat(np.arange(text.shape[0]), np.diff(text.indptr))
        text.data = (
            text.data
            * idf[text.indices]
            * np.float32(np.sqrt(self.weights[0]))
            / np.maximum(norms[rows], 1e-12)
        ).astype(np.float32)
        vectors = sparse.hstack([text, self._base.meta], format="csr")
        return candidates.Candidates(text, self._base.meta), vectors

    def _list(
        self,
        article_id: int,
        columns: np.ndarray,
        scores: np.ndarray,
        picks: list[int],
    ) -> list[Entry]:
        """The list of ``article_id`` from the ``scores`` of the sorted ``columns``."""
        chosen: list[Entry] = []
        seen = {article_id}
        for target in picks:
            if len(chosen) == self.size:
                break
            if target in self._column and target not in seen:
                at = int(np.searchsorted(columns, self._column[target]))
                chosen.append((target, float(scores[at]), True))
                seen.add(target)
        need = self.size - len(chosen)
        if need <= 0:
            return chosen
        # Enough candidates to survive skipping the already chosen ones.
        take = min(len(scores), need + len(seen))
        if take < len(scores):
            # Every score tied with the last one taken, so that ties go by id.
            lowest = -np.partition(-scores, take - 1)[take - 1]
            best = np.flatnonzero(scores >= lowest)
        else:
            best = np.arange(len(scores))
        targets = self._order[columns[best]]
        order = np.lexsort((targets, -scores[best]))
        for index in order:
            target, score = int(targets[index]), float(scores[best[index]])
            if need == 0 or score <= 0:
                break
            if target not in seen:
                chosen.append((target, score, False))
                seen.add(target)
                need -= 1
        return chosen

    def _threshold(self, entries: int, picks: int, lowest: float | None) -> float:
        if picks >= self.size:
            return np.inf
        if entries >= self.size:
            # A float32 rounding below the stored score must not hide a tie.
            return (lowest or 0.0) - 1e-6
        return 0.0

    def could_now_list(self, changed: set[int]) -> set[int]:
        """Articles whose list one of ``changed`` may enter: its score reaches their
        lowest automatic entry, or their list has room."""
        ids = [pk for pk in sorted(changed) if pk in self._column]
        if not ids:
            return set()
        best = np.zeros(len(self._order), dtype=np.float32)
        for start in range(0, len(ids), scoring.SCORE_ROWS):
            best = np.maximum(
                best, self.scores(ids[start : start + scoring.SCORE_ROWS]).max(axis=0)
            )
        hits = np.flatnonzero((best > 0) & (best >= self._thresholds) & self._valid)
        return {int(self._order[column]) for column in hits} - changed

    def forget(self, article_ids: Iterable[int]) -> None:
        """Lists no longer stored (their article left the language)."""
        article_ids = set(article_ids)
        self._touch(article_ids)
        for pk in article_ids:
            self.threshold.pop(pk, None)


def _dense_query(query: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """The columns the query rows use, sorted, and the rows dense over them.

    Built from the stored entries: indexing the columns of a matrix
    ``N_FEATURES`` wide allocates arrays that wide, which a save paid for each
    product.
    """
    columns = np.unique(query.indices)
    dense = np.zeros((query.shape[0], len(columns)), dtype=np.float32)
    rows = np.repeat(np.arange(query.shape[0]), np.diff(query.indptr))
    dense[rows, np.searchsorted(columns, query.indices)] = query.data
    return columns, dense


def _product(query: sparse.csr_matrix, by_column: sparse.csc_matrix) -> np.ndarray:
    """``query`` x ``by_column``ᵀ, dense, over only the columns the query uses.

    Nearly every pair shares some feature, so the product is dense: a sparse x
    dense product over those columns is much faster than sparse x sparse, and
    its memory is bounded by the query rows x those columns.
    """
    columns, dense = _dense_query(query)
    if not len(columns):
        return np.zeros((query.shape[0], by_column.shape[0]), dtype=np.float32)
    return np.asarray((by_column[:, columns] @ dense.T).T, dtype=np.float32)


def _product_rows(query: sparse.csr_matrix, rows: sparse.csr_matrix) -> np.ndarray:
    """``_product`` against a matrix of a few rows (the changed articles, or a
    block's candidates), kept by row: its entries in the query's columns are
    renumbered into a matrix only that wide."""
    columns, dense = _dense_query(query)
    keep = np.isin(rows.indices, columns)
    kept = np.concatenate([[0], np.cumsum(keep)])
    narrow = sparse.csr_matrix(
        (
            rows.data[keep],
            np.searchsorted(columns, rows.indices[keep]),
            kept[rows.indptr],
        ),
        shape=(rows.shape[0], len(columns)),
    )
    return np.asarray((narrow @ dense.T).T, dtype=np.float32)


def _picks(article_ids: list[int]) -> dict[int, list[int]]:
    """The editors' picks of these articles, in their order."""
    picks: dict[int, list[int]] = defaultdict(list)
    for article_id, target in (
        RelatedPick.objects.filter(article_id__in=article_ids)
        .order_by("article_id", "position", "pk")
        .values_list("article_id", "target_id")
    ):
        picks[article_id].append(target)
    return picks


def _stored(terms) -> dict[int, tuple[bytes, bytes]]:
    return {
        article_id: (bytes(indices), bytes(counts))
        for article_id, indices, counts in terms.values_list(
            "article_id", "indices", "counts"
        )
    }


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
