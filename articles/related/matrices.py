"""The sparse arithmetic of the related scores: article rows as CSR matrices, and
their products with a few query rows, over only the columns those rows use.

A term's column is its hash modulo ``N_FEATURES`` (2^20): indexing the columns of
a matrix that wide allocates arrays as wide, so the products work on the
query's own columns instead.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from articles.related.similarity import N_FEATURES

# Columns of the tag and category matrix (one per tag or category path in use).
META_WIDTH = 2**20


@dataclass
class Rows:
    """Article rows of the two matrices: term frequencies and weighted tags/category."""

    ids: np.ndarray
    text: sparse.csr_matrix
    meta: sparse.csr_matrix

    @classmethod
    def build(cls, ids: list[int], text: list, meta: list) -> "Rows":
        frequencies = csr_rows(text, N_FEATURES)
        return cls(
            np.asarray(ids, dtype=np.int64),
            frequencies,
            csr_rows(meta, META_WIDTH),
        )

    def columns(self) -> tuple[sparse.csc_matrix, sparse.csc_matrix]:
        return self.text.tocsc(), self.meta.tocsc()


def csr_rows(
    rows: list[tuple[np.ndarray, np.ndarray]], width: int
) -> sparse.csr_matrix:
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


def row_of(matrix: sparse.csr_matrix, row: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return matrix.indices[start:end].copy(), matrix.data[start:end].copy()


def dense_query(query: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
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


def product(query: sparse.csr_matrix, by_column: sparse.csc_matrix) -> np.ndarray:
    """``query`` x ``by_column``ᵀ, dense, over only the columns the query uses.

    Nearly every pair shares some feature, so the product is dense: a sparse x
    dense product over those columns is much faster than sparse x sparse, and
    its memory is bounded by the query rows x those columns.
    """
    columns, dense = dense_query(query)
    if not len(columns):
        return np.zeros((query.shape[0], by_column.shape[0]), dtype=np.float32)
    return np.asarray((by_column[:, columns] @ dense.T).T, dtype=np.float32)


def narrowed(matrix: sparse.csr_matrix, columns: np.ndarray) -> sparse.csr_matrix:
    """``matrix``'s entries in ``columns`` (sorted), renumbered from 0 in a matrix
    only that wide."""
    keep = np.isin(matrix.indices, columns)
    kept = np.concatenate([[0], np.cumsum(keep)])
    return sparse.csr_matrix(
        (
            matrix.data[keep],
            np.searchsorted(columns, matrix.indices[keep]),
            kept[matrix.indptr],
        ),
        shape=(matrix.shape[0], len(columns)),
    )


def product_rows(query: sparse.csr_matrix, rows: sparse.csr_matrix) -> np.ndarray:
    """``product`` against a matrix of a few rows (the changed articles, or a
    block's candidates), kept by row and narrowed to the query's columns."""
    columns, dense = dense_query(query)
    return np.asarray((narrowed(rows, columns) @ dense.T).T, dtype=np.float32)
