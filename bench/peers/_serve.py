"""The loop every peer script ends in: after its set-up it prints "ready", then runs one named
case per line read from stdin and prints {"ms": wall time} for it (or, when the case returns a
dict, that dict: a case that times itself, like train_torch.py's). The benchmark alternates
these runs with its own, so both sides see the same load on a shared machine."""
import json
import sys
import time


def serve(cases, ready=None):
    print(json.dumps({"ready": sorted(cases), **(ready or {})}), flush=True)
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        if name not in cases:
            print(json.dumps({"error": f"unknown case {name}"}), flush=True)
            continue
        t0 = time.perf_counter()
        out = cases[name]()
        ms = (time.perf_counter() - t0) * 1e3
        print(json.dumps(out if isinstance(out, dict) else {"ms": ms}), flush=True)
