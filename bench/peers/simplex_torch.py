"""SimpleX (Mao et al., CIKM 2021) in PyTorch on the CPU, as RecBole's SimpleX builds it: the peer
of @shortlist/plugin-twotower's SimpleX for bench/twotower.ts (epoch time) and
bench/twotower-accuracy.ts (ML-100K recall@10 / NDCG@10).

Model (RecBole recbole/model/general_recommender/simplex.py, aggregator "mean"):
  u   = user_emb[user]                                   (n_users × d)
  h   = mean of item_emb over the user's history (at most `history` items, padded with a zero row
        that gets no gradient; the mean divides by the true length + 1e-10)
  z   = gamma · u + (1 − gamma) · W h                    (W: d × d linear, no bias)
  z   = dropout(z)  (training only)
  cos = cosine(z, item_emb[i]) for the positive and `negatives` uniform negatives (a draw the
        user has in training is redrawn, up to 8 draws, as RecBole's sampler avoids them);
        negatives 0 = every item the user has not seen (recall.simplex's full-catalogue mode,
        mean over those items; 100 sampled when batch × items > 32 Mi, as ours falls back)
  loss = mean( relu(1 − cos_pos) + negWeight · mean_j relu(cos_neg_j − margin) )
         + reg · (‖u‖ + ‖e_pos‖ + ‖e_hist‖ + ‖e_neg‖) / batch          (RecBole's EmbLoss)
Xavier-normal init, Adam. Full ranking scores every item by cos(z, item) (no dropout).

The benchmark writes the inputs as raw little-endian int32 files in DIR (dense ids): pos_user.i32,
pos_item.i32 (training pairs), hist.i32 (n_users × history, padded with n_items), hist_len.i32.

Usage:
  python3 simplex_torch.py '{"mode": "epoch", "dir": D, "users": U, "items": I, ...options}'
      then the case "epoch" on stdin (see _serve.py): one timed pass of `steps` batches (0: a whole
      epoch: every training pair once, shuffled), replying {ms, steps, samples, loss, per_s}.
  python3 simplex_torch.py '{"mode": "accuracy", "dir": D, ...options, "epochs": E, "patience": P, "k": K}'
      also reads valid_user.i32/valid_item.i32 and test_user.i32 (users to rank); trains, keeping
      the epoch with the best validation NDCG@10 (train items excluded), then writes the top-K of
      every test user (train and valid items excluded) to DIR/peer_recs.i32 (one row of K dense
      ids per entry of test_user.i32) and prints one JSON line with the validation curve.
Options: dim, negatives, batch (positives per step), history, gamma, margin, negWeight, dropout,
reg, lr, threads, seed.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
from _serve import serve  # noqa: E402


def read_i32(d, name):
    return np.fromfile(os.path.join(d, name), dtype=np.int32)


class SimpleX(nn.Module):
    def __init__(self, n_users, n_items, o):
        super().__init__()
        d = o["dim"]
        self.n_items = n_items
        self.user_emb = nn.Embedding(n_users, d)
        self.item_emb = nn.Embedding(n_items + 1, d, padding_idx=n_items)  # row n_items: history padding
        self.W = nn.Linear(d, d, bias=False)
        for w in (self.user_emb.weight, self.item_emb.weight, self.W.weight):
            nn.init.xavier_normal_(w)
        with torch.no_grad():
            self.item_emb.weight[n_items].zero_()
        self.gamma, self.margin, self.neg_weight = o["gamma"], o["margin"], o["negWeight"]
        self.reg = o["reg"]
        self.dropout = nn.Dropout(o["dropout"])

    def aggregate(self, ue, he, hlen):
        mean = he.sum(1) / (hlen.to(he.dtype) + 1e-10).unsqueeze(1)
        return self.gamma * ue + (1 - self.gamma) * self.W(mean)

    def loss(self, users, pos, negs, hist, hlen, unseen=None):
        """negs [B, N] sampled negatives, or None with `unseen` [B, items] (1 where the user has
        not seen the item): then every unseen item is a negative, averaged over them."""
        ue = self.user_emb(users)
        he = self.item_emb(hist)
        pe = self.item_emb(pos)
        z = F.normalize(self.dropout(self.aggregate(ue, he, hlen)), dim=1)
        pos_cos = (z * F.normalize(pe, dim=1)).sum(1)
        if negs is None:
            cos = z @ F.normalize(self.item_emb.weight[: self.n_items], dim=1).T
            neg = (torch.relu(cos - self.margin) * unseen).sum(1) / unseen.sum(1).clamp(min=1)
            norms = ue.norm() + pe.norm() + he.norm()
        else:
            ne = self.item_emb(negs)
            neg_cos = torch.bmm(F.normalize(ne, dim=2), z.unsqueeze(2)).squeeze(2)
            neg = torch.relu(neg_cos - self.margin).mean(1)
            norms = ue.norm() + pe.norm() + he.norm() + ne.norm()
        ccl = (torch.relu(1 - pos_cos) + neg * self.neg_weight).mean()
        if self.reg == 0:
            return ccl
        return ccl + self.reg * norms / users.shape[0]

    @torch.no_grad()
    def user_vectors(self, hist, hlen):
        users = torch.arange(hist.shape[0])
        return F.normalize(self.aggregate(self.user_emb(users), self.item_emb(hist), hlen), dim=1)

    @torch.no_grad()
    def item_vectors(self):
        return F.normalize(self.item_emb.weight[: self.n_items], dim=1)


class Trainer:
    """The training data, model and Adam; `run(steps)` trains that many batches of a shuffled pass."""

    def __init__(self, a):
        torch.set_num_threads(a.get("threads", 2))
        torch.manual_seed(a.get("seed", 1))
        d = a["dir"]
        self.a = a
        self.user = torch.from_numpy(read_i32(d, "pos_user.i32").astype(np.int64))
        self.item = torch.from_numpy(read_i32(d, "pos_item.i32").astype(np.int64))
        self.hist = torch.from_numpy(read_i32(d, "hist.i32").astype(np.int64)).view(a["users"], a["history"])
        self.hlen = torch.from_numpy(read_i32(d, "hist_len.i32").astype(np.int64))
        # Negatives avoid the user's training items as RecBole's uniform sampler does (and as ours
        # does: a seen draw is redrawn, at most 8 draws in all).
        # seen_user/seen_item.i32, when written, list the seen pairs (a bench training on a sample
        # of the rows still avoids everything the users have).
        self.seen = torch.zeros(a["users"], a["items"], dtype=torch.bool)
        if os.path.exists(os.path.join(d, "seen_user.i32")):
            su = torch.from_numpy(read_i32(d, "seen_user.i32").astype(np.int64))
            self.seen[su, torch.from_numpy(read_i32(d, "seen_item.i32").astype(np.int64))] = True
        else:
            self.seen[self.user, self.item] = True
        self.model = SimpleX(a["users"], a["items"], a)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=a["lr"])
        self.order = None
        self.cursor = 0

    def step(self, idx):
        u = self.user[idx]
        n_neg = self.a["negatives"]
        # 0: every unseen item is a negative, as recall.simplex does, unless batch × items passes
        # 32 Mi scores (its fallback: 100 sampled).
        if n_neg == 0 and len(idx) * self.a["items"] <= 32 * 2**20:
            self.opt.zero_grad(set_to_none=True)
            unseen = (~self.seen[u]).to(torch.float32)
            loss = self.model.loss(u, self.item[idx], None, self.hist[u], self.hlen[u], unseen)
            loss.backward()
            self.opt.step()
            return float(loss)
        negs = torch.randint(0, self.a["items"], (len(idx), n_neg or 100))
        for _ in range(7):
            bad = self.seen[u.unsqueeze(1), negs]
            if not bool(bad.any()):
                break
            negs[bad] = torch.randint(0, self.a["items"], (int(bad.sum()),))
        self.opt.zero_grad(set_to_none=True)
        loss = self.model.loss(u, self.item[idx], negs, self.hist[u], self.hlen[u])
        loss.backward()
        self.opt.step()
        return float(loss)

    def run(self, steps):
        """`steps` batches, continuing a shuffled pass and reshuffling at its end (0: one whole
        fresh epoch, every training pair once); returns (steps, samples, mean loss)."""
        self.model.train()
        n, b = len(self.user), self.a["batch"]
        if steps == 0:
            self.order, self.cursor = torch.randperm(n), 0
            steps = (n + b - 1) // b
        done, samples, total = 0, 0, 0.0
        for _ in range(steps):
            if self.order is None or self.cursor >= n:
                self.order, self.cursor = torch.randperm(n), 0
            idx = self.order[self.cursor : self.cursor + b]
            self.cursor += b
            total += self.step(idx) * len(idx)
            samples += len(idx)
            done += 1
        return done, samples, total / max(samples, 1)


def top_k(model, hist, hlen, users, exclude, k):
    """Top-k dense item ids of `users` by cosine, with exclude[u] (sets of items) removed."""
    model.eval()
    scores = model.user_vectors(hist, hlen)[users] @ model.item_vectors().T
    for r, u in enumerate(users.tolist()):
        ex = exclude.get(u)
        if ex:
            scores[r, list(ex)] = -float("inf")
    return torch.topk(scores, k, dim=1).indices.numpy()


def ndcg_at(top, truth, users, k):
    """Mean NDCG@k over `users` (each has at least one truth item)."""
    disc = 1 / np.log2(np.arange(2, k + 2))
    total = 0.0
    for r, u in enumerate(users.tolist()):
        rel = truth[u]
        dcg = sum(disc[t] for t, i in enumerate(top[r][:k]) if i in rel)
        total += dcg / disc[: min(len(rel), k)].sum()
    return total / len(users)


def group(users, items):
    out = {}
    for u, i in zip(users.tolist(), items.tolist()):
        out.setdefault(u, set()).add(i)
    return out


def accuracy(a):
    t = Trainer(a)
    d = a["dir"]
    train = group(t.user.numpy(), t.item.numpy())
    valid = group(read_i32(d, "valid_user.i32"), read_i32(d, "valid_item.i32"))
    valid_users = torch.tensor(sorted(valid))
    test_users = torch.from_numpy(read_i32(d, "test_user.i32").astype(np.int64))
    curve, best, best_state, stale = [], -1.0, None, 0
    for epoch in range(1, a["epochs"] + 1):
        t0 = time.perf_counter()
        _, _, loss = t.run(0)
        if not np.isfinite(loss):
            # Diverged (RecBole stops with "Training loss is nan"): keep the best epoch so far.
            curve.append({"epoch": epoch, "loss": None, "valid": None, "seconds": time.perf_counter() - t0})
            break
        top = top_k(t.model, t.hist, t.hlen, valid_users, train, 10)
        v = ndcg_at(top, valid, valid_users, 10)
        curve.append({"epoch": epoch, "loss": loss, "valid": v, "seconds": time.perf_counter() - t0})
        if v > best:
            best, stale = v, 0
            best_state = {k: x.clone() for k, x in t.model.state_dict().items()}
        else:
            stale += 1
            if a["patience"] > 0 and stale >= a["patience"]:
                break
    t.model.load_state_dict(best_state)
    seen = {u: train.get(u, set()) | valid.get(u, set()) for u in set(test_users.tolist())}
    top = top_k(t.model, t.hist, t.hlen, test_users, seen, a["k"])
    top.astype(np.int32).tofile(os.path.join(d, "peer_recs.i32"))
    best_epoch = max((e for e in curve if e["valid"] is not None), key=lambda e: e["valid"])["epoch"]
    diverged = curve[-1]["loss"] is None
    print(json.dumps({"bestEpoch": best_epoch, "bestValid": best, "diverged": diverged, "epochs": curve}), flush=True)


def main():
    a = json.loads(sys.argv[1])
    if a["mode"] == "accuracy":
        accuracy(a)
        return
    t = Trainer(a)

    def epoch():
        t0 = time.perf_counter()
        steps, samples, loss = t.run(a.get("steps", 0))
        ms = (time.perf_counter() - t0) * 1e3
        return {"ms": ms, "steps": steps, "samples": samples, "loss": loss, "per_s": samples / (ms / 1e3)}

    serve({"epoch": epoch})


main()
