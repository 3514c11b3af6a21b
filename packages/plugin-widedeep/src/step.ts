/**
 * One mini-batch step (FTRL on the wide weights, Adam on everything else, from one backward
 * pass) and batched prediction. A non-finite loss stops training naming the step.
 */
import { tidy, type Tensor } from "@shortlist/core-gpu";
import * as nn from "@shortlist/core-gpu/nn";
import type { Encoded } from "./encode.ts";
import type { WideDeep } from "./model.ts";

export interface Optimisers {
  wide: nn.Ftrl;
  deep: nn.Adam;
}

/**
 * Trains on rows [start, end) of `x`; returns the batch's mean BCE loss.
 * @example
 * const loss = await trainBatch(model, opts, train, 0, 1024, step, seed);
 */
export async function trainBatch(model: WideDeep, opt: Optimisers, x: Encoded, start: number, end: number, step: number, dropoutSeed: number): Promise<number> {
  const value = tidy(() => {
    const y = model.engine.fromHost(x.label.subarray(start, end), [end - start, 1]);
    const { value, grads } = nn.valueAndGrads(() => nn.bceWithLogits(model.forward(x, start, end, { seed: dropoutSeed }), y));
    const wide = new Map<Tensor, nn.Grad>();
    const deep = new Map(grads);
    for (const [p, g] of grads) {
      if (model.isWide(p)) {
        wide.set(p, g);
        deep.delete(p);
      }
    }
    // FTRL-Proximal is defined on per-example gradients (McMahan et al. 2013): the mean loss's
    // gradient is scaled back up to the batch's sum, else beta dominates √n and learning stalls.
    if (wide.size > 0) opt.wide.step(wide, model.engine.fromHost(new Float32Array([end - start]), [1]));
    opt.deep.step(deep);
    return value;
  });
  try {
    return nn.finiteLoss(await value.item(), step, "BCE loss");
  } finally {
    value.dispose();
  }
}

/**
 * Probabilities (sigmoid of the logits) of every row of `x`, in batches.
 * @example
 * const p = await predict(model, valid);
 */
export async function predict(model: WideDeep, x: Encoded, batch = 4096): Promise<Float32Array> {
  const out = new Float32Array(x.n);
  for (let s = 0; s < x.n; s += batch) {
    const e = Math.min(x.n, s + batch);
    const p = tidy(() => nn.sigmoid(model.forward(x, s, e)));
    out.set((await p.read()) as Float32Array, s);
    p.dispose();
  }
  return out;
}
