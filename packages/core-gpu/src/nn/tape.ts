/**
 * A reverse-mode tape. Operations called inside `valueAndGrads` record, for every output that
 * depends on a trainable tensor, how to turn the output's gradient into its inputs' gradients;
 * `valueAndGrads` then walks the records backwards from the scalar loss. Outside it nothing is
 * recorded (inference costs nothing extra).
 */
import { runKernel } from "../tensor/registry.ts";
import { shapeText, type Tensor } from "../tensor/tensor.ts";
import { isRowSparse, RowSparse, type Grad } from "./grad.ts";
import { mergeRowSparse } from "./sparse.ts";

interface Node {
  op: string;
  inputs: readonly Tensor[];
  output: Tensor;
  /** Gradients of the inputs (undefined where an input needs none) from the output's gradient. */
  backward: (dy: Tensor) => ReadonlyArray<Grad | undefined>;
}

let tape: Node[] | undefined;

/** True while `valueAndGrads` records. */
export function recording(): boolean {
  return tape !== undefined;
}

/**
 * Records `output` as made by `op` from `inputs` when recording and an input needs a gradient;
 * returns `output`. Ops call this; `backward` may use the inputs and the output.
 * @example
 * return record("relu", [x], y, (dy) => [binary("reluGrad", dy, x)]);
 */
export function record(op: string, inputs: readonly Tensor[], output: Tensor, backward: Node["backward"]): Tensor {
  if (tape && inputs.some((t) => t.requiresGrad)) {
    output.requiresGrad = true;
    const node: Node = { op, inputs, output, backward };
    output.node = node;
    tape.push(node);
  }
  return output;
}

/**
 * Runs `f` (a scalar loss), then back-propagates: returns the loss and the gradient of every
 * trainable tensor (`requiresGrad`, made by no recorded op) that the loss depends on. Call it
 * inside `tidy` so the activations and intermediate gradients are freed.
 * @example
 * const loss = tidy(() => {
 *   const { value, grads } = valueAndGrads(() => bceWithLogits(model.forward(x), y));
 *   optimiser.step(grads);
 *   return value;
 * });
 */
export function valueAndGrads(f: () => Tensor): { value: Tensor; grads: Map<Tensor, Grad> } {
  if (tape) throw new Error("valueAndGrads: already recording (nested calls are not supported)");
  const nodes: Node[] = (tape = []);
  let value: Tensor;
  try {
    value = f();
  } finally {
    tape = undefined;
  }
  if (value.size !== 1) throw new RangeError(`valueAndGrads: the loss has shape ${shapeText(value.shape)}, expected a single value`);
  const grads = new Map<Tensor, Grad>();
  if (!value.requiresGrad) return { value, grads };
  const pending = new Map<Tensor, Grad>();
  pending.set(value, runKernel("Unary", [value], { op: "fill", beta: 1 })[0]!);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    const dy = pending.get(node.output);
    if (!dy) continue;
    pending.delete(node.output);
    if (isRowSparse(dy)) throw new Error(`${node.op}: received a row-sparse gradient (only parameters may have one)`);
    const dxs = node.backward(dy);
    node.inputs.forEach((x, k) => {
      const g = dxs[k];
      if (!g || !x.requiresGrad) return;
      const have = pending.get(x);
      pending.set(x, have ? accumulate(have, g, node.op) : g);
    });
    node.output.node = undefined;
  }
  for (const [t, g] of pending) if (!t.node) grads.set(t, g);
  return { value, grads };
}

/** Sum of two gradients of one tensor (a tensor used twice). */
function accumulate(a: Grad, b: Grad, op: string): Grad {
  if (isRowSparse(a) && isRowSparse(b)) return mergeRowSparse(a, b);
  if (isRowSparse(a) || isRowSparse(b)) {
    const [sparse, dense] = (isRowSparse(a) ? [a, b] : [b, a]) as [RowSparse, Tensor];
    const out = runKernel("Copy", [dense], { shape: dense.shape })[0]!;
    runKernel("ScatterAdd", [out, sparse.rowsT, sparse.values], {});
    return out;
  }
  if (a.size !== b.size) throw new Error(`${op}: gradient shapes ${shapeText(a.shape)} and ${shapeText(b.shape)} differ`);
  return runKernel("Binary", [a, b], { op: "add" })[0]!;
}
