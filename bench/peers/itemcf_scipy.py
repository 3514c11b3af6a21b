"""ItemCF with scipy.sparse, the way a Python user would write it: C = X^T diag(r) X with
MetaSpore's activity weighting (r_u = 1/|I_u|, i.e. w_u = 1/sqrt|I_u| squared), cosine
normalisation by sqrt(diag C), then each item's top 20 by score (ties by lower item id).

    python3 bench/peers/itemcf_scipy.py <data folder> <output.bin> [neighbours]
"""
import sys

import numpy as np
import scipy.sparse as sp

from recall_common import load, report, start_clock, top_n_rows, user_item_matrix


def main():
    folder, out_path = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    user, item, _ = load(folder)
    clock = start_clock()
    x, items = user_item_matrix(user, item)
    r = 1.0 / np.asarray(x.getnnz(axis=1), dtype=np.float32)
    c = (x.T @ sp.diags(r) @ x).tocsr()
    norm = np.sqrt(c.diagonal())
    # Normalise the stored entries in place (pairs that never co-occur stay absent), then select
    # in blocks of rows so the dense scratch stays bounded.
    rows = np.repeat(np.arange(c.shape[0]), np.diff(c.indptr))
    c.data /= norm[rows] * norm[c.indices]
    ids = np.empty((len(items), n), dtype=np.int32)
    block = max(1, 2**26 // max(1, len(items)))
    for start in range(0, len(items), block):
        dense = c[start : start + block].toarray()
        ids[start : start + block] = top_n_rows(dense, n, start)
    report(out_path, items, ids, clock)


if __name__ == "__main__":
    main()
