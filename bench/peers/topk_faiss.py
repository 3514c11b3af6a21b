"""faiss IndexFlatIP top-k for every user: the peer of core-gpu's scoreTopK (bench/twotower-topk.ts).

Usage: python3 topk_faiss.py DIR NU NI DIM K OUT
Reads DIR/users.f32 (NU×DIM) and DIR/items.f32 (NI×DIM), raw little-endian float32, adds the items
to an IndexFlatIP and times one `search(users, K)` after an untimed one of the first 2,048 users, with 2 OpenMP threads (OpenBLAS, which faiss
multiplies with, gets 2 threads too). Writes the ids as int32 to OUT and prints one JSON line:
{"seconds", "cpuSeconds", "peakMB"} (peakMB: this process's RSS high-water mark, inputs included).
"""
import json
import os
import resource
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
import faiss  # noqa: E402
import numpy as np  # noqa: E402


def main():
    d, nu, ni, dim, k, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    faiss.omp_set_num_threads(2)
    users = np.fromfile(os.path.join(d, "users.f32"), dtype=np.float32, count=nu * dim).reshape(nu, dim)
    items = np.fromfile(os.path.join(d, "items.f32"), dtype=np.float32, count=ni * dim).reshape(ni, dim)
    index = faiss.IndexFlatIP(dim)
    index.add(items)
    index.search(users[:2048], k)  # untimed warm-up (thread pools), as the bench's side does
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    _, ids = index.search(users, k)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    ids.astype(np.int32).tofile(out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "peakMB": peak}), flush=True)


main()
