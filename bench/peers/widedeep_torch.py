"""PyTorch (CPU) Wide & Deep: the peer of `bun run bench widedeep`, written as a user would.

Reads the arrays bench/widedeep.ts wrote (the same wide bucket ids, deep table rows, sequence rows
and standardised dense values our stage trains on, so both sides see identical inputs) and trains
the same architecture:
  wide   nn.EmbeddingBag(wideBuckets, 1, mode="sum", sparse=True), zeros; PyTorch has no FTRL, so
         Adagrad (lr = FTRL's alpha) on its sparse gradient
  deep   one nn.Embedding(deepRows, E, sparse=True) for every field (each field its own slice of
         rows) and for the sequence (F.embedding_bag, mode="mean", over the non-padding ids), normal
         std 0.01, SparseAdam (lazy Adam); MLP (He-uniform weights, zero biases, ReLU, dropout) with Adam
  logit = wide + deep, BCEWithLogits (mean), mini-batches of `batch`, shuffled each epoch,
  early stopping on validation AUC with `patience`, best epoch restored, test AUC reported.
Throughput is training rows / training seconds of each epoch (validation excluded), the median over
epochs. Threads: as train_torch.py, N goes to torch.set_num_threads and, before torch is imported,
to OPENBLAS_NUM_THREADS / OMP_NUM_THREADS, with OMP_WAIT_POLICY=PASSIVE (see its docstring).

  python3 widedeep_torch.py '{"dir": "/tmp/x", "threads": 2, ...}'   → one JSON line on stdout
With "mode": "throughput" it trains a fresh model for `warmup` untimed then `steps` timed
mini-batches (consecutive batches of a seeded permutation of the training rows) and prints
{"samplesPerSecond"}: the step rate alone, for the benchmark to alternate with ours.
"""
import json
import os
import statistics
import sys
import time

args = json.loads(sys.argv[1])
threads = str(args.get("threads", 2))
os.environ.setdefault("OPENBLAS_NUM_THREADS", threads)
os.environ.setdefault("OMP_NUM_THREADS", threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

torch.set_num_threads(int(threads))
torch.manual_seed(args["seed"])


def load(split):
    m = args["splits"][split]
    d = args["dir"]
    n = m["n"]
    rd = lambda name, dt, w: np.fromfile(f"{d}/{split}.{name}", dtype=dt).reshape(n, w) if w > 0 else np.zeros((n, 0), dt)
    return {
        "n": n,
        "wide": torch.from_numpy(rd("wide", np.int32, args["W"]).astype(np.int64)),
        "deep": torch.from_numpy(rd("deep", np.int32, args["F"]).astype(np.int64)),
        "seq": rd("seq", np.int32, args["L"]),
        "dense": torch.from_numpy(rd("dense", np.float32, args["D"])),
        "label": torch.from_numpy(np.fromfile(f"{d}/{split}.label", dtype=np.float32)),
    }


class WideDeep(torch.nn.Module):
    def __init__(self):
        super().__init__()
        E, Fn, L, D = args["E"], args["F"], args["L"], args["D"]
        self.use_wide = args["useWide"] and args["W"] > 0
        if self.use_wide:
            self.wide = torch.nn.EmbeddingBag(args["wideBuckets"], 1, mode="sum", sparse=True)
            torch.nn.init.zeros_(self.wide.weight)
        self.deep = torch.nn.Embedding(max(1, args["deepRows"]), E, sparse=True)
        torch.nn.init.normal_(self.deep.weight, std=0.01)
        dims = [Fn * E + (E if L > 0 else 0) + D] + args["hidden"] + [1]
        layers = []
        for i in range(len(dims) - 1):
            lin = torch.nn.Linear(dims[i], dims[i + 1])
            torch.nn.init.kaiming_uniform_(lin.weight, nonlinearity="relu")
            torch.nn.init.zeros_(lin.bias)
            layers.append(lin)
            if i < len(dims) - 2:
                layers.append(torch.nn.ReLU())
                if args["dropout"] > 0:
                    layers.append(torch.nn.Dropout(args["dropout"]))
        self.mlp = torch.nn.Sequential(*layers)

    def forward(self, x, s, e):
        B = e - s
        parts = []
        if args["F"] > 0:
            parts.append(self.deep(x["deep"][s:e]).reshape(B, -1))
        if args["L"] > 0:
            seq = x["seq"][s:e]
            mask = seq >= 0
            ids = torch.from_numpy(seq[mask].astype(np.int64))
            offsets = torch.from_numpy(np.concatenate([[0], np.cumsum(mask.sum(1))[:-1]]).astype(np.int64))
            parts.append(F.embedding_bag(ids, self.deep.weight, offsets, mode="mean", sparse=True))
        if args["D"] > 0:
            parts.append(x["dense"][s:e])
        logit = self.mlp(torch.cat(parts, 1) if len(parts) > 1 else parts[0])
        if self.use_wide:
            logit = logit + self.wide(x["wide"][s:e])
        return logit.squeeze(1)


def predict(model, x):
    model.eval()
    out = []
    with torch.no_grad():
        for s in range(0, x["n"], 4096):
            out.append(torch.sigmoid(model(x, s, min(x["n"], s + 4096))))
    model.train()
    return torch.cat(out).numpy()


def optimisers(model):
    opts = [torch.optim.SparseAdam([model.deep.weight], lr=args["lr"]), torch.optim.Adam(list(model.mlp.parameters()), lr=args["lr"])]
    if model.use_wide:
        opts.append(torch.optim.Adagrad([model.wide.weight], lr=args["ftrlAlpha"]))
    return opts


def step(model, opts, loss_fn, x, s, e):
    for o in opts:
        o.zero_grad()
    loss = loss_fn(model(x, s, e), x["label"][s:e])
    loss.backward()
    for o in opts:
        o.step()
    return loss.item()


def shuffled(train, rng):
    perm = torch.from_numpy(rng.permutation(train["n"]))
    return {k: (v[perm] if torch.is_tensor(v) else v[perm.numpy()] if isinstance(v, np.ndarray) else v) for k, v in train.items()}


def throughput():
    train = load("train")
    model = WideDeep()
    opts, loss_fn = optimisers(model), torch.nn.BCEWithLogitsLoss()
    x = shuffled(train, np.random.default_rng(args["seed"]))
    B = args["batch"]
    batches = [(s, min(x["n"], s + B)) for s in range(0, x["n"], B)]
    for s, e in batches[: args["warmup"]]:
        step(model, opts, loss_fn, x, s, e)
    timed = batches[args["warmup"] : args["warmup"] + args["steps"]]
    t0 = time.perf_counter()
    for s, e in timed:
        step(model, opts, loss_fn, x, s, e)
    secs = time.perf_counter() - t0
    print(json.dumps({"samplesPerSecond": sum(e - s for s, e in timed) / secs}))


def main():
    if args.get("mode") == "throughput":
        return throughput()
    train, valid, test = load("train"), load("valid"), load("test")
    model = WideDeep()
    opts = optimisers(model)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    rng = np.random.default_rng(args["seed"])
    best, best_epoch, best_state, rates, epochs = -1.0, 0, None, [], []
    B = args["batch"]
    for epoch in range(1, args["epochs"] + 1):
        if args["patience"] > 0 and best_epoch > 0 and epoch - 1 - best_epoch >= args["patience"]:
            break
        x = shuffled(train, rng)
        t0 = time.perf_counter()
        total = 0.0
        for s in range(0, x["n"], B):
            e = min(x["n"], s + B)
            total += step(model, opts, loss_fn, x, s, e) * (e - s)
        secs = time.perf_counter() - t0
        rates.append(x["n"] / secs)
        auc = roc_auc_score(valid["label"].numpy(), predict(model, valid)) if valid["n"] > 0 else float("nan")
        epochs.append({"epoch": epoch, "loss": total / x["n"], "valid": auc, "seconds": secs})
        if auc > best:
            best, best_epoch = auc, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    if best_state is not None:
        model.load_state_dict(best_state)
    test_auc = roc_auc_score(test["label"].numpy(), predict(model, test))
    print(json.dumps({"testAuc": test_auc, "bestEpoch": best_epoch, "samplesPerSecond": statistics.median(rates), "epochs": epochs, "torch": torch.__version__}))


main()
