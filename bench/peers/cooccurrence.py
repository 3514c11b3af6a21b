"""scipy.sparse item co-occurrence XᵀX, then top-N neighbours per item (argpartition + sort),
self pairs and never-co-occurring pairs excluded: the peer of core-gpu's cooccurrenceTopN.

Usage: python3 cooccurrence.py '{"dir": "...", "rows": R, "cols": C, "topN": 20}', then the
case name "cooccurrence" on stdin (see _serve.py). Reads dir/indptr.i32 and dir/indices.i32,
the matrix core-gpu measures.
"""
import json
import os
import sys

import numpy as np
import scipy.sparse as sp
from _serve import serve


def neighbours(x, top_n):
    c = (x.T @ x).toarray()  # dense n×n: fine at ML-1M scale, the scipy user's natural route
    np.fill_diagonal(c, 0)
    part = np.argpartition(-c, top_n - 1, axis=1)[:, :top_n]
    vals = np.take_along_axis(c, part, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    ids = np.take_along_axis(part, order, axis=1)
    scores = np.take_along_axis(vals, order, axis=1)
    ids[scores <= 0] = -1
    return ids, scores


def main():
    args = json.loads(sys.argv[1])
    d = args["dir"]
    indptr = np.fromfile(os.path.join(d, "indptr.i32"), dtype=np.int32)
    indices = np.fromfile(os.path.join(d, "indices.i32"), dtype=np.int32)
    data = np.ones(len(indices), dtype=np.float32)
    x = sp.csr_matrix((data, indices, indptr), shape=(args["rows"], args["cols"]))
    serve({"cooccurrence": lambda: neighbours(x, args["topN"])})


main()
