/**
 * One training step as a library call: forward and backward inside a tidy scope, optional
 * global-norm clipping, the optimiser update, then the loss read back and checked, so a NaN or
 * infinite loss stops training with an error naming the step and the loss instead of going on
 * silently. The read is the step's only wait for the device (one number).
 */
import { tidy } from "../tensor/scope.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { finiteLoss } from "./guard.ts";
import { clipGradNorm, type Optimiser } from "./optim.ts";
import { valueAndGrads } from "./tape.ts";

export interface TrainStepOptions {
  /** The step's number, for the error message (1-based by convention). */
  step: number;
  /** What the loss is, for the error message (default "loss"). */
  name?: string;
  /** Clip gradients to this global L2 norm first. */
  clipNorm?: number;
}

/**
 * Runs one step of `loss` with `optimiser` and returns the loss value.
 * @example
 * for (let step = 1; step <= steps; step++) {
 *   const loss = await trainStep(opt, () => nn.bceWithLogits(model.forward(x), y), { step, clipNorm: 5 });
 * }
 */
export async function trainStep(optimiser: Optimiser, loss: () => Tensor, o: TrainStepOptions): Promise<number> {
  const value = tidy(() => {
    const { value, grads } = valueAndGrads(loss);
    optimiser.step(grads, o.clipNorm === undefined ? undefined : clipGradNorm(grads, o.clipNorm));
    return value;
  });
  try {
    return finiteLoss(await value.item(), o.step, o.name ?? "loss");
  } finally {
    value.dispose();
  }
}
