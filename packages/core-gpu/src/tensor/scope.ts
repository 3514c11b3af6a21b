/**
 * Scopes in the spirit of tfjs's `tidy`: every tensor created while a scope is open is tracked,
 * and when the scope ends every tracked tensor that is not returned (or `keep`-ed) is disposed.
 * A training step runs inside one scope, so its activations and gradients are freed (on WebGPU:
 * returned to the buffer pool) and the next step reuses their storage instead of allocating.
 */
/**
 * What a scope needs of a tensor: that it can be freed. (Not `Tensor` itself, which tracks its
 * instances through this module: importing it back would make the two modules a cycle.)
 */
export interface ScopedTensor {
  dispose(): void;
}

const stack: Array<Set<ScopedTensor>> = [];

/** Called by the Tensor constructor: the innermost open scope tracks the new tensor. */
export function trackTensor(t: ScopedTensor): void {
  stack[stack.length - 1]?.add(t);
}

/**
 * Keeps `t` alive past the scope it was created in (a parameter made inside a step, a result
 * kept across steps). Returns `t`.
 * @example
 * const w = keep(engine.zeros([4, 4]));
 */
export function keep<T extends ScopedTensor>(t: T): T {
  for (const scope of stack) scope.delete(t);
  return t;
}

/**
 * Runs `fn`; disposes every tensor it created that is not part of its result (a tensor, or
 * tensors inside arrays, Maps and plain objects, up to three levels deep). The result's tensors belong to the enclosing
 * scope. `fn` must be synchronous (the ops are: only `read()` waits).
 * @example
 * const loss = tidy(() => model.step(batch)); // activations and grads freed here
 * console.log(await loss.item());
 * loss.dispose();
 */
export function tidy<R>(fn: () => R): R {
  const scope = new Set<ScopedTensor>();
  stack.push(scope);
  let result: R;
  try {
    result = fn();
    if (result instanceof Promise) throw new Error("tidy: the function returned a Promise; tidy scopes are synchronous (await outside them)");
  } finally {
    stack.pop();
    const kept = resultTensors(result!);
    for (const t of scope) if (!kept.has(t)) t.dispose();
    const parent = stack[stack.length - 1];
    if (parent) for (const t of kept) if (scope.has(t)) parent.add(t);
  }
  return result;
}

function resultTensors(value: unknown): Set<ScopedTensor> {
  const out = new Set<ScopedTensor>();
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== "object" || seen.has(v) || depth > 3) return;
    seen.add(v);
    if ("engine" in v && "storage" in v && "dispose" in v) {
      out.add(v as ScopedTensor);
      return;
    }
    const children = v instanceof Map ? [...v.values()] : Array.isArray(v) ? v : Object.values(v);
    for (const c of children) visit(c, depth + 1);
  };
  visit(value, 0);
  return out;
}
