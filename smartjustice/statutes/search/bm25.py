"""Okapi BM25 as a sparse term × document weight matrix: scoring a question is one sparse
row-vector product, a few milliseconds over the whole corpus."""
import numpy as np
import scipy.sparse as sparse


class BM25:
    """BM25 weights of a fixed collection of token lists (documents).

    score(terms) returns one float per document: the sum over the query terms present in the
    vocabulary of idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))."""

    def __init__(self, documents: list[list[str]], *, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.vocabulary: dict[str, int] = {}
        indptr, indices, counts = [0], [], []
        for document in documents:
            tf: dict[int, int] = {}
            for token in document:
                term = self.vocabulary.setdefault(token, len(self.vocabulary))
                tf[term] = tf.get(term, 0) + 1
            indices.extend(tf.keys())
            counts.extend(tf.values())
            indptr.append(len(indices))
        size = len(documents)
        matrix = sparse.csr_matrix(
            (np.asarray(counts, dtype=np.float32), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
            shape=(size, max(len(self.vocabulary), 1)),
        )
        document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
        idf = np.log(1 + (size - document_frequency + 0.5) / (document_frequency + 0.5)).astype(np.float32)
        lengths = np.asarray(matrix.sum(axis=1)).ravel()
        average = lengths.mean() if size and lengths.mean() > 0 else 1.0
        coo = matrix.tocoo()
        norm = k1 * (1 - b + b * lengths[coo.row] / average)
        weights = coo.data * (k1 + 1) / (coo.data + norm) * idf[coo.col]
        # Terms as rows: a question selects a few rows and sums them.
        self.weights = sparse.csr_matrix((weights.astype(np.float32), (coo.col, coo.row)),
                                         shape=(matrix.shape[1], size))
        self.size = size

    def score(self, terms: list[str]) -> np.ndarray:
        rows = [self.vocabulary[term] for term in terms if term in self.vocabulary]
        if not rows:
            return np.zeros(self.size, dtype=np.float32)
        query = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (np.zeros(len(rows), dtype=np.int64), rows)),
                                  shape=(1, self.weights.shape[0]))
        return np.asarray((query @ self.weights).todense()).ravel()
