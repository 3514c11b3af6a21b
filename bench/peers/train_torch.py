"""PyTorch (CPU) training steps, written as a user would write them: the peer of `bun run bench train`.

Cases (each "step" is one optimiser step, or one gather / scatter call for the embedding cases):
  mlp               MLP 512→256→128→1 (ReLU between), batch 4,096, BCEWithLogits on a planted
                    linear label, Adam lr 1e-3.                                  samples/s
  twotower          user and item nn.Embedding 100,000×64 (dense gradients, plain Adam: the default
                    a user writes), towers 64→128→64, batch 4,096 (user, item) pairs drawn uniformly,
                    in-batch softmax cross-entropy over the 4,096×4,096 logits u·iᵀ (temperature 1),
                    Adam lr 1e-3.                                                samples/s
  twotower-sparse   the same with nn.Embedding(sparse=True) + SparseAdam for the tables (Adam for
                    the towers).                                                 samples/s
  embedding-gather  table 1,000,000×64 f32, 65,536 random ids (the same each call): index_select
                    into a reused output.                                        GB/s
  embedding-scatter the same ids: table.index_add_(0, ids, grad) with a 65,536×64 grad.      GB/s
The embedding cases count ids·dim·4 bytes read plus ids·dim·4 bytes written per call, the bytes
the rows themselves move; index_add_ really also reads the table rows it adds to, so its figure
understates the traffic by a third (ours is counted the same way, so the ratio holds).

Threads: torch.set_num_threads(N) sets ATen's OpenMP pool, but Debian's torch does its matmuls
in the system OpenBLAS (BLAS_INFO=generic, the pthread build), whose own pool ignores that call:
so N is also put in OPENBLAS_NUM_THREADS / OMP_NUM_THREADS before torch is imported. Those two
pools take turns, and libgomp's default spin-wait (about 300,000 spins after each parallel region)
keeps ATen's threads on the cores while OpenBLAS needs them: on 2 cores the MLP step ran 2.5×
slower (and far noisier) than with OMP_WAIT_POLICY=PASSIVE, which pip's torch (one OpenMP pool
for BLAS and ATen) does not need. So the peer defaults to PASSIVE, the stronger peer: it costs
the gather case about 10%. An OMP_WAIT_POLICY in the environment wins over this default.

Two ways to run it:
  python3 train_torch.py '{"cases": ["mlp", ...], "threads": 2, "seed": 1, "warmup": 3, "steps": 10}'
      serves, as every peer does (see _serve.py): prints {"ready": [...]} after set-up, then per
      case name read from stdin runs `warmup` untimed steps then `steps` timed ones and prints
      {"ms": timed ms, "steps", "work" (samples or bytes), "per_s", "unit", "loss"}, so the benchmark can alternate
      its runs with ours one by one. "quick": true shrinks every size (smoke checks).
  python3 train_torch.py mlp|twotower|twotower-sparse|embedding-gather|embedding-scatter|embedding|all
          [--threads 2] [--seed 1] [--repeats 5] [--warmup 3] [--steps 10] [--quick]
      standalone: the median over `repeats` of (warm-up, timed steps), as one JSON object on stdout.
"""
import argparse
import json
import os
import statistics
import sys
import time

from _serve import serve

SIZES = {
    False: {"mlp_batch": 4096, "tt_rows": 100_000, "tt_batch": 4096, "emb_rows": 1_000_000, "emb_ids": 65_536},
    True: {"mlp_batch": 256, "tt_rows": 1_000, "tt_batch": 256, "emb_rows": 10_000, "emb_ids": 1_024},
}
CASES = ["mlp", "twotower", "twotower-sparse", "embedding-gather", "embedding-scatter"]
GROUPS = {"embedding": ["embedding-gather", "embedding-scatter"], "all": CASES}


def import_torch(threads):
    """Imports torch with every thread pool it uses set to `threads` (see the module doc)."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    # As bench/lib/peers.ts does: these may be set to values that slow OpenBLAS down here.
    os.environ.pop("OPENBLAS_CORETYPE", None)
    os.environ.pop("OPENBLAS_L2_SIZE", None)
    import torch

    torch.set_num_threads(threads)
    return torch


def describe(torch):
    """What the figures depend on, reported with them."""
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "omp_wait_policy": os.environ["OMP_WAIT_POLICY"]}


class Case:
    """One benchmark case: `step()` does one unit of work; `per_step` counts it (samples or bytes)."""

    def __init__(self, step, per_step, unit, scale=1.0, loss=None):
        self.step, self.per_step, self.unit, self.scale, self.loss = step, per_step, unit, scale, loss

    def run(self, warmup, steps):
        for _ in range(warmup):
            self.step()
        t0 = time.perf_counter()
        for _ in range(steps):
            self.step()
        ms = (time.perf_counter() - t0) * 1e3
        per_s = self.per_step * steps / (ms / 1e3) * self.scale
        out = {"ms": ms, "steps": steps, "work": self.per_step * steps, "per_s": per_s, "unit": self.unit}
        if self.loss is not None:
            out["loss"] = self.loss()
        return out


def mlp_case(torch, size, gen):
    nn = torch.nn
    batch = size["mlp_batch"]
    model = nn.Sequential(nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    # A few fixed batches, made before timing: the label is a planted linear rule, so loss falls.
    planted = torch.randn(512, generator=gen)
    xs = [torch.randn(batch, 512, generator=gen) for _ in range(4)]
    ys = [(x @ planted > 0).float() for x in xs]
    state = {"i": 0, "loss": None}

    def step():
        i = state["i"] = (state["i"] + 1) % len(xs)
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xs[i]).squeeze(1), ys[i])
        loss.backward()
        opt.step()
        state["loss"] = loss

    return Case(step, batch, "samples/s", loss=lambda: state["loss"].item())


def twotower_case(torch, size, gen, sparse):
    nn = torch.nn
    rows, batch = size["tt_rows"], size["tt_batch"]

    def tower():
        return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64))

    users, items = nn.Embedding(rows, 64, sparse=sparse), nn.Embedding(rows, 64, sparse=sparse)
    user_tower, item_tower = tower(), tower()
    dense = [*user_tower.parameters(), *item_tower.parameters()]
    if sparse:
        opts = [torch.optim.SparseAdam([*users.parameters(), *items.parameters()], lr=1e-3), torch.optim.Adam(dense, lr=1e-3)]
    else:
        opts = [torch.optim.Adam([*users.parameters(), *items.parameters(), *dense], lr=1e-3)]
    labels = torch.arange(batch)
    pairs = [(torch.randint(rows, (batch,), generator=gen), torch.randint(rows, (batch,), generator=gen)) for _ in range(4)]
    state = {"i": 0, "loss": None}

    def step():
        i = state["i"] = (state["i"] + 1) % len(pairs)
        uid, iid = pairs[i]
        for o in opts:
            o.zero_grad(set_to_none=True)
        u, v = user_tower(users(uid)), item_tower(items(iid))
        loss = nn.functional.cross_entropy(u @ v.T, labels)  # temperature 1: the raw dot products
        loss.backward()
        for o in opts:
            o.step()
        state["loss"] = loss

    return Case(step, batch, "samples/s", loss=lambda: state["loss"].item())


def embedding_case(torch, size, gen, kind):
    rows, n, dim = size["emb_rows"], size["emb_ids"], 64
    table = torch.randn(rows, dim, generator=gen)
    ids = torch.randint(rows, (n,), generator=gen)
    moved = n * dim * 4 * 2  # bytes: ids·dim·4 read + ids·dim·4 written (see the module doc)
    if kind == "gather":
        out = torch.empty(n, dim)
        step = lambda: torch.index_select(table, 0, ids, out=out)  # noqa: E731
    else:
        grad = torch.randn(n, dim, generator=gen) * 1e-3
        step = lambda: table.index_add_(0, ids, grad)  # noqa: E731
    return Case(step, moved, "GB/s", scale=1e-9)


def make_case(torch, name, size, seed):
    torch.manual_seed(seed)  # module initialisers
    gen = torch.Generator().manual_seed(seed)
    if name == "mlp":
        return mlp_case(torch, size, gen)
    if name in ("twotower", "twotower-sparse"):
        return twotower_case(torch, size, gen, sparse=name.endswith("sparse"))
    if name in ("embedding-gather", "embedding-scatter"):
        return embedding_case(torch, size, gen, name.split("-")[1])
    raise ValueError(f"unknown case {name}; expected one of {', '.join(CASES)}")


def serve_mode(args):
    torch = import_torch(int(args.get("threads", 2)))
    size = SIZES[bool(args.get("quick", False))]
    warmup, steps = int(args.get("warmup", 3)), int(args.get("steps", 10))
    names = args.get("cases", CASES)
    try:
        cases = {name: make_case(torch, name, size, int(args.get("seed", 1))) for name in names}
    except ValueError as e:
        print(json.dumps({"error": str(e)}), flush=True)
        return
    # Each case times its own steps, so the warm-up of a repeat is not counted.
    serve({name: (lambda c=c: c.run(warmup, steps)) for name, c in cases.items()}, describe(torch))


def cli_mode(argv):
    p = argparse.ArgumentParser(description="PyTorch CPU training peer (see the module doc).")
    p.add_argument("case", choices=[*CASES, *GROUPS])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--quick", action="store_true")
    a = p.parse_args(argv)
    torch = import_torch(a.threads)
    size = SIZES[a.quick]
    results = {}
    for name in GROUPS.get(a.case, [a.case]):
        case = make_case(torch, name, size, a.seed)
        reps = [case.run(a.warmup, a.steps) for _ in range(a.repeats)]
        ms = [r["ms"] for r in reps]
        results[name] = {
            "median_ms": statistics.median(ms), "per_s": statistics.median(r["per_s"] for r in reps), "unit": reps[0]["unit"],
            "runs_ms": ms, **({"loss": reps[-1]["loss"]} if "loss" in reps[-1] else {}),
        }
        del case
    print(json.dumps({
        "peer": "torch", **describe(torch), "seed": a.seed, "quick": a.quick,
        "repeats": a.repeats, "warmup": a.warmup, "steps": a.steps, "sizes": size, "results": results,
    }))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].lstrip().startswith("{"):
        serve_mode(json.loads(sys.argv[1]))
    else:
        cli_mode(sys.argv[1:])
