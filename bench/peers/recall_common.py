"""Shared by the recall peers: the bench's binary inputs, the stage's caps, and the JSON report."""
import json
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp


def load(folder):
    """user, item, timestamp (int32 each) as written by bench/recall.ts."""
    return [np.fromfile(f"{folder}/{name}.bin", dtype=np.int32) for name in ("user", "item", "timestamp")]


def user_item_matrix(user, item, timestamp=None, max_items_per_user=None):
    """Binary users x items CSR over ascending raw ids; optionally each user's latest N distinct
    items (timestamp descending, later rows first on ties), as recall.swing keeps them."""
    users, du = np.unique(user, return_inverse=True)
    items, di = np.unique(item, return_inverse=True)
    if max_items_per_user is not None:
        rows = np.arange(len(user))
        order = np.lexsort((-rows, -timestamp.astype(np.int64), du))
        key = du[order].astype(np.int64) * len(items) + di[order]
        _, first = np.unique(key, return_index=True)
        keep = order[np.sort(first)]  # distinct pairs, still grouped by user, latest first
        ku = du[keep]
        start = np.searchsorted(ku, np.arange(len(users)))
        rank = np.arange(len(keep)) - start[ku]
        keep = keep[rank < max_items_per_user]
        du, di = du[keep], di[keep]
    x = sp.csr_matrix((np.ones(len(du), dtype=np.float32), (du, di)), shape=(len(users), len(items)))
    x.sum_duplicates()
    x.data[:] = 1
    return x, items


def top_n(scores, n, exclude):
    """Top n columns of a dense row by score, ties by lower column; non-positive scores and
    `exclude` never enter. Returns (ids, scores) padded with -1 / -inf."""
    s = scores.astype(np.float64, copy=True)
    s[exclude] = -np.inf
    s[s <= 0] = -np.inf
    k = min(n, len(s))
    cand = np.argpartition(-s, k - 1)[:k] if k < len(s) else np.arange(len(s))
    cand = cand[np.lexsort((cand, -s[cand]))]
    ids = np.full(n, -1, dtype=np.int32)
    out = np.full(n, -np.inf, dtype=np.float32)
    ok = np.isfinite(s[cand])
    ids[: ok.sum()] = cand[ok]
    out[: ok.sum()] = s[cand][ok]
    return ids, out


def top_n_rows(s, n, first_row):
    """Row-wise top_n of a dense block (modified in place) whose row r is item first_row + r."""
    rows = np.arange(s.shape[0])
    s[rows, first_row + rows] = -np.inf
    s[s <= 0] = -np.inf
    k = min(n, s.shape[1])
    part = np.argpartition(-s, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(s, part, axis=1)
    order = np.lexsort((part, -vals), axis=-1)
    part = np.take_along_axis(part, order, axis=1)
    vals = np.take_along_axis(vals, order, axis=1)
    ids = np.where(np.isfinite(vals), part, -1).astype(np.int32)
    if k < n:
        ids = np.pad(ids, ((0, 0), (0, n - k)), constant_values=-1)
    return ids


def start_clock():
    """(wall, cpu) start marks for report()."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), usage.ru_utime + usage.ru_stime


def report(out_path, items, ids, clock):
    """Writes the neighbour lists (raw item ids, -1 padded) and prints wall and CPU seconds and
    peak RSS as JSON."""
    started, started_cpu = clock
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_seconds = usage.ru_utime + usage.ru_stime - started_cpu
    raw = np.where(ids >= 0, items[np.maximum(ids, 0)], -1).astype(np.int32)
    raw.tofile(out_path)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "peakMB": peak_mb}))
    sys.stdout.flush()
