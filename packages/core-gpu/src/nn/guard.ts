/** Training stops on a non-finite loss, naming the step and the tensor, instead of going on silently. */

export class NonFiniteLossError extends Error {
  constructor(readonly step: number, readonly tensor: string, readonly value: number) {
    super(`training step ${step}: ${tensor} is ${value} (not finite); lower the learning rate, clip gradients (clipNorm), or check the inputs for NaN`);
    this.name = "NonFiniteLossError";
  }
}

/**
 * Returns `value` when finite, else throws a NonFiniteLossError naming `step` and `tensor`.
 * @example
 * finiteLoss(await loss.item(), step, "in-batch softmax loss");
 */
export function finiteLoss(value: number, step: number, tensor = "loss"): number {
  if (!Number.isFinite(value)) throw new NonFiniteLossError(step, tensor, value);
  return value;
}
