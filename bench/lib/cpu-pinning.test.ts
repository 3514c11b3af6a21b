import { describe, expect, test } from "bun:test";
import { parseCpuList, pinServerApart } from "./cpu-pinning.ts";

describe("parseCpuList", () => {
  test("expands ranges and single CPUs", () => {
    expect(parseCpuList("0")).toEqual([0]);
    expect(parseCpuList("0,1")).toEqual([0, 1]);
    expect(parseCpuList("0-2,5,7-8")).toEqual([0, 1, 2, 5, 7, 8]);
  });
  test("refuses what is not a CPU list", () => {
    expect(() => parseCpuList("x")).toThrow(/bad CPU list/);
  });
});

describe("pinServerApart", () => {
  test("BENCH_PIN=0 leaves everything where it is", () => {
    const before = process.env.BENCH_PIN;
    process.env.BENCH_PIN = "0";
    try {
      const pin = pinServerApart(process.pid);
      expect(pin.note).toBe("not pinned: BENCH_PIN=0");
      pin.restore();
    } finally {
      if (before === undefined) delete process.env.BENCH_PIN;
      else process.env.BENCH_PIN = before;
    }
  });
});

function cpusOf(pid: number): string {
  return /list:\s*(\S+)/.exec(Bun.spawnSync(["taskset", "-c", "-p", String(pid)]).stdout.toString())?.[1] ?? "?";
}

const canPin = Bun.which("taskset") !== null && parseCpuList(cpusOf(process.pid)).length >= 2;
if (!canPin) console.log("skip: pinning a real process needs taskset and two CPUs");

test.skipIf(!canPin)("pins a server to the last CPU, this process to the rest, and restores", async () => {
  const original = cpusOf(process.pid);
  const cpus = parseCpuList(original);
  const child = Bun.spawn(["sleep", "30"]);
  try {
    const pin = pinServerApart(child.pid);
    expect(cpusOf(child.pid)).toBe(String(cpus.at(-1)));
    expect(parseCpuList(cpusOf(process.pid))).toEqual(cpus.slice(0, -1));
    pin.restore();
    expect(cpusOf(process.pid)).toBe(original);
  } finally {
    child.kill();
    await child.exited;
  }
});
