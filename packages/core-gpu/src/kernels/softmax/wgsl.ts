/**
 * WGSL of the softmax cross-entropy kernels. The forward pass runs one workgroup per row: each
 * thread strides over the row (coalesced), then shared-memory tree reductions give the row max
 * and the sum of exp(x − max). The gradient and the mask run one thread per element. Shapes come
 * in uniforms, so each program compiles once. Infinities are tested on the bits (a compiler may
 * fold comparisons with them) and made from a private variable (a constant ∞ is a WGSL error).
 */
import type { ProgramInfo } from "../../webgpu/program.ts";
import { linearEntry, threadIndex, workgroupIndex } from "../../webgpu/wgsl.ts";

/** Threads per row in the forward pass. */
export const ROW_WORKGROUP = 256;
/** Threads per workgroup of the elementwise passes. */
export const ELEM_WORKGROUP = 64;

const INF = `var<private> infBits: u32 = 0x7f800000u;
fn posInf() -> f32 { return bitcast<f32>(infBits); }
fn isNegInf(x: f32) -> bool { return bitcast<u32>(x) == 0xff800000u; }`;

/** loss [B, 1] and lse [B, 1] from logits [B, N] and targets [B]; one workgroup per row. */
export const softmaxCrossEntropyProgram: ProgramInfo = {
  name: "SoftmaxCrossEntropy",
  cacheKey: `wg${ROW_WORKGROUP}`,
  bindings: [
    { name: "logits", type: "array<f32>", access: "read" },
    { name: "targets", type: "array<i32>", access: "read" },
    { name: "loss", type: "array<f32>", access: "read_write" },
    { name: "lse", type: "array<f32>", access: "read_write" },
  ],
  uniforms: [["rows", "u32"], ["cols", "u32"]],
  body: () => `${INF}
var<workgroup> red: array<f32, ${ROW_WORKGROUP}>;
${linearEntry(ROW_WORKGROUP)} {
  // The row is the same for the whole workgroup, so this return keeps the barriers uniform.
  let row = ${workgroupIndex()};
  if (row >= u.rows) { return; }
  let base = row * u.cols;
  var m = -posInf();
  for (var j = lid; j < u.cols; j += ${ROW_WORKGROUP}u) { m = max(m, logits[base + j]); }
  red[lid] = m;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] = max(red[lid], red[lid + s]); }
    workgroupBarrier();
  }
  let mx = red[0];
  workgroupBarrier();
  var acc = 0.0;
  if (!isNegInf(mx)) {
    for (var j = lid; j < u.cols; j += ${ROW_WORKGROUP}u) { acc += exp(logits[base + j] - mx); }
  }
  red[lid] = acc;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] = red[lid] + red[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    var z = -posInf();
    if (!isNegInf(mx)) { z = mx + log(red[0]); }
    lse[row] = z;
    let t = targets[row];
    var l = 0.0;
    // Negative targets ignore the row; so do targets ≥ N here (the CPU engines throw for them).
    if (t >= 0 && u32(t) < u.cols) {
      let xt = logits[base + u32(t)];
      l = select(z - xt, posInf(), isNegInf(xt));
    }
    loss[row] = l;
  }
}`,
};

/** dlogits [B, N] = (exp(logits − lse) − onehot(targets)) · dloss, one thread per element. */
export const softmaxCrossEntropyGradProgram: ProgramInfo = {
  name: "SoftmaxCrossEntropyGrad",
  cacheKey: `wg${ELEM_WORKGROUP}`,
  bindings: [
    { name: "logits", type: "array<f32>", access: "read" },
    { name: "targets", type: "array<i32>", access: "read" },
    { name: "lse", type: "array<f32>", access: "read" },
    { name: "dloss", type: "array<f32>", access: "read" },
    { name: "dlogits", type: "array<f32>", access: "read_write" },
  ],
  uniforms: [["count", "u32"], ["cols", "u32"]],
  body: () => `${INF}
${linearEntry(ELEM_WORKGROUP)} {
  let e = ${threadIndex(ELEM_WORKGROUP)};
  if (e >= u.count) { return; }
  let row = e / u.cols;
  let j = e - row * u.cols;
  let t = targets[row];
  if (t < 0 || u32(t) >= u.cols) { dlogits[e] = 0.0; return; }
  let x = logits[e];
  var p = 0.0;
  if (!isNegInf(x)) { p = exp(x - lse[row]); }
  if (u32(t) == j) { p = p - 1.0; }
  dlogits[e] = p * dloss[row];
}`,
};

/** In place: logits[i, j] = value where colIds[j] == rowIds[i] and j != targets[i]. */
export const maskAccidentalHitsProgram: ProgramInfo = {
  name: "MaskAccidentalHits",
  cacheKey: `wg${ELEM_WORKGROUP}`,
  bindings: [
    { name: "logits", type: "array<f32>", access: "read_write" },
    { name: "rowIds", type: "array<i32>", access: "read" },
    { name: "colIds", type: "array<i32>", access: "read" },
    { name: "targets", type: "array<i32>", access: "read" },
  ],
  uniforms: [["count", "u32"], ["cols", "u32"], ["value", "f32"]],
  body: () => `${linearEntry(ELEM_WORKGROUP)} {
  let e = ${threadIndex(ELEM_WORKGROUP)};
  if (e >= u.count) { return; }
  let row = e / u.cols;
  let j = e - row * u.cols;
  if (colIds[j] == rowIds[row] && i32(j) != targets[row]) { logits[e] = u.value; }
}`,
};

/** probabilities [B, N] = exp(logits − lse) (0 where a logit is −∞), one thread per element. */
export const softmaxProbabilitiesProgram: ProgramInfo = {
  name: "SoftmaxProbabilities",
  cacheKey: `wg${ELEM_WORKGROUP}`,
  bindings: [
    { name: "logits", type: "array<f32>", access: "read" },
    { name: "lse", type: "array<f32>", access: "read" },
    { name: "probs", type: "array<f32>", access: "read_write" },
  ],
  uniforms: [["count", "u32"], ["cols", "u32"]],
  body: () => `${INF}
${linearEntry(ELEM_WORKGROUP)} {
  let e = ${threadIndex(ELEM_WORKGROUP)};
  if (e >= u.count) { return; }
  let x = logits[e];
  var p = 0.0;
  if (!isNegInf(x)) { p = exp(x - lse[e / u.cols]); }
  probs[e] = p;
}`,
};

/** dlogits from given probabilities: (probs − onehot(targets)) · dloss. */
export const softmaxGradFromProbabilitiesProgram: ProgramInfo = {
  name: "SoftmaxCrossEntropyGrad",
  cacheKey: `probs-wg${ELEM_WORKGROUP}`,
  bindings: [
    { name: "targets", type: "array<i32>", access: "read" },
    { name: "probs", type: "array<f32>", access: "read" },
    { name: "dloss", type: "array<f32>", access: "read" },
    { name: "dlogits", type: "array<f32>", access: "read_write" },
  ],
  uniforms: [["count", "u32"], ["cols", "u32"]],
  body: () => `${linearEntry(ELEM_WORKGROUP)} {
  let e = ${threadIndex(ELEM_WORKGROUP)};
  if (e >= u.count) { return; }
  let row = e / u.cols;
  let t = targets[row];
  if (t < 0 || u32(t) >= u.cols) { dlogits[e] = 0.0; return; }
  var p = probs[e];
  if (u32(t) == e - row * u.cols) { p = p - 1.0; }
  dlogits[e] = p * dloss[row];
}`,
};
