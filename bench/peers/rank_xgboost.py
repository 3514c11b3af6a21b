"""Peer of rank.gbdt in the ranking funnel (bench/rank-funnel.ts): XGBoost rank:ndcg trained on the
same candidates.train (every feature column) and scoring the same candidates.test, top-10 per user
against split.test with RecBole's Recall/NDCG@10. Its options are fixed here, not searched.
Also scores Swing's own rank the same way, which must reproduce eval.swing (a check of this code).

    /usr/bin/python3 bench/peers/rank_xgboost.py DIR   # DIR holds candidates.train.csv, candidates.test.csv, split.test.csv
Prints one JSON line."""
import json
import sys

import numpy as np
import xgboost as xgb

OPTIONS = dict(objective="rank:ndcg", eta=0.05, max_depth=6, min_child_weight=10, subsample=0.8, colsample_bytree=0.8, nthread=2, seed=0, tree_method="hist")
ROUNDS = 200


def load(path):
    header = open(path).readline().strip().split(",")
    return {n: i for i, n in enumerate(header)}, np.genfromtxt(path, delimiter=",", skip_header=1, ndmin=2)


def user_runs(a):
    u = a[:, 0]
    start = np.flatnonzero(np.r_[True, u[1:] != u[:-1]])
    return start, np.r_[start[1:], len(u)]


def top10_metrics(cands, score, truth):
    recall, ndcg = [], []
    for a, z in zip(*user_runs(cands)):
        u = int(cands[a, 0])
        if u not in truth:
            continue
        order = np.lexsort((cands[a:z, 1], -score[a:z]))[:10]
        hits = np.array([int(cands[a + k, 1]) in truth[u] for k in order], dtype=float)
        n = len(truth[u])
        recall.append(hits.sum() / n)
        ndcg.append((hits / np.log2(np.arange(2, len(hits) + 2))).sum() / (1 / np.log2(np.arange(2, min(n, 10) + 2))).sum())
    return {"recall@10": float(np.mean(recall)), "ndcg@10": float(np.mean(ndcg)), "users": len(recall)}


def main(folder):
    cols, train = load(f"{folder}/candidates.train.csv")
    _, test = load(f"{folder}/candidates.test.csv")
    _, held = load(f"{folder}/split.test.csv")
    truth = {}
    for u, i in held[:, :2].astype(int):
        truth.setdefault(u, set()).add(i)
    features = [cols[n] for n in cols if n not in ("user", "item", "label", "group")]
    start, end = user_runs(train)
    d = xgb.DMatrix(train[:, features], label=train[:, cols["label"]], missing=np.nan)
    d.set_group(end - start)
    booster = xgb.train(OPTIONS, d, ROUNDS)
    score = booster.predict(xgb.DMatrix(test[:, features], missing=np.nan))
    swing = -np.nan_to_num(test[:, cols["swing_rank"]], nan=1e9)
    print(json.dumps({"xgboost": top10_metrics(test, score, truth), "swing_rank": top10_metrics(test, swing, truth), "options": OPTIONS, "rounds": ROUNDS}))


if __name__ == "__main__":
    main(sys.argv[1])
