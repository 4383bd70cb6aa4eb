"""The articles of one language as kept in memory for scoring, updated in place.

Reading every article's word counts, tags and category again for each refresh
made a save cost grow with the site. A process instead keeps them here, per
language, and a refresh reads again only the articles that changed
(``articles.related.versions`` keeps copies of several processes in step).

The text similarity is the cosine of sublinear TF-IDF rows (as scikit-learn's
``TfidfTransformer(sublinear_tf=True)``). The matrices hold the term
frequencies without the inverse document frequencies, which change with every
article; those are computed when scoring from a document-frequency table
updated with each changed article. A row's TF-IDF norm is kept as three sums
over its terms (``NormSums``), which a changed document frequency moves in the
rows holding that term only, so that a save does not compute every norm again.
Tags and the category lineage go into one matrix already weighted, so that a
score is ``WEIGHT_TEXT`` x text cosine + that matrix's dot product. Changed
articles get new rows in a small matrix beside the large one, whose old rows
are masked out, until there are enough of them to fold both into one again.

On a site of up to ``PRUNE_ABOVE`` articles, a list is chosen by scoring its
article against every other; above, against its candidates only
(``articles.related.candidates``), so that neither a rebuild nor a save grows
with the site.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import numpy as np
from django.db.models import Count, Min, Q
from scipy import sparse

from articles.models import (
    Article,
    Category,
    RelatedArticle,
    RelatedPick,
    RelatedTerms,
)
from articles.related import candidates, scoring
from articles.related.matrices import (
    META_WIDTH,
    Rows,
    csr_rows,
    product,
    product_rows,
    row_of,
)
from articles.related.norms import NormSums
from articles.related.similarity import N_FEATURES, word_counts_store

# Changed articles kept beside the large matrices before both are folded together.
DELTA_ROWS = 256
# Scores are rounded before ranking, so that the order of equal scores does not
# depend on which matrix a row sits in.
DECIMALS = 6

Entry = tuple[int, float, bool]


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
        # The base rows' norm sums, and the log_df they were summed with.
        self._sums: NormSums | None = None
        self._summed_log_df = np.zeros(0, dtype=np.float32)
        # The terms whose document frequency was counted since.
        self._recounted: list[np.ndarray] = []
        self.meta_columns: dict[tuple[str, object], int] = {}
        # Per list: the score an article must reach to enter it.
        self.threshold: dict[int, float] = {}
        self._base = Rows.build([], [], [])
        self._base_columns: tuple | None = None  # by column, when first scored
        self._alive = np.zeros(0, dtype=bool)
        self._delta: dict[int, tuple[tuple, tuple]] = {}
        self._delta_rows = Rows.build([], [], [])
        self._base_row: dict[int, int] = {}
        self._column: dict[int, int] = {}
        self._base_threshold = np.zeros(0, dtype=np.float32)
        self._norms: np.ndarray | None = None
        self._base_norms: tuple[np.float32, np.ndarray] | None = None
        # Score rows computed ahead for a refresh (``scores_kept``); on a large
        # site, each article's candidate columns and its scores against them.
        self._kept: dict[int, np.ndarray] = {}
        self._kept_candidates: dict[int, tuple[np.ndarray, np.ndarray]] | None = None
        # A large site's kept champions, and the dense query rows its
        # candidates are scored with.
        self._champions: candidates.Champions | None = None
        self._query: tuple[np.ndarray, np.ndarray] | None = None
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

    @property
    def pruned(self) -> bool:
        """Whether lists are chosen among candidates (a large site)."""
        return len(self) > candidates.PRUNE_ABOVE

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
            self._delta_rows = Rows.build(
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
            self._base = Rows.build(ids, text, meta)
            self._base_columns, self._champions = None, None
            self._sums, self._recounted = None, []
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
            indices = row_of(self._base.text, row)[0]
        else:
            return
        self._count(indices, -1)
        self.threshold.pop(pk, None)
        del self._column[pk]

    def _fold(self) -> None:
        """Put the changed rows into the large matrices again."""
        alive = np.flatnonzero(self._alive)
        ids = [int(pk) for pk in self._base.ids[alive]]
        text = [row_of(self._base.text, int(row)) for row in alive]
        meta = [row_of(self._base.meta, int(row)) for row in alive]
        for pk, (text_row, meta_row) in self._delta.items():
            ids.append(pk)
            text.append(text_row)
            meta.append(meta_row)
        order = np.argsort(ids, kind="stable")
        ids = [ids[i] for i in order]
        self._base = Rows.build(ids, [text[i] for i in order], [meta[i] for i in order])
        self._base_columns, self._champions = None, None
        self._sums, self._recounted = None, []
        self._alive = np.ones(len(ids), dtype=bool)
        self._base_row = {pk: row for row, pk in enumerate(ids)}
        self._delta = {}
        self._delta_rows = Rows.build([], [], [])
        self._place()

    def _count(self, indices: np.ndarray, change: int) -> None:
        """Add an article's terms to the document frequencies, or take them out."""
        self.df[indices] += change
        self._log_df[indices] = np.log1p(self.df[indices].astype(np.float32))
        self._recounted.append(indices)

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
        self._norms = None

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

    def _idf(self, indices: np.ndarray | int) -> np.ndarray:
        """The inverse document frequencies of these terms."""
        return self._base_idf() - self._log_df[indices]

    def _base_idf(self) -> np.float32:
        """L, the idf of a term no article has: a term's idf is L - log(1 + df)."""
        return np.float32(np.log(1 + len(self._column)) + 1)

    def _weights(self) -> np.ndarray:
        """Every column's TF-IDF norm."""
        if self._recounted:
            self._update_sums()
        if self._norms is None:
            if self._sums is None:
                self._sums = NormSums.of(self._base.text, self._log_df)
                self._summed_log_df = self._log_df.copy()
                self._base_norms = None
            base = self._base_idf()
            # The large matrix's norms change with its sums and the number of
            # articles only: a save that changes neither reuses them.
            if self._base_norms is None or self._base_norms[0] != base:
                self._base_norms = (base, self._sums.norms(base))
            delta = NormSums.of(self._delta_rows.text, self._log_df)
            self._norms = np.concatenate([self._base_norms[1], delta.norms(base)])
        return self._norms

    def _update_sums(self) -> None:
        """Bring the base rows' sums to the document frequencies counted since."""
        if self._sums is None:
            self._recounted = []
            return
        terms = np.unique(np.concatenate(self._recounted))
        self._recounted = []
        terms = terms[self._summed_log_df[terms] != self._log_df[terms]]
        if not len(terms):
            return
        self._sums.recount(
            self._columns()[0][:, terms],
            self._summed_log_df[terms],
            self._log_df[terms],
        )
        self._summed_log_df[terms] = self._log_df[terms]
        self._norms, self._base_norms = None, None

    def _vectors(self, article_ids: list[int]) -> tuple[sparse.csr_matrix, ...]:
        text, meta = [], []
        for pk in article_ids:
            if pk in self._delta:
                text_row, meta_row = self._delta[pk]
            else:
                row = self._base_row[pk]
                text_row, meta_row = (
                    row_of(self._base.text, row),
                    row_of(self._base.meta, row),
                )
            text.append(text_row)
            meta.append(meta_row)
        return csr_rows(text, N_FEATURES), csr_rows(meta, META_WIDTH)

    def _as_query(self, text: sparse.csr_matrix) -> np.ndarray:
        """Rows' term frequencies weighted to be scored: by the idf twice and
        ``WEIGHT_TEXT``, divided by their own norm. The columns they meet hold
        bare term frequencies, divided by their norms afterwards."""
        idf = self._idf(text.indices)
        own = NormSums.of(text, self._log_df).norms(self._base_idf())
        scale = np.repeat(
            self.weights[0] / np.maximum(own, 1e-12), np.diff(text.indptr)
        )
        return (text.data * (idf * idf) * scale).astype(np.float32)

    @contextmanager
    def scores_kept(self, article_ids: Iterable[int]) -> Iterator[None]:
        """Keep the scores of these articles while the block runs.

        A refresh scores the changed articles to find the lists they may enter,
        then recomputes those lists and the ones they are in: scored in one
        block ahead, each is scored once, and the passes over every article's
        row are one instead of two. The index must not change meanwhile.
        """
        if self.pruned:
            # Each article against its own candidates, once.
            self._kept_candidates = {}
            try:
                yield
            finally:
                self._kept_candidates = None
            return
        ids = sorted(pk for pk in set(article_ids) if pk in self._column)
        if len(ids) > scoring.SCORE_ROWS:
            yield
            return
        self._kept = dict(zip(ids, self._scores(ids), strict=True)) if ids else {}
        try:
            yield
        finally:
            self._kept = {}

    def scores(self, article_ids: list[int]) -> np.ndarray:
        """Scores of these articles against every column (masked columns score 0)."""
        missing = [pk for pk in article_ids if pk not in self._kept]
        if len(missing) == len(article_ids):
            return self._scores(article_ids)
        rows = dict(self._kept)
        if missing:
            rows.update(zip(missing, self._scores(missing), strict=True))
        return np.stack([rows[pk] for pk in article_ids])

    def _scores(self, article_ids: list[int]) -> np.ndarray:
        norms = self._weights()
        text, meta = self._vectors(article_ids)
        text.data = self._as_query(text)
        base = len(self._base.ids)
        text_columns, meta_columns = self._columns()
        parts = [np.zeros((len(article_ids), 0), dtype=np.float32)]
        if base:
            parts.append(
                product(text, text_columns) / np.maximum(norms[:base], 1e-12)
                + product(meta, meta_columns)
            )
        if len(self._delta_rows.ids):
            parts.append(
                product_rows(text, self._delta_rows.text)
                / np.maximum(norms[base:], 1e-12)
                + product_rows(meta, self._delta_rows.meta)
            )
        total = np.round(np.concatenate(parts, axis=1), DECIMALS)
        total[:, ~self._valid] = 0
        return total

    def lists(
        self, article_ids: Iterable[int], *, every: bool = False
    ) -> Iterator[tuple[list[int], list[list[Entry]]]]:
        """The wanted list of each article, a chunk at a time: (ids, lists).

        Above ``PRUNE_ABOVE`` articles, each is scored against its candidates
        only (``articles.related.candidates``): those of the whole site at once
        when ``every`` list is recomputed, otherwise each article's own.
        Each list's entry threshold is updated too: the caller stores the lists.
        """
        wanted = [pk for pk in article_ids if pk in self._column]
        if not self.pruned:
            chunks = self._exact_lists(wanted)
        elif every:
            chunks = self._pruned_lists(wanted)
        else:
            chunks = self._candidate_lists(wanted)
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
        found, text = self.candidates()
        meta = self._base.meta
        wanted_rows = np.fromiter(
            (self._column[pk] for pk in wanted), dtype=np.int64, count=len(wanted)
        )
        ranked = found.order()
        in_order = ranked[np.isin(ranked, wanted_rows)]
        for start in range(0, len(in_order), scoring.SCORE_ROWS):
            block = in_order[start : start + scoring.SCORE_ROWS]
            ids = [int(pk) for pk in self._order[block]]
            picks = _picks(ids)
            picked = [
                (i, self._column[target])
                for i, pk in enumerate(ids)
                for target in picks[pk]
                if target in self._column
            ]
            rows, columns = zip(*picked, strict=True) if picked else ((), ())
            pattern = (
                found.of(block)
                + sparse.csr_matrix(
                    (np.ones(len(rows), np.float32), (rows, columns)),
                    shape=(len(block), len(self._order)),
                )
            ).tocsr()
            pattern.sort_indices()
            union = np.unique(pattern.indices)
            # Text, then tags and category, as ``scores`` adds them.
            scores = product_rows(text[block], text[union])
            scores += product_rows(meta[block], meta[union])
            np.round(scores, DECIMALS, out=scores)
            lists = []
            for i, pk in enumerate(ids):
                columns = pattern.indices[pattern.indptr[i] : pattern.indptr[i + 1]]
                row = scores[i, np.searchsorted(union, columns)]
                lists.append(self._list(pk, columns, row, picks[pk]))
            yield ids, lists

    def _candidate_lists(
        self, wanted: list[int]
    ) -> Iterator[tuple[list[int], list[list[Entry]]]]:
        """Lists from the scores against each article's own candidates (a save)."""
        for start in range(0, len(wanted), scoring.SCORE_ROWS):
            ids = wanted[start : start + scoring.SCORE_ROWS]
            picks = _picks(ids)
            lists = []
            for pk in ids:
                columns, scores = self._candidate_scores(pk)
                # Picks are scored too, candidates or not.
                picked = [self._column[t] for t in picks[pk] if t in self._column]
                extra = np.setdiff1d(picked, columns)
                if len(extra):
                    columns = np.concatenate([columns, extra])
                    scores = np.concatenate([scores, self._scores_at(pk, extra)])
                    order = np.argsort(columns)
                    columns, scores = columns[order], scores[order]
                lists.append(self._list(pk, columns, scores, picks[pk]))
            yield ids, lists

    def _candidate_scores(self, pk: int) -> tuple[np.ndarray, np.ndarray]:
        """``pk``'s candidate columns and its scores against them (kept in a
        ``scores_kept`` block)."""
        kept = self._kept_candidates
        if kept is not None and pk in kept:
            return kept[pk]
        rows = self._vectors([pk])
        columns = self._candidates_of(pk, rows)
        found = (columns, self._scores_at(pk, columns, rows))
        if kept is not None:
            kept[pk] = found
        return found

    def _candidates_of(
        self, pk: int, rows: tuple[sparse.csr_matrix, sparse.csr_matrix]
    ) -> np.ndarray:
        """The columns ``pk`` (its ``rows``) is scored against, chosen as
        ``Candidates`` chooses them: its heaviest terms' champions, the
        articles of its rare tags and categories, itself."""
        text, meta = rows
        norms = self._weights()
        base = len(self._base.ids)
        weights = self._weigh(
            text.data, self._idf(text.indices), norms[self._column[pk]]
        )
        top = text.indices[np.lexsort((text.indices, -weights))[: candidates.TOP_TERMS]]
        if self._champions is None:
            self._champions = candidates.Champions(self._holders)
        delta = self._delta_rows
        found = [np.asarray([self._column[pk]])]
        for term in top.tolist():
            champions, floor = self._champions.of(term)
            found.append(champions)
            # Changed rows holding the term, which weigh more than the last champion.
            changed, at = _holding(delta.text, term)
            if len(at):
                weight = self._weigh(
                    delta.text.data[at], self._idf(term), norms[base + changed]
                )
                found.append(base + changed[weight > floor])
        by_column = self._columns()[1]
        dead = base - (len(self._column) - len(self._delta))
        for column in meta.indices.tolist():
            start, end = by_column.indptr[column], by_column.indptr[column + 1]
            if end - start - dead > candidates.CHAMPIONS:
                continue
            holders = by_column.indices[start:end]
            holders = holders[self._alive[holders]]
            changed = base + _holding(delta.meta, column)[0]
            if len(holders) + len(changed) <= candidates.CHAMPIONS:
                found += [holders, changed]
        columns = np.unique(np.concatenate(found))
        return columns[self._valid[columns]]

    def _holders(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """The large matrix's rows holding ``term``, and its weight in each."""
        by_column = self._columns()[0]
        start, end = by_column.indptr[term], by_column.indptr[term + 1]
        rows = by_column.indices[start:end]
        weights = self._weigh(
            by_column.data[start:end], self._idf(term), self._weights()[rows]
        )
        return rows, weights

    def _scores_at(
        self,
        pk: int,
        columns: np.ndarray,
        rows: tuple[sparse.csr_matrix, sparse.csr_matrix] | None = None,
    ) -> np.ndarray:
        """``pk``'s scores against these sorted columns only, as ``scores`` gives
        them (``rows``: its own, if at hand)."""
        norms = self._weights()
        text, meta = rows if rows is not None else self._vectors([pk])
        if self._query is None:
            self._query = (
                np.zeros(N_FEATURES, dtype=np.float32),
                np.zeros(META_WIDTH, dtype=np.float32),
            )
        query_text, query_meta = self._query
        query_text[text.indices] = self._as_query(text)
        query_meta[meta.indices] = meta.data
        base = len(self._base.ids)
        parts = [np.zeros(0, dtype=np.float32)]
        try:
            for stored, offset in ((self._base, 0), (self._delta_rows, base)):
                at = columns[(columns >= offset) & (columns < offset + len(stored.ids))]
                if len(at):
                    local = at - offset
                    parts.append(
                        stored.text[local] @ query_text / np.maximum(norms[at], 1e-12)
                        + stored.meta[local] @ query_meta
                    )
        finally:
            query_text[text.indices] = 0
            query_meta[meta.indices] = 0
        return np.round(np.concatenate(parts), DECIMALS).astype(np.float32)

    def _columns(self) -> tuple[sparse.csc_matrix, sparse.csc_matrix]:
        """The large matrices by column, built on first use: recomputing every
        list of a large site scores candidates by row and never needs them."""
        if self._base_columns is None:
            self._base_columns = self._base.columns()
        return self._base_columns

    def _weigh(
        self, values: np.ndarray, idf: np.ndarray, norms: np.ndarray
    ) -> np.ndarray:
        """Term frequencies weighted as ``candidates()`` weighs its rows: by the
        idf and √``WEIGHT_TEXT``, divided by the row's norm."""
        return (
            values
            * idf
            * np.float32(np.sqrt(self.weights[0]))
            / np.maximum(norms, 1e-12)
        ).astype(np.float32)

    def candidates(self) -> tuple[candidates.Candidates, sparse.csr_matrix]:
        """The candidates of every article, and its TF-IDF row weighted by
        ``WEIGHT_TEXT`` and divided by its norm (row ``i``: column ``i``).

        The changed rows are folded into the large matrices first. The rows
        share the stored matrix's indices: only their values are new.
        """
        if self._delta or not self._alive.all():
            self._fold()
        norms = self._weights()
        stored = self._base.text
        rows = np.repeat(
            np.arange(stored.shape[0], dtype=np.int32), np.diff(stored.indptr)
        )
        weighted = self._weigh(stored.data, self._idf(stored.indices), norms[rows])
        del rows
        text = sparse.csr_matrix(
            (weighted, stored.indices, stored.indptr), shape=stored.shape
        )
        return candidates.Candidates(text, self._base.meta), text

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
        if self.pruned:
            # The lists of its own candidates (``articles.related.candidates``).
            entered: set[int] = set()
            for pk in ids:
                columns, scores = self._candidate_scores(pk)
                reach = (scores > 0) & (scores >= self._thresholds[columns])
                entered.update(int(found) for found in self._order[columns[reach]])
            return entered - changed
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


def _holding(matrix: sparse.csr_matrix, column: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows of a small matrix holding ``column``, and where their entries are."""
    at = np.flatnonzero(matrix.indices == column)
    return np.searchsorted(matrix.indptr, at, side="right") - 1, at


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
