"""Scores between the articles of one language, and the related lists they rank.

Text, tag and category similarity are row-normalised matrices, weighted and summed
a block of rows at a time so that memory stays bounded at any corpus size.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

import numpy as np
from django.conf import settings
from django.db.models import Count, Min, Q
from scipy import sparse
from sklearn.preprocessing import normalize

from articles.models import (
    Article,
    Category,
    RelatedArticle,
    RelatedPick,
)
from articles.related.similarity import tfidf_matrix

WEIGHT_TEXT = 0.6
WEIGHT_TAGS = 0.25
WEIGHT_CATEGORY = 0.15
# Rows of the score matrix computed at once: SCORE_ROWS x articles floats.
SCORE_ROWS = 256


def related_count() -> int:
    """The number of entries a related list holds (setting RELATED_ARTICLES_COUNT)."""
    return int(getattr(settings, "RELATED_ARTICLES_COUNT", 5))


class Corpus:
    """The articles readable in one language, as row-normalised feature matrices."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.size = related_count()
        self.ids: list[int] = []
        self.position: dict[int, int] = {}
        self.id_array = np.zeros(0, dtype=np.int64)
        self.features: list[tuple[float, sparse.csr_matrix, sparse.csc_matrix]] = []

    @classmethod
    def load(cls, language: str) -> "Corpus":
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
        columns: dict[str, int] = {}
        pairs = [
            (row, columns.setdefault(prefix, len(columns)))
            for row, path in enumerate(paths)
            if path
            for prefix in Category.lineage_paths(path)
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
        for start in range(0, len(wanted), SCORE_ROWS):
            ids = wanted[start : start + SCORE_ROWS]
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
        for start in range(0, len(rows), SCORE_ROWS):
            best = np.maximum(
                best, self.scores(rows[start : start + SCORE_ROWS]).max(axis=0)
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
