"""The TF-IDF norms of the related index's rows, kept as sums that a changed
document frequency moves only in the rows holding that word.

Every save changes some word's document frequency and so every idf: computing
each row's norm again made a save's cost grow with the site.
"""

import numpy as np
from scipy import sparse


class NormSums:
    """Per row, the sums that give its TF-IDF norm for any idf = L - log_df.

    With s = tf² and a = log_df of each term of the row, the squared norm is
    Σ s (L - a)² = L² Σ s - 2 L Σ s a + Σ s a². L changes with the number of
    articles and costs nothing; a term's changed log_df moves the last two
    sums of the rows that hold it only. Kept in float64, so that sums updated
    many times give the norms summing afresh gives.
    """

    # Rows summed at a time: the float64 products of a block of rows only.
    BLOCK = 4096
    # Up to this many entries (a few rows: queries, changed articles), the
    # log_df of each entry is looked up rather than a whole copy made.
    FEW = 65536

    def __init__(self, size: int) -> None:
        self.s: np.ndarray = np.zeros(size)
        self.sa: np.ndarray = np.zeros(size)
        self.saa: np.ndarray = np.zeros(size)

    @classmethod
    def of(cls, text: sparse.csr_matrix, log_df: np.ndarray) -> "NormSums":
        """The sums of each row of ``text`` (a term's value: its sublinear tf)."""
        sums = cls(text.shape[0])
        if text.nnz <= cls.FEW:
            rows = np.repeat(np.arange(text.shape[0]), np.diff(text.indptr))
            s = np.square(text.data, dtype=np.float64)
            sa = s * log_df[text.indices]
            sa_a = sa * log_df[text.indices]
            size = text.shape[0]
            sums.s = np.bincount(rows, s, minlength=size)
            sums.sa = np.bincount(rows, sa, minlength=size)
            sums.saa = np.bincount(rows, sa_a, minlength=size)
            return sums
        # Many rows: products with the whole log_df, a block of rows at a time.
        a = log_df.astype(np.float64)
        aa = a * a
        indptr = text.indptr
        for start in range(0, text.shape[0], cls.BLOCK):
            end = min(start + cls.BLOCK, text.shape[0])
            entries = slice(indptr[start], indptr[end])
            block = sparse.csr_matrix(
                (
                    np.square(text.data[entries], dtype=np.float64),
                    text.indices[entries],
                    indptr[start : end + 1] - indptr[start],
                ),
                shape=(end - start, text.shape[1]),
            )
            sums.s[start:end] = np.asarray(block.sum(axis=1)).ravel()
            sums.sa[start:end] = block @ a
            sums.saa[start:end] = block @ aa
        return sums

    def recount(
        self, columns: sparse.csc_matrix, before: np.ndarray, after: np.ndarray
    ) -> None:
        """Move the sums of the rows holding these term ``columns`` from their
        ``before`` log_df to ``after``."""
        before, after = before.astype(np.float64), after.astype(np.float64)
        squares = sparse.csc_matrix(
            (
                np.square(columns.data, dtype=np.float64),
                columns.indices,
                columns.indptr,
            ),
            shape=columns.shape,
        )
        self.sa += squares @ (after - before)
        self.saa += squares @ (after * after - before * before)

    def norms(self, idf_base: np.float32) -> np.ndarray:
        base = float(idf_base)
        squared = base * base * self.s - 2 * base * self.sa + self.saa
        return np.sqrt(np.maximum(squared, 0)).astype(np.float32)
