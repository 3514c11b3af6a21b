"""numpy per-row top-K of a dense score matrix (argpartition, then a sort of the K): the peer
of core-gpu's topK.

Usage: python3 topk.py '{"file": ".../scores.f32", "rows": R, "cols": C, "k": 10}', then the
case name "topk" on stdin (see _serve.py).
"""
import json
import sys

import numpy as np
from _serve import serve


def top_k(s, k):
    part = np.argpartition(-s, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(s, part, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(vals, order, axis=1)


def main():
    args = json.loads(sys.argv[1])
    s = np.fromfile(args["file"], dtype=np.float32).reshape(args["rows"], args["cols"])
    serve({"topk": lambda: top_k(s, args["k"])})


main()
