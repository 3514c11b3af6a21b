/**
 * The WebGPU "Matmul": one dispatch of the existing matmul programs (src/webgpu/matmul-*.ts:
 * the subgroup kernel on lavapipe, the tiled one elsewhere) over the tensors' buffers. Transposes
 * and the bias are uniforms, so one compiled pipeline serves every call. Operands are activations:
 * one that exceeds a binding, or a grid that exceeds the dispatch limit, is a RangeError rather
 * than a split.
 */
import { matmulVariant } from "../../webgpu/matmul-kernel.ts";
import { matmulUniforms } from "../../webgpu/matmul-program.ts";
import type { WebGpuEngine } from "../../tensor/webgpu-engine.ts";
import { shapeText, type Tensor } from "../../tensor/tensor.ts";
import { matmulDims, type MatmulAttrs } from "./validate.ts";

/**
 * C = op(A)·op(B) (+ bias), recorded on the engine's encoder.
 * @example
 * const [c] = webgpuMatmul(gpu, [a, b], { transA: true });
 */
export function webgpuMatmul(engine: WebGpuEngine, inputs: readonly Tensor[], attrs: MatmulAttrs): Tensor[] {
  const [a, b, bias] = inputs as [Tensor, Tensor, Tensor?];
  const { batch, m, n, k } = matmulDims(a.shape, b.shape, attrs);
  const outShape = a.rank === 3 ? [batch, m, n] : [m, n];
  const limit = engine.maxBindingBytes;
  for (const [name, shape] of [["a", a.shape], ["b", b.shape], ["output", outShape]] as const) {
    const bytes = 4 * shape.reduce((p, d) => p * d, 1);
    if (bytes > limit) throw new RangeError(`Matmul: a ${shapeText(a.shape)} and b ${shapeText(b.shape)}: ${name} ${shapeText(shape)} is ${bytes} bytes, over the device's ${limit}-byte binding limit (split the batch)`);
  }
  const { program, tile } = matmulVariant(engine.rt.matmulSubgroupSize);
  const grid: [number, number, number] = [Math.ceil(n / tile[1]), Math.ceil(m / tile[0]), batch];
  const maxGroups = engine.rt.maxWorkgroupsPerDim;
  if (grid.some((d) => d > maxGroups)) {
    throw new RangeError(`Matmul: a ${shapeText(a.shape)} and b ${shapeText(b.shape)} need a grid of [${grid.join(", ")}] ${tile[0]}×${tile[1]} tiles, over the device's ${maxGroups} workgroups per dimension`);
  }
  const c = engine.empty(outShape);
  if (c.size === 0) return [c];
  const as = engine.slice(a);
  // Without a bias the program still binds one; it reads it only when the bias flag is set,
  // so any live 4-byte range serves (a's buffer is never smaller than 16 bytes).
  const biasSlice = bias ? engine.slice(bias) : { buffer: as.buffer, offset: as.offset, bytes: 4 };
  const flags = { transA: !!attrs.transA, transB: !!attrs.transB, bias: !!bias, relu: false };
  engine.dispatchGrid(program, [as, engine.slice(b), biasSlice, engine.slice(c)], matmulUniforms(m, n, k, flags), grid);
  return [c];
}
