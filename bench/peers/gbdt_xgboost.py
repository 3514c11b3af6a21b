"""XGBoost `hist` (Debian's python3-xgboost): the peer of `bun run bench gbdt`, one process per
measurement so its peak RSS is its own. Loads the float32 files bench/lib/gbdt-data.ts wrote
(column-major, NaN = missing), trains with tree_method=hist, grow_policy=lossguide, max_leaves,
max_depth=0 (unlimited, as ours with maxDepth -1), eta, max_bin, reg_lambda, min_child_weight,
nthread, for the same number of rounds as ours (no early stopping); training time includes
DMatrix construction (its quantile sketch is the counterpart of our binning). Scoring is
`inplace_predict` on a float32 array of predict_rows rows. Prints one JSON line.

  /usr/bin/python3 gbdt_xgboost.py '{"dir": "...", "rounds": 100, "leaves": 31, ...}'
"""
import json
import resource
import sys
import time

import numpy as np
import xgboost as xgb
from sklearn.metrics import roc_auc_score

a = json.loads(sys.argv[1])
meta = json.load(open(f"{a['dir']}/meta.json"))
F = len(meta["features"])


def load(split):
    n = meta["splits"][split]["n"]
    x = np.ascontiguousarray(np.fromfile(f"{a['dir']}/{split}.x", dtype=np.float32).reshape(F, n).T)
    y = np.fromfile(f"{a['dir']}/{split}.y", dtype=np.float32)
    return x, y


xtr, ytr = load("train")
xte, yte = load("test")
params = {
    "tree_method": "hist", "grow_policy": "lossguide", "max_leaves": a["leaves"], "max_depth": 0,
    "eta": a["lr"], "max_bin": a["max_bin"], "reg_lambda": a["lambda_l2"], "min_child_weight": a["min_child_weight"],
    "nthread": a["threads"], "objective": "binary:logistic", "seed": 1,
}
t0 = time.perf_counter()
dtrain = xgb.DMatrix(xtr, label=ytr, nthread=a["threads"])
booster = xgb.train(params, dtrain, num_boost_round=a["rounds"])
train_ms = (time.perf_counter() - t0) * 1e3
rows = a.get("predict_rows") or len(yte)
xp = np.ascontiguousarray(np.resize(xte, (rows, F)))
t1 = time.perf_counter()
booster.inplace_predict(xp)
predict_ms = (time.perf_counter() - t1) * 1e3
auc = roc_auc_score(yte, booster.inplace_predict(xte))


def peak_rss_mib():
    # VmHWM, not ru_maxrss: ru_maxrss survives execve, so it would report the bench parent's peak.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


print(json.dumps({"trainMs": train_ms, "predictMs": predict_ms, "auc": float(auc), "trees": a["rounds"],
                  "maxRssMiB": peak_rss_mib(), "version": xgb.__version__}))
