// `netc tune` on a one-layer spec: every candidate tile measured, the cache written and read back
// for this adapter, the choices confirmed in the training step, compile using a cached tile only
// for the adapter it was measured on, the CPU check of loader GEMMs, and the one-line errors of a
// bad cache.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { tuneCommand } from "../src/cli/tune.js";
import { main } from "../src/cli/main.js";
import { openModel, targetOf, tunedTargetOf } from "../src/cli/train.js";
import { compile } from "../src/compile.js";
import { defaultGemmTile, gemmShapeKey, type GemmSpec, type GemmTile, type GemmTileSource } from "../src/ops/gemm.js";
import {
  adapterIdentity,
  cachedTiles,
  readTuneCache,
  TuneCacheError,
  writeTunedTiles,
  type AdapterIdentity,
  type TuneCache,
} from "../src/tune/cache.js";
import { candidateTiles } from "../src/tune/candidates.js";
import {
  cpuProduct,
  dispatch,
  dispatchesFor,
  download,
  GemmBuffers,
  normalizedError,
  prepareGemm,
} from "../src/tune/measure.js";
import { chooseTile, GemmRecorder, MARGIN, ownChoice, tuneGemm } from "../src/tune/tune.js";
import { compareRounds, compareTrainingSteps } from "../src/tune/confirm.js";
import type { Target } from "../src/ops/family.js";
import { WaitPacer } from "../runtime/pacing.js";
import { useGpu } from "./helpers/gpu.js";

const gpu = useGpu();
const dir = mkdtempSync(join(tmpdir(), "netc-tune-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = join(dir, "one.net");
writeFileSync(
  spec,
  `model one {
  input x: [N, 4]
  out x -> linear(3)
}

train {
  data = fashion_mnist()
  loss = cross_entropy
  optimizer = sgd(lr = 0.1)
  batch = 2
  epochs = 1
}
`,
);
const FORWARD = "2x3x4 A dense B dense^T";
const WEIGHT_GRADIENT = "3x4x2 A dense^T B dense";

const DENSE_4x4: GemmSpec = {
  name: "dense",
  m: 4,
  n: 4,
  k: 4,
  a: { kind: "dense", transposed: false },
  b: { kind: "dense", transposed: false },
};

const DEFAULT_TILE: GemmTile = { strategy: "subgroup", threads: 8, subgroupSize: 8, rows: 2, cols: 4 };

/** A tile no default would pick, to recognise in the generated code. */
const MARKED: GemmTile = { strategy: "register", threads: [2, 3], rows: 1, cols: 1 };

function cacheWith(adapter: AdapterIdentity, tiles: Record<string, GemmTile>): TuneCache {
  return {
    netcTuneCache: 1,
    adapters: [
      {
        adapter,
        tiles: Object.fromEntries(Object.entries(tiles).map(([key, tile]) => [key, { tile, ms: 1, defaultMs: 2 }])),
      },
    ],
  };
}

function forwardKernel(cache: TuneCache): string {
  const result = compile(spec, { target: tunedTargetOf(gpu(), cache) });
  const kernel = result.plan?.kernels.find((k) => k.name === "linear1_forward");
  if (!kernel) throw new Error(`no linear1_forward kernel: ${JSON.stringify(result.diagnostics)}`);
  return kernel.code;
}

describe("netc tune", () => {
  it("measures every candidate of the forward and weight-gradient GEMMs and caches the choice for this adapter", async () => {
    const cache = join(dir, "tune.json");
    const report = await tuneCommand(spec, { tuneCache: cache });
    expect(report.gemms.map((g) => g.key)).toEqual([FORWARD, WEIGHT_GRADIENT]);
    for (const gemm of report.gemms) {
      // The op's tile, the register, workgroup and split-k shapes, and subgroup tiles where there are subgroups.
      expect(gemm.candidates.length).toBeGreaterThanOrEqual(6);
      for (const candidate of gemm.candidates) {
        expect(candidate.failure, JSON.stringify(candidate.tile)).toBeUndefined();
        expect(candidate.ms).toBeGreaterThan(0);
      }
      const chosen = gemm.candidates.find((c) => JSON.stringify(c.tile) === JSON.stringify(gemm.best.tile));
      expect(chosen?.ms).toBe(gemm.best.ms);
      expect(gemm.best.defaultMs).toBe(gemm.candidates[0]!.ms);
      expect(gemm.best.ms).toBeLessThanOrEqual(gemm.best.defaultMs);
    }

    const written = await readTuneCache(cache);
    expect(written.adapters.map((a) => a.adapter)).toEqual([adapterIdentity(gpu().adapter)]);
    expect(written.adapters[0]!.tiles).toEqual(Object.fromEntries(report.gemms.map((g) => [g.key, g.best])));
    // Where a shape's choice differs from the op's tile, the training step decided: kept only faster.
    const changed = report.gemms.some((g) => JSON.stringify(g.best.tile) !== JSON.stringify(g.candidates[0]!.tile));
    if (report.confirmation === undefined) expect(changed).toBe(false);
    else expect(report.confirmation.faster).toBe(changed);
  });

  it("sets a shape back to the op's tile at the op's time", () => {
    const gemm = {
      key: FORWARD,
      name: "linear1_forward",
      candidates: [
        { tile: DEFAULT_TILE, ms: 3 },
        { tile: MARKED, ms: 2 },
      ],
      best: { tile: MARKED, ms: 2, defaultMs: 3 },
    };
    expect(ownChoice(gemm)).toEqual({ tile: DEFAULT_TILE, ms: 3, defaultMs: 3 });
  });

  it("keeps the op's tile unless the fastest candidate beats it by more than the 5% margin", () => {
    expect(MARGIN).toBe(0.05);
    const OTHER: GemmTile = { strategy: "register", threads: [4, 4], rows: 2, cols: 2 };
    const own = { tile: DEFAULT_TILE, ms: 10 };
    // The fastest at 0.97× the op's time: within the noise, the op's tile stays.
    expect(chooseTile([own, { tile: MARKED, ms: 9.7 }, { tile: OTHER, ms: 12 }]).tile).toBe(DEFAULT_TILE);
    // At 0.9×: the fastest is taken, not merely one faster than the op's.
    expect(chooseTile([own, { tile: MARKED, ms: 9.7 }, { tile: OTHER, ms: 9 }]).tile).toBe(OTHER);
    expect(chooseTile([own, { tile: MARKED, ms: 9 }, { tile: OTHER, ms: 9.7 }]).tile).toBe(MARKED);
    // Slower candidates, or the op's alone, leave the op's tile.
    expect(chooseTile([own, { tile: MARKED, ms: 11 }]).tile).toBe(DEFAULT_TILE);
    expect(chooseTile([own]).tile).toBe(DEFAULT_TILE);
  });

  it("calls the tuned training step faster only where its median ratio to the default's is below 1 by more than the margin", () => {
    const defaults = [10, 20, 10, 20, 10, 20];
    const at = (ratios: number[]) => {
      const tuned = ratios.map((ratio, round) => ratio * defaults[round]!);
      return compareRounds(defaults, tuned, MARGIN);
    };
    // Every round at one ratio: 1.02 (slower) and 0.97 (within the noise) are not faster, 0.9 is.
    for (const [ratio, faster] of [
      [1.02, false],
      [0.97, false],
      [0.9, true],
    ] as const) {
      const result = at(Array<number>(6).fill(ratio));
      expect(result.ratio).toBeCloseTo(ratio, 12);
      expect(result.faster, String(ratio)).toBe(faster);
    }
    // The median of six rounds is the mean of the middle two: (0.9 + 0.92) / 2, though one round was 1.3.
    const mixed = at([0.9, 1.3, 0.85, 0.92, 0.8, 0.95]);
    expect(mixed.ratio).toBeCloseTo(0.91, 12);
    expect(mixed.faster).toBe(true);
    // Mostly within the noise: (0.96 + 0.97) / 2.
    expect(at([0.8, 0.96, 0.97, 1.1, 0.9, 1]).faster).toBe(false);
    // Exactly the margin (0.95 = 1 - 0.05 in floats too) is not more than it.
    expect(at(Array<number>(6).fill(1 - MARGIN)).faster).toBe(false);
  });

  it("confirms tiles in the training step: slower ones are not kept, faster ones are", async () => {
    const wide = join(dir, "wide.net");
    writeFileSync(
      wide,
      `model wide {
  input x: [N, 256]
  out x -> linear(256) -> relu -> linear(256)
}

train {
  data = fashion_mnist()
  loss = cross_entropy
  optimizer = sgd(lr = 0.01)
  batch = 64
  epochs = 1
}
`,
    );
    const target = targetOf(gpu());
    const plan = (gemmTiles?: GemmTileSource) => {
      const result = compile(wide, { target: gemmTiles ? { ...target, gemmTiles } : target });
      if (result.plan === undefined) throw new Error(JSON.stringify(result.diagnostics));
      return result.plan;
    };
    // One thread per workgroup, one element of C each: every GEMM of the step far slower.
    const crawling = plan({ tileFor: () => ({ strategy: "register", threads: [1, 1], rows: 1, cols: 1 }) });
    const software = target.software === true;
    const slower = await compareTrainingSteps(gpu().device, plan(), crawling, software, MARGIN, 200);
    expect(slower.faster).toBe(false);
    expect(slower.ratio).toBeGreaterThan(1.5);
    expect(slower.tunedMs).toHaveLength(6);
    const faster = await compareTrainingSteps(gpu().device, crawling, plan(), software, MARGIN, 200);
    expect(faster.faster).toBe(true);
    expect(faster.ratio).toBeLessThan(1 / 1.5);
  });

  it("keeps each shape's choice in the cache as soon as it is measured: a run stopped early keeps the first", async () => {
    const cache = join(dir, "stopped.json");
    const lines: string[] = [];
    const stopAfterFirstShape = (line: string) => {
      lines.push(line);
      if (lines.length === 2) throw new Error("stopped");
    };
    await expect(tuneCommand(spec, { tuneCache: cache }, stopAfterFirstShape)).rejects.toThrow("stopped");
    expect(lines[0]).toBe(`tuning ${FORWARD} (linear1_forward)`);
    expect(lines[1]).toMatch(/^ {2}.+: \d+\.\d{3} ms \(the op's tile \d+\.\d{3} ms\)$/);
    const written = await readTuneCache(cache);
    expect(Object.keys(written.adapters[0]!.tiles)).toEqual([FORWARD]);
  });

  it("merges into the cache: other adapters' entries and other shapes stay", async () => {
    const cache = join(dir, "merge.json");
    const here = adapterIdentity(gpu().adapter);
    const elsewhere = { ...here, description: "another adapter" };
    const tuned = (rows: number) => ({ tile: { ...MARKED, rows }, ms: 1, defaultMs: 1 });
    await writeTunedTiles(cache, elsewhere, { [FORWARD]: tuned(1) });
    await writeTunedTiles(cache, here, { [FORWARD]: tuned(2), [WEIGHT_GRADIENT]: tuned(3) });
    await writeTunedTiles(cache, here, { [FORWARD]: tuned(4) });
    expect((await readTuneCache(cache)).adapters).toEqual([
      { adapter: elsewhere, tiles: { [FORWARD]: tuned(1) } },
      { adapter: here, tiles: { [FORWARD]: tuned(4), [WEIGHT_GRADIENT]: tuned(3) } },
    ]);
  });

  it("compile uses a cached tile for the adapter it was measured on, and the default for any other", () => {
    const here = adapterIdentity(gpu().adapter);
    const marked = `// tile ${JSON.stringify(MARKED)}`;
    expect(forwardKernel(cacheWith(here, { [FORWARD]: MARKED }))).toContain(marked);
    expect(
      forwardKernel(cacheWith({ ...here, subgroupMinSize: here.subgroupMinSize + 4 }, { [FORWARD]: MARKED })),
    ).not.toContain(marked);
    expect(forwardKernel(cacheWith(here, { [WEIGHT_GRADIENT]: MARKED }))).not.toContain(marked);
  });

  it("netc train, eval and profile compile with the tiles cached for this adapter (--tune-cache)", async () => {
    const regression = "tests/specs/tiny_regression.net";
    const recorder = new GemmRecorder();
    compile(regression, { target: { ...targetOf(gpu()), gemmTiles: recorder } });
    const keys = [...recorder.gemms.keys()];
    expect(keys.length).toBeGreaterThan(0);
    const here = adapterIdentity(gpu().adapter);
    /** The kernels openModel compiles with a cache whose entry for `adapter` gives every GEMM the marked tile. */
    const kernelsWith = async (adapter: AdapterIdentity, file: string) => {
      writeFileSync(file, JSON.stringify(cacheWith(adapter, Object.fromEntries(keys.map((key) => [key, MARKED])))));
      const { gpu: session, plan, model } = await openModel(regression, { tuneCache: file });
      model.destroy();
      session.destroy();
      return plan.kernels.map((k) => k.code).join("\n");
    };
    const marked = `// tile ${JSON.stringify(MARKED)}`;
    expect(await kernelsWith(here, join(dir, "here.json"))).toContain(marked);
    const elsewhere = { ...here, description: `${here.description} (another)` };
    expect(await kernelsWith(elsewhere, join(dir, "elsewhere.json"))).not.toContain(marked);
  });

  it("gives an adapter the tiles measured on it only: every field of its identity must match", () => {
    const here: AdapterIdentity = {
      vendor: "v",
      architecture: "a",
      device: "d",
      description: "desc",
      subgroupMinSize: 4,
      subgroupMaxSize: 32,
    };
    const cache = cacheWith(here, { [gemmShapeKey(DENSE_4x4)]: MARKED });
    expect(cachedTiles(cache, { ...here })?.tileFor(DENSE_4x4, {})).toEqual(MARKED);
    const others: AdapterIdentity[] = [
      { ...here, vendor: "w" },
      { ...here, architecture: "b" },
      { ...here, device: "e" },
      { ...here, description: "other" },
      { ...here, subgroupMinSize: 8 },
      { ...here, subgroupMaxSize: 64 },
    ];
    for (const other of others) expect(cachedTiles(cache, other), JSON.stringify(other)).toBeUndefined();
  });

  it("checks loader GEMMs against a CPU product of what the loaders read", async () => {
    const { device } = gpu();
    // A reads a_stored transposed (k×m), B reads every other element of b_stored; batch 2.
    const [m, n, k, batch] = [5, 6, 7, 2];
    const gemmSpec: GemmSpec = {
      name: "loaders",
      m,
      n,
      k,
      batch,
      a: {
        kind: "custom",
        bindings: [{ name: "a_stored", access: "read", type: "array<f32>" }],
        wgsl: `fn load_a(batch: u32, row: u32, col: u32) -> f32 { return a_stored[batch * ${m * k}u + col * ${m}u + row]; }`,
      },
      b: {
        kind: "custom",
        bindings: [{ name: "b_stored", access: "read", type: "array<f32>" }],
        wgsl: `fn load_b(batch: u32, row: u32, col: u32) -> f32 { return b_stored[2u * (batch * ${k * n}u + row * ${n}u + col)]; }`,
      },
      tile: { strategy: "register", threads: [2, 2], rows: 2, cols: 2 },
    };
    const buffers = new GemmBuffers(device, {
      spec: gemmSpec,
      bindingSizes: { a_stored: batch * m * k, b_stored: 2 * batch * k * n },
    });
    try {
      const a = await download(device, buffers.buffer("a_stored"), batch * m * k);
      const b = await download(device, buffers.buffer("b_stored"), 2 * batch * k * n);
      const expected = await cpuProduct(device, buffers);
      expect(Array.from(expected.index)).toEqual(Array.from({ length: batch * m * n }, (_, i) => i));
      for (let p = 0; p < batch; p++) {
        for (let r = 0; r < m; r++) {
          for (let c = 0; c < n; c++) {
            let sum = 0;
            for (let i = 0; i < k; i++) sum += a[p * m * k + i * m + r]! * b[2 * (p * k * n + i * n + c)]!;
            expect(expected.value[(p * m + r) * n + c]).toBeCloseTo(sum, 12);
          }
        }
      }
    } finally {
      buffers.destroy();
    }
  });

  it("rejects a cache that is not one, saying which file and what is wrong", async () => {
    const bad = join(dir, "bad.json");
    const cases: [string, RegExp][] = [
      ["{ not json", /not a netc tune cache \(.*JSON.*\)$/],
      ['{"netcTuneCache": 2, "adapters": []}', /expected \{netcTuneCache: 1, adapters: \[\.\.\.\]\}/],
      [
        JSON.stringify({
          netcTuneCache: 1,
          adapters: [
            {
              adapter: adapterIdentity(gpu().adapter),
              tiles: { x: { tile: { strategy: "fast" }, ms: 1, defaultMs: 1 } },
            },
          ],
        }),
        /adapters\[0\]\.tiles\["x"\] is not \{tile, ms, defaultMs\}/,
      ],
      // A workgroup tile without its depth, a tile without its time, tiles that are not by shape.
      ...[
        { x: { tile: { strategy: "workgroup", threads: [8, 8], rows: 4, cols: 4 }, ms: 1, defaultMs: 1 } },
        { x: { tile: MARKED, defaultMs: 1 } },
      ].map((tiles): [string, RegExp] => [
        JSON.stringify({ netcTuneCache: 1, adapters: [{ adapter: adapterIdentity(gpu().adapter), tiles }] }),
        /adapters\[0\]\.tiles\["x"\] is not \{tile, ms, defaultMs\}/,
      ]),
      [
        JSON.stringify({ netcTuneCache: 1, adapters: [{ adapter: adapterIdentity(gpu().adapter), tiles: [] }] }),
        /adapters\[0\] is not \{adapter, tiles\}/,
      ],
    ];
    for (const [text, message] of cases) {
      writeFileSync(bad, text);
      const error = await readTuneCache(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TuneCacheError);
      expect((error as Error).message.startsWith(`${bad}: `)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
    // A cache file that does not exist yet is an empty cache.
    expect(await readTuneCache(join(dir, "none.json"))).toEqual({ netcTuneCache: 1, adapters: [] });
  });

  it("warns once of a corrupt cache and uses the default tiles in compile --tuned and train; tune rewrites it", async () => {
    const bad = join(dir, "corrupt.json");
    writeFileSync(bad, "{ not json");
    const warning =
      `netc: warning: ${bad}: not a netc tune cache (${jsonError("{ not json")}); ` +
      "using the default tiles (`netc tune` rewrites the file)\n";
    for (const args of [
      ["compile", spec, "-o", join(dir, "out"), "--tuned", "--tune-cache", bad],
      ["train", "tests/specs/tiny_regression.net", "--tune-cache", bad, "--steps", "1", "--out", join(dir, "out")],
      ["tune", spec, "--tune-cache", bad],
    ]) {
      const run = await netc(...args);
      expect(run.status, args[0]).toBe(0);
      expect(run.stderr.split(warning), args[0]).toHaveLength(2);
    }
    expect((await readTuneCache(bad)).adapters.map((a) => a.adapter)).toEqual([adapterIdentity(gpu().adapter)]);
    expect(await netc("compile", spec, "-o", join(dir, "out"), "--tune-cache", bad)).toMatchObject({
      status: 2,
      stderr: "netc: --tune-cache needs --tuned\n",
    });
  });

  it("refuses, before measuring, a --tune-cache it cannot write", async () => {
    const folder = join(dir, "a-folder.json");
    mkdirSync(folder);
    const run = await netc("tune", spec, "--tune-cache", folder);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `netc: cannot write ${folder} (a directory): pass --tune-cache a path netc can write to\n`,
    );
    expect(run.stderr).not.toContain("tuning");
  });

  it("offers GPUs the 128×128 workgroup tile, and software adapters not", () => {
    const big: GemmSpec = {
      name: "big",
      m: 1024,
      n: 1024,
      k: 1024,
      a: { kind: "dense", transposed: false },
      b: { kind: "dense", transposed: false },
    };
    const classic = (target: Target) =>
      candidateTiles(big, target).filter((tile) => tile.strategy === "workgroup" && tile.rows === 8);
    // Whole, and with k split 4 ways: 64 tiles of 256 threads are a quarter of MIN_THREADS.
    const tile = { strategy: "workgroup", threads: [16, 16], rows: 8, cols: 8, depth: 8 } as const;
    expect(classic({ subgroupMinSize: 32 })).toEqual([tile, { ...tile, splits: 4 }]);
    expect(classic({ subgroupMinSize: 8, software: true })).toEqual([]);
  });

  it("times candidates whose k splits need more scratch than the ones prepared before them", async () => {
    // The op's tile splits k 2 ways, the candidate 16: its partial sums outgrow the scratch buffer
    // the op's tile was prepared with, and the op's tile is timed again in every round after, so its
    // kernels must still bind a live buffer.
    const tile: GemmTile = { strategy: "register", threads: [2, 1], rows: 4, cols: 4 };
    const long: GemmSpec = {
      name: "long_k",
      m: 4,
      n: 8,
      k: 4096,
      a: { kind: "dense", transposed: false },
      b: { kind: "dense", transposed: false },
      tile: { ...tile, splits: 2 },
    };
    const tuned = await tuneGemm(gpu().device, { spec: long, bindingSizes: {} }, [{ ...tile, splits: 16 }], true);
    expect(tuned.candidates.map((c) => c.tile)).toEqual([long.tile, { ...tile, splits: 16 }]);
    for (const candidate of tuned.candidates) {
      expect(candidate.failure, JSON.stringify(candidate.tile)).toBeUndefined();
      expect(candidate.ms).toBeGreaterThan(0);
    }
  });

  it("refuses to time a submission the device rejects", async () => {
    const { device } = gpu();
    const buffers = new GemmBuffers(device, { spec: { ...DENSE_4x4, name: "rejected" }, bindingSizes: {} });
    const prepared = await prepareGemm(device, DENSE_4x4, defaultGemmTile(DENSE_4x4), buffers);
    buffers.destroy();
    await expect(dispatch(device, prepared)).rejects.toThrow(/^the device rejected the kernels: .*destroyed/);
  });

  it("waits for each submission through one pacer per prepared GEMM, for all of its runs", async () => {
    const { device } = gpu();
    const buffers = new GemmBuffers(device, { spec: { ...DENSE_4x4, name: "paced" }, bindingSizes: {} });
    const waits = vi.spyOn(WaitPacer.prototype, "wait");
    try {
      const tile = defaultGemmTile(DENSE_4x4);
      const prepared = await prepareGemm(device, DENSE_4x4, tile, buffers);
      const other = await prepareGemm(device, DENSE_4x4, tile, buffers);
      const before = performance.now();
      await dispatch(device, prepared, 3);
      await dispatch(device, prepared, 3);
      await dispatch(device, other, 2);
      expect(waits.mock.calls.map(([kind, runs]) => [kind, runs])).toEqual([
        ["runs", 3],
        ["runs", 3],
        ["runs", 2],
      ]);
      // Timed from the submission: after the call began.
      for (const [, , startedMs] of waits.mock.calls) expect(startedMs).toBeGreaterThanOrEqual(before);
      // A prepared GEMM's submissions repeat the same work, so one pacer learns from them all.
      const [first, second, third] = waits.mock.contexts as WaitPacer[];
      expect(second).toBe(first);
      expect(third).not.toBe(first);
    } finally {
      waits.mockRestore();
      buffers.destroy();
    }
  });

  it("offers GPUs a conv's weight gradient with its loaders copied along k, and software adapters not", () => {
    const convSpec = join(dir, "conv.net");
    writeFileSync(
      convSpec,
      `model wide {
  input x: [N, 1, 28, 28]
  out x -> conv(64, 3, pad = 1) -> conv(128, 3, pad = 1, stride = 2) -> global_avgpool -> flatten -> linear(10)
}

train {
  data = fashion_mnist()
  loss = cross_entropy
  optimizer = sgd(lr = 0.1)
  batch = 8
  epochs = 1
}
`,
    );
    const gpuTarget: Target = { subgroupMinSize: 32, workgroupStorage: 49152 };
    const recorded = (target: Target) => {
      const recorder = new GemmRecorder();
      const result = compile(convSpec, { target: { ...target, gemmTiles: recorder } });
      expect(result.diagnostics).toEqual([]);
      return [...recorder.gemms.values()];
    };
    const walked = (target: Target, name: string) => {
      const gemm = recorded(target).find((g) => g.spec.name.startsWith(name));
      if (gemm === undefined) throw new Error(`no GEMM ${name}`);
      return candidateTiles(gemm.spec, target).filter((t) => t.strategy === "workgroup" && t.loadersAlongK);
    };
    // conv2's weight gradient (128 × 576 over k = 8·14·14) runs on a GPU workgroup tile of its own; strided,
    // it is a GEMM on software adapters too.
    const own = recorded(gpuTarget).find((g) => g.spec.name.startsWith("conv2_grad_weight"))!.spec.tile;
    expect(own?.strategy).toBe("workgroup");
    expect(walked(gpuTarget, "conv2_grad_weight")).toContainEqual({ ...own, loadersAlongK: true });
    // The forward conv's loader runs over channels and taps along k: nothing to walk.
    expect(walked(gpuTarget, "conv2_forward")).toEqual([]);
    expect(walked({ subgroupMinSize: 8, software: true }, "conv2_grad_weight")).toEqual([]);
  });

  it("keys tiles by sizes, batch and operand layouts", () => {
    const dense = { kind: "dense", transposed: false } as const;
    expect(gemmShapeKey({ m: 2, n: 3, k: 4, a: dense, b: { kind: "dense", transposed: true } })).toBe(FORWARD);
    expect(gemmShapeKey({ m: 2, n: 3, k: 4, batch: 5, a: { kind: "custom", wgsl: "", bindings: [] }, b: dense })).toBe(
      "2x3x4 batch 5 A loader B dense",
    );
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

/** Runs the `netc` command line in this process, collecting what it writes to stderr. */
async function netc(...args: string[]): Promise<{ status: number; stderr: string }> {
  let stderr = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { status: await main(args), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe("the tuner's measures", () => {
  it("normalizedError: the largest difference over the largest expected magnitude, or the difference where that is 0", () => {
    expect(normalizedError([1, 2.5, -3], [1, 2, -4])).toBe(1 / 4);
    // Expected all zeros: the difference itself, so a wrong output still shows.
    expect(normalizedError([0.5, 0], [0, 0])).toBe(0.5);
    expect(normalizedError([0, 0], [0, 0])).toBe(0);
    // Through an index: actual[1] against 1 and actual[3] against 3.5.
    expect(normalizedError([9, 1, 9, 3], [1, 3.5], Int32Array.of(1, 3))).toBe(0.5 / 3.5);
    expect(normalizedError([NaN, 1], [NaN, 2])).toBe(1 / 2);
    expect(normalizedError([NaN, 1], [0, 1])).toBe(Infinity);
  });

  it("dispatchesFor: about 100 ms of dispatches per submission, from 1 to 1000", () => {
    expect([0, 0.05, 0.1, 0.2, 30, 150, 500].map(dispatchesFor)).toEqual([1000, 1000, 1000, 500, 3, 1, 1]);
  });
});
