/**
 * Kernel descriptions in the style of onnxruntime-web's ProgramInfo: a name, the WGSL as a
 * template, what the shader depends on (the pipeline cache key) and the uniforms that carry shapes.
 * Data never enters the cache key, so one compiled pipeline serves every call of the same shape
 * class.
 */

export type UniformType = "u32" | "i32" | "f32";

/** One storage buffer the shader reads (`read`) or writes (`read_write`). */
export interface BindingDecl {
  name: string;
  /** WGSL type, e.g. "array<f32>" or "array<atomic<u32>>". */
  type: string;
  access: "read" | "read_write";
}

export interface ProgramInfo {
  /** Kernel name: shown in every error the kernel causes. */
  name: string;
  /** Everything besides the name that the WGSL text depends on (baked constants, variant flags). */
  cacheKey: string;
  /** Storage bindings in binding order; the uniform block comes after them. */
  bindings: readonly BindingDecl[];
  /** Uniform fields (shapes, offsets, parameters), in order. */
  uniforms: ReadonlyArray<readonly [string, UniformType]>;
  /** WGSL `enable` extensions, e.g. ["subgroups"]. */
  enables?: readonly string[];
  /** The shader body (entry point `main`); called only when the pipeline is not cached. */
  body: () => string;
}

/**
 * The pipeline cache key of a program.
 * @example
 * programKey({ name: "topk", cacheKey: "k16", ... }); // "topk|k16"
 */
export function programKey(p: ProgramInfo): string {
  return `${p.name}|${p.cacheKey}`;
}

/**
 * The full WGSL of a program: enables, the uniform struct `U` bound as `u`, the storage bindings
 * (group 0, in declaration order), then the body.
 * @example
 * const code = shaderSource(gatherProgram());
 */
export function shaderSource(p: ProgramInfo): string {
  const lines: string[] = [];
  for (const e of p.enables ?? []) lines.push(`enable ${e};`);
  p.bindings.forEach((b, i) => {
    const access = b.access === "read" ? "read" : "read_write";
    lines.push(`@group(0) @binding(${i}) var<storage, ${access}> ${b.name}: ${b.type};`);
  });
  if (p.uniforms.length > 0) {
    lines.push(`struct U { ${p.uniforms.map(([n, t]) => `${n}: ${t},`).join(" ")} }`);
    lines.push(`@group(0) @binding(${p.bindings.length}) var<uniform> u: U;`);
  }
  lines.push(p.body());
  return lines.join("\n");
}

/**
 * Packs uniform values into the bytes of the `U` struct (every field 4 bytes; size padded to 16).
 * @example
 * packUniforms([["n", "u32"], ["s", "f32"]], [3, 0.5]).byteLength; // 16
 */
export function packUniforms(decl: ProgramInfo["uniforms"], values: readonly number[]): ArrayBuffer {
  if (values.length !== decl.length) {
    throw new Error(`uniforms: found ${values.length} values, expected ${decl.length} (${decl.map(([n]) => n).join(", ")})`);
  }
  const bytes = new ArrayBuffer(Math.max(16, Math.ceil((decl.length * 4) / 16) * 16));
  const view = new DataView(bytes);
  decl.forEach(([name, type], i) => {
    const v = values[i]!;
    if (type === "f32") view.setFloat32(i * 4, v, true);
    else if (type === "i32") view.setInt32(i * 4, v, true);
    else {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`uniform ${name}: found ${v}, expected a u32`);
      view.setUint32(i * 4, v, true);
    }
  });
  return bytes;
}
