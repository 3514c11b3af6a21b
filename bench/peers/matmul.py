"""numpy (OpenBLAS) f32 matmul into a reused output: the peer of core-gpu's matmul.

Usage: python3 matmul.py '{"sizes": [[m, k, n], ...]}', then case names "MxKxN" on stdin
(see _serve.py).
"""
import json
import sys

import numpy as np
from _serve import serve


def case(m, k, n, rng):
    a = rng.random((m, k), dtype=np.float32) * 2 - 1
    b = rng.random((k, n), dtype=np.float32) * 2 - 1
    c = np.empty((m, n), dtype=np.float32)
    # Into a reused output, as core-gpu's bench passes `out`: neither side pays page faults.
    return lambda: np.matmul(a, b, out=c)


def main():
    args = json.loads(sys.argv[1])
    rng = np.random.default_rng(1)
    serve({f"{m}x{k}x{n}": case(m, k, n, rng) for m, k, n in args["sizes"]})


main()
