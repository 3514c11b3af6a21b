import { expect, test } from "bun:test";
import * as ort from "onnxruntime-node";
import { referenceMatmul } from "../reference/matmul.ts";
import { matmulModel } from "./onnx-model.ts";

test("every graph structure loads in onnxruntime and computes op(A)·op(B) (+bias) (ReLU)", async () => {
  const [m, n, k, batch] = [3, 4, 5, 2];
  const a = Float32Array.from({ length: batch * m * k }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: batch * k * n }, (_, i) => Math.cos(i));
  const bias = Float32Array.from({ length: n }, (_, i) => i - 2);
  for (let bits = 0; bits < 32; bits++) {
    const key = { batched: !!(bits & 1), transA: !!(bits & 2), transB: !!(bits & 4), bias: !!(bits & 8), relu: !!(bits & 16) };
    const session = await ort.InferenceSession.create(matmulModel(key));
    const nb = key.batched ? batch : 1;
    const lead = key.batched ? [batch] : [];
    const feeds: Record<string, ort.Tensor> = {
      A: new ort.Tensor("float32", a.subarray(0, nb * m * k), [...lead, ...(key.transA ? [k, m] : [m, k])]),
      B: new ort.Tensor("float32", b.subarray(0, nb * k * n), [...lead, ...(key.transB ? [n, k] : [k, n])]),
    };
    if (key.bias) feeds.bias = new ort.Tensor("float32", bias, [n]);
    const got = (await session.run(feeds)).C!;
    expect(got.dims).toEqual([...lead, m, n]);
    const want = referenceMatmul(a.subarray(0, nb * m * k), b.subarray(0, nb * k * n), {
      m, n, k, batch: nb, transA: key.transA, transB: key.transB, bias: key.bias ? bias : undefined, relu: key.relu,
    });
    const data = got.data as Float32Array;
    for (let i = 0; i < want.length; i++) expect(Math.abs(data[i]! - want[i]!)).toBeLessThan(1e-5);
    await session.release();
  }
});
