import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import type { SafeTensor } from "./safetensors.ts";

const dir = () => mkdtempSync(join(tmpdir(), "shortlist-ckpt-"));
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function tensors(): Map<string, SafeTensor> {
  const w = new Float32Array([1, 2, 3, 4, 5, 6]);
  new Uint32Array(w.buffer)[5] = 0x7f800001; // a signalling-NaN payload
  return new Map<string, SafeTensor>([
    ["user.emb", { dtype: "F32", shape: [3, 2], data: w }],
    ["item.ids", { dtype: "I32", shape: [2], data: new Int32Array([7, -7]) }],
    ["adam.step", { dtype: "I64", shape: [], data: new BigInt64Array([123n]) }],
    ["lr", { dtype: "F64", shape: [1], data: new Float64Array([1e-3]) }],
    ["none", { dtype: "F32", shape: [0], data: new Float32Array(0) }],
  ]);
}

describe("saveCheckpoint / loadCheckpoint", () => {
  test("round trip through a file, bit-exact, creating the folder", async () => {
    const path = join(dir(), "sub", "model.safetensors");
    await saveCheckpoint(path, tensors(), { step: "123" });
    const back = await loadCheckpoint(path);
    expect(back.metadata).toEqual({ step: "123" });
    for (const [name, t] of tensors()) {
      expect(back.tensors.get(name)!.shape).toEqual(t.shape);
      expect(bytesOf(back.tensors.get(name)!.data)).toEqual(bytesOf(t.data));
    }
    expect(readdirSync(join(path, ".."))).toEqual(["model.safetensors"]);
  });

  test("overwriting replaces the file whole", async () => {
    const path = join(dir(), "m.safetensors");
    await saveCheckpoint(path, tensors());
    await saveCheckpoint(path, new Map([["x", { dtype: "F32", shape: [1], data: new Float32Array([9]) }]]));
    expect([...(await loadCheckpoint(path)).tensors.keys()]).toEqual(["x"]);
  });

  test("a write that fails at the rename leaves no file and no temporary file", async () => {
    const d = dir();
    const path = join(d, "m.safetensors");
    mkdirSync(join(path, "occupied"), { recursive: true }); // a non-empty folder where the file should go
    await expect(saveCheckpoint(path, tensors())).rejects.toThrow(`${path}: could not write the checkpoint`);
    expect(readdirSync(d)).toEqual(["m.safetensors"]);
    expect(readdirSync(path)).toEqual(["occupied"]);
  });

  test("a write that fails keeps the previous checkpoint and leaves no temporary file", async () => {
    const d = dir();
    const path = join(d, "m.safetensors");
    await saveCheckpoint(path, tensors());
    const before = readFileSync(path);
    const bad = new Map([["w", { dtype: "F32", shape: [5], data: new Float32Array(2) } as SafeTensor]]);
    await expect(saveCheckpoint(path, bad)).rejects.toThrow(`${path}: tensor "w" has shape [5]`);
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(d)).toEqual(["m.safetensors"]);
  });

  test("a failed first write leaves nothing at all", async () => {
    const d = dir();
    const bad = new Map([["w", { dtype: "I32", shape: [1], data: new Float32Array(1) } as unknown as SafeTensor]]);
    await expect(saveCheckpoint(join(d, "m.safetensors"), bad)).rejects.toThrow("expected Int32Array");
    expect(readdirSync(d)).toEqual([]);
  });

  test("a missing or corrupt file is an error naming it", async () => {
    const d = dir();
    await expect(loadCheckpoint(join(d, "nope.safetensors"))).rejects.toThrow(`${join(d, "nope.safetensors")}: could not read the checkpoint`);
    const cut = join(d, "cut.safetensors");
    await saveCheckpoint(cut, tensors());
    writeFileSync(cut, readFileSync(cut).subarray(0, 100));
    await expect(loadCheckpoint(cut)).rejects.toThrow(`${cut}: `);
  });
});

// The same files through another implementation, when one is installed: the `safetensors` module
// (both directions) or else PyTorch with the spec read by hand (torch.frombuffer). Never required.
const PY = String.raw`
import json, struct, sys
mode, path = sys.argv[1], sys.argv[2]
try:
    import numpy as np
    from safetensors.numpy import load_file, save_file
    have_st = True
except ImportError:
    import torch
    have_st = False
NP = {"F32": "<f4", "I32": "<i4", "F64": "<f8", "I64": "<i8"}
if mode == "read":
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    if have_st:
        arrays = load_file(path)
        out = {k: {"shape": list(a.shape), "hex": a.tobytes().hex()} for k, a in arrays.items()}
    else:
        dt = {"F32": torch.float32, "I32": torch.int32, "F64": torch.float64, "I64": torch.int64}
        data = bytearray(raw[8 + n:])
        out = {}
        for k, e in header.items():
            b, end = e["data_offsets"]
            t = torch.frombuffer(data[b:end], dtype=dt[e["dtype"]]) if end > b else torch.empty(0, dtype=dt[e["dtype"]])
            t = t.reshape(e["shape"])
            out[k] = {"shape": list(t.shape), "hex": t.numpy().tobytes().hex()}
    print(json.dumps({"impl": "safetensors" if have_st else "torch", "meta": meta, "tensors": out}))
else:
    spec = json.loads(sys.stdin.read())
    if have_st:
        arrays = {k: np.frombuffer(bytes.fromhex(v["hex"]), dtype=NP[v["dtype"]]).reshape(v["shape"]) for k, v in spec.items()}
        save_file(arrays, path, metadata={"by": "python"})
    else:
        # The reference writer's order: larger dtypes first, then by name; metadata first; space padding.
        items = sorted(spec.items(), key=lambda kv: (-int(NP[kv[1]["dtype"]][2:]), kv[0]))
        header, data = {"__metadata__": {"by": "python"}}, b""
        for k, v in items:
            b = bytes.fromhex(v["hex"])
            header[k] = {"dtype": v["dtype"], "shape": v["shape"], "data_offsets": [len(data), len(data) + len(b)]}
            data += b
        h = json.dumps(header).encode()
        h += b" " * (-len(h) % 8)
        with open(path, "wb") as f:
            f.write(struct.pack("<Q", len(h)) + h + data)
    print(json.dumps({"impl": "safetensors" if have_st else "torch"}))
`;

function findPython(): string | undefined {
  for (const exe of ["python3", "/usr/bin/python3"]) {
    try {
      const ok = (mod: string) => Bun.spawnSync([exe, "-c", `import ${mod}`], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
      if (ok("safetensors.numpy") || ok("torch")) return exe;
    } catch {
      // not installed under this name
    }
  }
  return undefined;
}

const python = findPython();
if (!python) console.log("checkpoint cross-check skipped: no python3 with the safetensors or torch module");

describe.skipIf(!python)("cross-check with Python", () => {
  const py = (args: string[], stdin?: string) => {
    const r = Bun.spawnSync([python!, "-c", PY, ...args], { stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin) });
    if (r.exitCode !== 0) throw new Error(`python: ${r.stderr.toString()}`);
    return JSON.parse(r.stdout.toString()) as { impl: string; meta: Record<string, string>; tensors: Record<string, { shape: number[]; hex: string }> };
  };
  const hex = (a: ArrayBufferView) => Buffer.from(bytesOf(a)).toString("hex");

  test("Python reads what we write", async () => {
    const path = join(dir(), "ours.safetensors");
    await saveCheckpoint(path, tensors(), { step: "123" });
    const got = py(["read", path]);
    console.log(`checkpoint cross-check: read by ${got.impl}`);
    expect(got.meta).toEqual({ step: "123" });
    for (const [name, t] of tensors()) expect(got.tensors[name]).toEqual({ shape: t.shape, hex: hex(t.data) });
  }, 60_000);

  test("we read what Python writes", async () => {
    const path = join(dir(), "theirs.safetensors");
    const spec = Object.fromEntries([...tensors()].map(([k, t]) => [k, { dtype: t.dtype, shape: t.shape, hex: hex(t.data) }]));
    py(["write", path], JSON.stringify(spec));
    const back = await loadCheckpoint(path);
    expect(back.metadata).toEqual({ by: "python" });
    for (const [name, t] of tensors()) {
      expect(back.tensors.get(name)!.shape).toEqual(t.shape);
      expect(hex(back.tensors.get(name)!.data)).toBe(hex(t.data));
    }
  }, 60_000);
});
