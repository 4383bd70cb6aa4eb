"""Candidates for the related lists of a large site: the few articles worth scoring.

Scoring every article against every other grows with the square of the site:
at 100,000 articles that is ten billion pairs per language. Above
``PRUNE_ABOVE`` articles, recomputing every list scores each article against
its candidates only, chosen with champion lists (Manning, Raghavan and
Schütze, *Introduction to Information Retrieval*, section 7.1.3):

- for each term, the ``CHAMPIONS`` articles in which it weighs most (TF-IDF);
  an article's candidates are the champions of its ``TOP_TERMS`` heaviest
  terms;
- every article sharing a tag or a category with it that at most
  ``CHAMPIONS`` articles have (a broad tag or category says little, and is
  still counted in the score of each candidate);
- its editors' picks, which are always scored.

An article has at most ``TOP_TERMS`` x ``CHAMPIONS`` candidates plus its rare
tags' articles, whatever the size of the site, so the work grows linearly.
The candidates are scored exactly; only an article outside them cannot
enter the list.

A save on such a site does the same for the few lists it recomputes
(``Champions``), so that it costs the same at any size: a term's champions
are found when first asked for and kept until the index folds its rows
together again; a changed article meanwhile is a champion when it weighs more
than the last of them. The lists the changed article may now enter are
those of its own candidates; a rebuild may find a few more.
"""

from collections.abc import Callable

import numpy as np
from scipy import sparse

from articles.related.matrices import narrowed

PRUNE_ABOVE = 5000
# On the benchmark corpus at 10,000 articles, 4 x 512 finds 86% of the
# suggestions that scoring every pair finds, as often on topic; 16 x 128 only 16%
# (python -m bench.candidates).
TOP_TERMS = 4
CHAMPIONS = 512


def _top_per_row(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """The ``keep`` largest entries of each row (ties: lowest column), as ones."""
    rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int32), np.diff(matrix.indptr))
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    rank = np.arange(len(order)) - matrix.indptr[rows[order]]
    chosen = np.sort(order[rank < keep])
    return sparse.csr_matrix(
        (np.ones(len(chosen), np.float32), (rows[chosen], matrix.indices[chosen])),
        shape=matrix.shape,
    )


def _rare_columns(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """The entries of ``matrix`` in columns used by at most ``CHAMPIONS`` rows, as ones."""
    used = np.bincount(matrix.indices, minlength=matrix.shape[1])
    rare = used[matrix.indices] <= CHAMPIONS
    rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int32), np.diff(matrix.indptr))
    return sparse.csr_matrix(
        (np.ones(int(rare.sum()), np.float32), (rows[rare], matrix.indices[rare])),
        shape=matrix.shape,
    )


class Candidates:
    """Which articles (rows) each article is scored against.

    ``text`` holds the rows' weighted TF-IDF terms, ``meta`` their weighted tags
    and category lineage, both with one row per article.
    """

    def __init__(self, text: sparse.csr_matrix, meta: sparse.csr_matrix) -> None:
        top = _top_per_row(text, TOP_TERMS)
        rare_meta = _rare_columns(meta)
        # The features that choose candidates, numbered from 0: the terms that
        # are some article's heaviest, then the rare tags and categories.
        terms = np.unique(top.indices)
        tagged = narrowed(rare_meta, np.unique(rare_meta.indices))
        self._features = sparse.hstack([narrowed(top, terms), tagged], format="csr")
        # Features x articles: for a term its champions, for a rare tag or
        # category every article that has it.
        self._holders = sparse.vstack(
            [
                _top_per_row(narrowed(text, terms).T.tocsr(), CHAMPIONS),
                tagged.T.tocsr(),
            ],
            format="csr",
        )
        self._heaviest = np.asarray(text.argmax(axis=1)).ravel()

    def order(self) -> np.ndarray:
        """The rows ordered by their heaviest term, so that rows scored together
        share most of their candidates."""
        return np.lexsort((np.arange(len(self._heaviest)), self._heaviest))

    def of(self, rows: np.ndarray) -> sparse.csr_matrix:
        """Rows x articles, nonzero where the article is a candidate of the row
        (the row itself included)."""
        found = (self._features[rows] @ self._holders).tocsr()
        found.sort_indices()
        return found


class Champions:
    """Per term, its ``CHAMPIONS`` heaviest rows of the large matrix, kept.

    ``holders(term)`` gives the rows holding a term and their weights, as
    ``Candidates`` weighs them; ties go to the lowest row, as there.
    """

    def __init__(self, holders: Callable[[int], tuple[np.ndarray, np.ndarray]]) -> None:
        self._holders = holders
        self._found: dict[int, tuple[np.ndarray, float]] = {}

    def of(self, term: int) -> tuple[np.ndarray, float]:
        """The term's champion rows (sorted), and the weight a row must exceed
        to be one of them (-inf when every holder is)."""
        if term not in self._found:
            rows, weights = self._holders(term)
            if len(rows) > CHAMPIONS:
                last = -np.partition(-weights, CHAMPIONS - 1)[CHAMPIONS - 1]
                above = np.flatnonzero(weights > last)
                # The rows come sorted: the first of those tied with the last.
                tied = np.flatnonzero(weights == last)[: CHAMPIONS - len(above)]
                best = np.sort(rows[np.concatenate([above, tied])])
                self._found[term] = (best, float(last))
            else:
                self._found[term] = (rows, -np.inf)
        return self._found[term]
