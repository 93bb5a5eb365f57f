// The GEMM generator on Dawn/lavapipe: every strategy against a float64 reference over all four
// transpose combinations, odd sizes, batches, accumulation, an epilogue and custom loaders; the
// shape of the generated code; and the spec errors callers see.

import { describe, expect, it } from "vitest";
import {
  defaultGemmTile,
  describeGemmTile,
  gemmKernels,
  splitK,
  type GemmKernel,
  type GemmSpec,
  type GemmTile,
} from "../src/ops/gemm.js";
import { download, runKernel, upload, useGpu } from "./helpers/gpu.js";
import { randomFloats, relativeError } from "./helpers/ops.js";

const gpu = useGpu();
const TOLERANCE = 1e-4;

interface Problem {
  m: number;
  n: number;
  k: number;
  batch?: number;
  transA?: boolean;
  transB?: boolean;
}

/** Operands in their stored layouts (A k×m when transposed, B n×k when transposed), batch-major. */
function operands({ m, n, k, batch = 1 }: Problem, seed: number) {
  return {
    a: randomFloats(batch * m * k, seed),
    b: randomFloats(batch * k * n, seed + 1),
    c: randomFloats(batch * m * n, seed + 2),
    bias: randomFloats(n, seed + 3),
  };
}

/** C = A·B in float64 (+ C when `accumulate`), then `epilogue`, from the stored layouts. */
function reference(
  { m, n, k, batch = 1, transA = false, transB = false }: Problem,
  data: ReturnType<typeof operands>,
  options: { accumulate?: boolean; epilogue?: (value: number, row: number, col: number) => number } = {},
): Float64Array {
  const out = new Float64Array(batch * m * n);
  for (let p = 0; p < batch; p++) {
    const a = (r: number, c: number) => data.a[p * m * k + (transA ? c * m + r : r * k + c)]!;
    const b = (r: number, c: number) => data.b[p * k * n + (transB ? c * k + r : r * n + c)]!;
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (let i = 0; i < k; i++) sum += a(r, i) * b(i, c);
        const index = p * m * n + r * n + c;
        if (options.accumulate) sum += data.c[index]!;
        out[index] = options.epilogue ? options.epilogue(sum, r, c) : sum;
      }
    }
  }
  return out;
}

/**
 * Runs the kernels of `spec` in order, binding buffers by name: gemm_a, gemm_b, gemm_c and the
 * extras, and scratch memory filled with NaN for a split GEMM's partial sums. Returns `result`'s
 * buffer (default gemm_c: m·n per batch).
 */
async function run(
  spec: GemmSpec,
  buffers: Record<string, Float32Array>,
  result = { name: "gemm_c", length: spec.m * spec.n * (spec.batch ?? 1) },
): Promise<Float32Array> {
  const { device } = gpu();
  const program = gemmKernels({ workgroupStorage: device.limits.maxComputeWorkgroupStorageSize, ...spec });
  const bound = new Map<string, GPUBuffer>();
  const bufferFor = (name: string) => {
    const data = name === "gemm_partials" ? new Float32Array(program.scratchFloats).fill(NaN) : buffers[name];
    if (!data) throw new Error(`test provides no buffer for binding ${name}`);
    if (!bound.has(name)) bound.set(name, upload(device, data));
    return bound.get(name)!;
  };
  for (const kernel of program.kernels) {
    await runKernel(
      device,
      kernel,
      kernel.bindings.map(({ name }) => bufferFor(name)),
    );
  }
  const output = await download(device, bound.get(result.name)!, result.length);
  for (const buffer of bound.values()) buffer.destroy();
  return output;
}

/** The one kernel of an unsplit GEMM. */
function onlyKernel(spec: GemmSpec): GemmKernel {
  const { kernels } = gemmKernels(spec);
  expect(kernels).toHaveLength(1);
  return kernels[0]!;
}

function denseSpec(problem: Problem, tile: GemmTile | undefined, extra: Partial<GemmSpec> = {}): GemmSpec {
  const { m, n, k, batch = 1, transA = false, transB = false } = problem;
  return {
    name: "test_gemm",
    m,
    n,
    k,
    batch,
    a: { kind: "dense", transposed: transA },
    b: { kind: "dense", transposed: transB },
    ...(tile ? { tile } : {}),
    ...extra,
  };
}

async function expectMatches(problem: Problem, tile: GemmTile | undefined, seed: number): Promise<void> {
  const data = operands(problem, seed);
  const actual = await run(denseSpec(problem, tile), {
    gemm_a: data.a,
    gemm_b: data.b,
    gemm_c: new Float32Array(data.c.length).fill(NaN),
  });
  const error = relativeError(actual, reference(problem, data));
  expect(error, `${JSON.stringify(problem)} ${JSON.stringify(tile)}`).toBeLessThanOrEqual(TOLERANCE);
}

/**
 * C += A·B, then a bias + relu epilogue, against the float64 reference: a bias per column (a
 * linear layer's features) and one per row (a conv's channels), read once per row or column.
 */
async function expectAccumulatedBiasRelu(problem: Problem, tile: GemmTile, seed: number): Promise<void> {
  const data = operands(problem, seed);
  for (const axis of ["col", "row"] as const) {
    const bias = axis === "col" ? data.bias : randomFloats(problem.m, seed + 4);
    const spec = denseSpec(problem, tile, {
      accumulate: true,
      epilogue: {
        bindings: [{ name: "bias", access: "read", type: "array<f32>" }],
        feature: { axis, index: (i) => i },
        apply: (v, at) => `max(${v} + ${at("bias")}, 0.0)`,
      },
    });
    const actual = await run(spec, { gemm_a: data.a, gemm_b: data.b, gemm_c: data.c, bias });
    const expected = reference(problem, data, {
      accumulate: true,
      epilogue: (v, row, col) => Math.max(v + bias[axis === "col" ? col : row]!, 0),
    });
    expect(relativeError(actual, expected), axis).toBeLessThanOrEqual(TOLERANCE);
    // The epilogue really ran: relu zeroed some outputs.
    expect(actual.filter((v) => v === 0).length).toBeGreaterThan(0);
  }
}

const TRANSPOSES = [
  { transA: false, transB: false },
  { transA: true, transB: false },
  { transA: false, transB: true },
  { transA: true, transB: true },
];

// Odd and prime sizes (clamped loads, guarded stores) with all four transpose combinations, then
// sizes of one element and under one tile.
const CASES: { label: string; problems: Problem[] }[] = [
  { label: "33x65x17", problems: TRANSPOSES.map((t) => ({ m: 33, n: 65, k: 17, ...t })) },
  {
    label: "1x1x1 and 7x13x5",
    problems: [
      { m: 1, n: 1, k: 1 },
      { m: 7, n: 13, k: 5, transA: true, transB: true },
    ],
  },
];

// Multiples of 4 that are not tile multiples: vec4 loads and stores with clamped groups, for the
// strategies that use them. A and B each load vec4s along k in one and along m or n in the other.
const VECTOR_CASE = {
  label: "36x44x20 and 40x24x13",
  problems: [
    { m: 36, n: 44, k: 20 },
    { m: 36, n: 44, k: 20, transA: true, transB: true },
    // A transposed read as vec4s along m, with a partial last step of k.
    { m: 40, n: 24, k: 13, transA: true },
  ],
};

/** The adapter's smallest subgroup size, when the device can use subgroups. */
function subgroupMinSize(): number | undefined {
  const { adapter, features } = gpu();
  return features.has("subgroups") ? adapter.info.subgroupMinSize : undefined;
}

// Small tiles keep the kernels quick to compile on lavapipe; the default tiles are tested below.
const STRATEGIES: { name: string; vectors: boolean; tile: () => GemmTile | undefined }[] = [
  {
    name: "register 4x4",
    vectors: true,
    tile: () => ({ strategy: "register", threads: [4, 4], rows: 4, cols: 4 }),
  },
  {
    name: "register 3x5",
    vectors: false,
    tile: () => ({ strategy: "register", threads: [4, 8], rows: 3, cols: 5 }),
  },
  {
    name: "subgroup",
    vectors: true,
    tile: () => {
      const size = subgroupMinSize();
      return size === undefined
        ? undefined
        : { strategy: "subgroup", subgroupSize: size, threads: 2 * size, rows: 4, cols: 4 };
    },
  },
  {
    name: "subgroup, 8 columns per lane",
    vectors: true,
    tile: () => {
      const size = subgroupMinSize();
      return size === undefined
        ? undefined
        : { strategy: "subgroup", subgroupSize: size, threads: size, rows: 5, cols: 8 };
    },
  },
  {
    // Rows fill the lanes twice: with a row-major A whose k is whole vec4s, each lane loads two
    // rows of every step and broadcasts them (spreadRows).
    name: "subgroup, rows spread over the lanes",
    vectors: true,
    tile: () => {
      const size = subgroupMinSize();
      return size === undefined
        ? undefined
        : { strategy: "subgroup", subgroupSize: size, threads: size, rows: 2 * size, cols: 4 };
    },
  },
  {
    // Groups of 4 rows fill the lanes: with A stored transposed, each lane loads its group's vec4
    // at each k of a step and broadcasts them (spreadRowGroups).
    name: "subgroup, row groups spread over the lanes",
    vectors: true,
    tile: () => {
      const size = subgroupMinSize();
      return size === undefined
        ? undefined
        : { strategy: "subgroup", subgroupSize: size, threads: size, rows: 4 * size, cols: 4 };
    },
  },
  {
    name: "workgroup",
    vectors: true,
    tile: () => ({ strategy: "workgroup", threads: [4, 4], rows: 4, cols: 8, depth: 4 }),
  },
  {
    name: "workgroup, k steps of 3 (no vec4s along k)",
    vectors: true,
    tile: () => ({ strategy: "workgroup", threads: [4, 4], rows: 4, cols: 4, depth: 3 }),
  },
  {
    // More workgroup memory than WebGPU guarantees, as GPUs' larger tiles take where the device
    // allows. 128 threads keep each one's share of the loads, unrolled, quick for lavapipe to compile.
    name: "workgroup, 24 KiB of workgroup memory",
    vectors: true,
    tile: () =>
      gpu().device.limits.maxComputeWorkgroupStorageSize < 24576
        ? undefined
        : { strategy: "workgroup", threads: [16, 8], rows: 4, cols: 4, depth: 32 },
  },
  { name: "splitk", vectors: false, tile: () => ({ strategy: "splitk", threads: 16, rows: 3, cols: 5 }) },
];

describe.each(STRATEGIES)("$name", ({ vectors, tile }) => {
  it.for(vectors ? [...CASES, VECTOR_CASE] : CASES)("$label", async ({ problems }, { skip }) => {
    const chosen = tile();
    if (!chosen) return skip("the device has no subgroups or too little workgroup memory");
    for (const [i, problem] of problems.entries()) await expectMatches(problem, chosen, 10 * i + problem.m);
  });

  it("257x129x300, one of them with a batch of 3", async ({ skip }) => {
    const chosen = tile();
    if (!chosen) return skip("the device has no subgroups or too little workgroup memory");
    await expectMatches({ m: 257, n: 129, k: 300, batch: 3, transA: true }, chosen, 7);
    await expectMatches({ m: 257, n: 129, k: 300, transB: true }, chosen, 8);
  });

  it("accumulates into C and applies a bias + relu epilogue", async ({ skip }) => {
    const chosen = tile();
    if (!chosen) return skip("the device has no subgroups or too little workgroup memory");
    await expectAccumulatedBiasRelu({ m: 37, n: 24, k: 29, batch: 2 }, chosen, 3);
  });

  it("reads A and B through custom loaders", async ({ skip }) => {
    const chosen = tile();
    if (!chosen) return skip("the device has no subgroups or too little workgroup memory");
    // The loaders see stored-transposed buffers: A as k×m, B as n×k, with a batch of 2.
    const problem = { m: 21, n: 18, k: 11, batch: 2, transA: true, transB: true };
    const data = operands(problem, 5);
    const spec: GemmSpec = {
      ...denseSpec(problem, chosen),
      a: {
        kind: "custom",
        bindings: [{ name: "a_stored", access: "read", type: "array<f32>" }],
        wgsl: `fn load_a(batch: u32, row: u32, col: u32) -> f32 { return a_stored[batch * 231u + col * 21u + row]; }`,
      },
      b: {
        kind: "custom",
        bindings: [{ name: "b_stored", access: "read", type: "array<f32>" }],
        wgsl: `fn load_b(batch: u32, row: u32, col: u32) -> f32 { return b_stored[batch * 198u + col * 11u + row]; }`,
      },
    };
    const actual = await run(spec, { a_stored: data.a, b_stored: data.b, gemm_c: new Float32Array(data.c.length) });
    expect(relativeError(actual, reference(problem, data))).toBeLessThanOrEqual(TOLERANCE);
  });

  it("stores C as rows 3.. of 17 per batch, leaving the other rows alone", async ({ skip }) => {
    const chosen = tile();
    if (!chosen) return skip("the device has no subgroups or too little workgroup memory");
    // n = 20: vec4 stores where the tile has them.
    const problem = { m: 12, n: 20, k: 9, batch: 2 };
    const { m, n } = problem;
    const into = { rows: 17, offset: 3 };
    const data = operands(problem, 9);
    const taller = new Float32Array(2 * into.rows * n).fill(-5);
    const actual = await run(
      denseSpec(problem, chosen, { into }),
      { gemm_a: data.a, gemm_b: data.b, gemm_c: taller },
      { name: "gemm_c", length: taller.length },
    );
    const expected = reference(problem, data);
    for (let batch = 0; batch < 2; batch++) {
      const rows = actual.subarray(batch * into.rows * n, (batch + 1) * into.rows * n);
      const written = rows.subarray(into.offset * n, (into.offset + m) * n);
      expect(relativeError(written, expected.subarray(batch * m * n, (batch + 1) * m * n))).toBeLessThanOrEqual(
        TOLERANCE,
      );
      const untouched = [...rows.subarray(0, into.offset * n), ...rows.subarray((into.offset + m) * n)];
      expect(
        untouched.filter((v) => v !== -5),
        `batch ${batch}`,
      ).toEqual([]);
    }
  });
});

describe("C in column blocks (a conv over a batch: a block of positions per image)", () => {
  const tiles: GemmTile[] = [
    { strategy: "register", threads: [4, 4], rows: 4, cols: 4 },
    { strategy: "register", threads: [4, 8], rows: 3, cols: 5 },
    { strategy: "register", threads: [4, 4], rows: 4, cols: 4, splits: 2 },
    // Each thread's columns in groups of 4, 8 apart.
    { strategy: "workgroup", threads: [2, 2], rows: 4, cols: 8, depth: 4 },
  ];
  // Blocks of 8 take vec4 stores, blocks of 6 cannot; into puts C's 5 rows at rows 2..6 of 9.
  const cases = tiles.flatMap((tile) => [8, 6].map((block) => ({ tile, block, name: describeGemmTile(tile) })));
  it.each(cases)("$name, blocks of $block", async ({ tile, block }) => {
    const problem = { m: 5, n: 24, k: 16 };
    const into = { rows: 9, offset: 2 };
    const data = operands(problem, 11);
    const stored = new Float32Array(into.rows * problem.n).fill(-5);
    const actual = await run(
      denseSpec(problem, tile, { columnBlock: block, into }),
      { gemm_a: data.a, gemm_b: data.b, gemm_c: stored },
      { name: "gemm_c", length: stored.length },
    );
    const expected = reference(problem, data);
    const want = new Float32Array(stored.length).fill(-5);
    for (let row = 0; row < problem.m; row++) {
      for (let col = 0; col < problem.n; col++) {
        const index = Math.floor(col / block) * into.rows * block + (into.offset + row) * block + (col % block);
        want[index] = expected[row * problem.n + col]!;
      }
    }
    expect(relativeError(actual, Float64Array.from(want))).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe("k split across workgroups", () => {
  // k = 48 splits into 2, 3 or 4 slices of whole vec4s; sizes are odd elsewhere.
  const tiles: { name: string; tile: () => GemmTile | undefined }[] = [
    {
      name: "register 4x4, 3 slices",
      tile: () => ({ strategy: "register", threads: [4, 4], rows: 4, cols: 4, splits: 3 }),
    },
    {
      name: "register 3x5, 2 slices",
      tile: () => ({ strategy: "register", threads: [4, 8], rows: 3, cols: 5, splits: 2 }),
    },
    {
      name: "workgroup, 4 slices",
      tile: () => ({ strategy: "workgroup", threads: [4, 2], rows: 4, cols: 4, depth: 4, splits: 4 }),
    },
    { name: "splitk, 3 slices", tile: () => ({ strategy: "splitk", threads: 16, rows: 3, cols: 5, splits: 3 }) },
    {
      name: "subgroup, 2 slices",
      tile: () => {
        const size = subgroupMinSize();
        return size === undefined
          ? undefined
          : { strategy: "subgroup", subgroupSize: size, threads: size, rows: 4, cols: 4, splits: 2 };
      },
    },
  ];

  it.for(tiles)("$name: every transpose, a batch, accumulation with an epilogue", async ({ tile }, ctx) => {
    const chosen = tile();
    if (!chosen) return ctx.skip("the device has no subgroups");
    for (const [i, t] of TRANSPOSES.entries()) await expectMatches({ m: 33, n: 65, k: 48, ...t }, chosen, 20 + i);
    await expectAccumulatedBiasRelu({ m: 37, n: 24, k: 48, batch: 2, transB: true }, chosen, 4);
  });

  it.for(tiles)("$name: custom loaders read each slice's own k", async ({ tile }, ctx) => {
    const chosen = tile();
    if (!chosen) return ctx.skip("the device has no subgroups");
    const problem = { m: 9, n: 7, k: 48, transA: true, transB: true };
    const data = operands(problem, 6);
    const spec: GemmSpec = {
      ...denseSpec(problem, chosen),
      a: {
        kind: "custom",
        bindings: [{ name: "a_stored", access: "read", type: "array<f32>" }],
        wgsl: `fn load_a(batch: u32, row: u32, col: u32) -> f32 { return a_stored[col * 9u + row]; }`,
      },
      b: {
        kind: "custom",
        bindings: [{ name: "b_stored", access: "read", type: "array<f32>" }],
        wgsl: `fn load_b(batch: u32, row: u32, col: u32) -> f32 { return b_stored[col * 48u + row]; }`,
      },
    };
    const actual = await run(spec, { a_stored: data.a, b_stored: data.b, gemm_c: new Float32Array(data.c.length) });
    expect(relativeError(actual, reference(problem, data))).toBeLessThanOrEqual(TOLERANCE);
  });

  it("stores into rows of a taller C, and binds the partial sums in place of C, then before it", async () => {
    const problem = { m: 12, n: 20, k: 48, batch: 2 };
    const into = { rows: 17, offset: 3 };
    const tile: GemmTile = { strategy: "register", threads: [4, 4], rows: 4, cols: 4, splits: 4 };
    const data = operands(problem, 9);
    const taller = new Float32Array(2 * into.rows * problem.n).fill(-5);
    const spec = denseSpec(problem, tile, { into });
    const actual = await run(
      spec,
      { gemm_a: data.a, gemm_b: data.b, gemm_c: taller },
      { name: "gemm_c", length: taller.length },
    );
    const expected = reference(problem, data);
    for (let batch = 0; batch < 2; batch++) {
      const rows = actual.subarray(batch * into.rows * problem.n, (batch + 1) * into.rows * problem.n);
      const written = rows.subarray(into.offset * problem.n, (into.offset + problem.m) * problem.n);
      const want = expected.subarray(batch * problem.m * problem.n, (batch + 1) * problem.m * problem.n);
      expect(relativeError(written, want)).toBeLessThanOrEqual(TOLERANCE);
      expect(rows.subarray(0, into.offset * problem.n).every((v) => v === -5)).toBe(true);
    }
    const program = gemmKernels(spec);
    expect(program.scratchFloats).toBe(4 * 2 * 12 * 20);
    expect(program.kernels.map((k) => k.bindings.map((b) => b.name))).toEqual([
      ["gemm_a", "gemm_b", "gemm_partials"],
      ["gemm_partials", "gemm_c"],
    ]);
  });

  it("is the default only where C has too few tiles for a large GPU", () => {
    // A 3×3 conv's weight gradient at 64 channels, batch 256, 24×24: k = 147456.
    const gradWeight = defaultGemmTile({ m: 64, n: 576, k: 147456 }, { subgroupMinSize: 32 });
    expect(gradWeight.splits).toBeGreaterThan(1);
    expect(147456 % gradWeight.splits!).toBe(0);
    expect(defaultGemmTile({ m: 4096, n: 4096, k: 4096 }, { subgroupMinSize: 32 }).splits).toBeUndefined();
    // Slices shorter than 256 are not worth their partial sums: as many as k allows, or none.
    expect(defaultGemmTile({ m: 16, n: 150, k: 25600 }).splits).toBe(100);
    expect(defaultGemmTile({ m: 8, n: 8, k: 500 }).splits).toBeUndefined();
    // A software adapter with a workgroup per CPU thread keeps C's tiles whole where they fill
    // its threads, and splits k where C is one tile (LeNet's conv1 weight gradient: 6×25 over all
    // of C in one subgroup tile).
    const software = { subgroupMinSize: 8, minThreads: 2, minWorkgroups: 2 };
    expect(defaultGemmTile({ m: 64, n: 576, k: 147456 }, software).splits).toBeUndefined();
    const wholeC: GemmTile = { strategy: "subgroup", subgroupSize: 8, threads: 8, rows: 6, cols: 4 };
    expect(splitK({ m: 6, n: 25, k: 200704 }, wholeC, software).splits).toBe(2);
    expect(splitK({ m: 6, n: 25, k: 200704 }, wholeC, { ...software, minWorkgroups: 1 }).splits).toBeUndefined();
  });
});

describe("workgroup tiles copying loaders along k", () => {
  // A stored m×k and B stored n×k behind loaders that say so: k is contiguous in both. k = 60 is
  // not a multiple of the depth, m and n not of the tile.
  const problem = { m: 13, n: 10, k: 60, batch: 2, transB: true };
  const loaders = (contiguous: boolean): Pick<GemmSpec, "a" | "b"> => ({
    a: {
      kind: "custom",
      bindings: [{ name: "a_stored", access: "read", type: "array<f32>" }],
      wgsl: `fn load_a(batch: u32, row: u32, col: u32) -> f32 { return a_stored[batch * 780u + row * 60u + col]; }`,
      ...(contiguous ? { contiguous: "col" as const } : {}),
    },
    b: {
      kind: "custom",
      bindings: [{ name: "b_stored", access: "read", type: "array<f32>" }],
      wgsl: `fn load_b(batch: u32, row: u32, col: u32) -> f32 { return b_stored[batch * 600u + col * 60u + row]; }`,
      ...(contiguous ? { contiguous: "row" as const } : {}),
    },
  });
  const tile: GemmTile = { strategy: "workgroup", threads: [2, 2], rows: 4, cols: 4, depth: 8, loadersAlongK: true };

  it.each([1, 5])("computes A·B with k split %i ways", async (splits) => {
    const data = operands(problem, 31);
    const spec: GemmSpec = { ...denseSpec(problem, { ...tile, splits }), ...loaders(true) };
    const actual = await run(spec, { a_stored: data.a, b_stored: data.b, gemm_c: new Float32Array(data.c.length) });
    expect(relativeError(actual, reference(problem, data))).toBeLessThanOrEqual(TOLERANCE);
  });

  it("walks k only where a loader says it is contiguous", () => {
    const code = (contiguous: boolean, alongK: boolean) =>
      gemmKernels({ ...denseSpec(problem, { ...tile, loadersAlongK: alongK }), ...loaders(contiguous) }).kernels[0]!
        .code;
    // The first copy of A: its thread's row and k, tile-major (threads along rows) or k-major.
    const tileMajor = "load_a(batch, min(tile_row * 8u + (gemm_thread) % 8u, 12u), min((gemm_thread) / 8u, 59u))";
    const kMajor = "load_a(batch, min(tile_row * 8u + (gemm_thread) / 8u, 12u), min((gemm_thread) % 8u, 59u))";
    expect(code(true, false)).toContain(tileMajor);
    expect(code(true, true)).toContain(kMajor);
    expect(code(false, true)).toContain(tileMajor);
    // Two stages of 8 k rows of A's 2 vec4s, each k row padded by one where copies run along k.
    expect(code(true, false)).toContain("var<workgroup> gemm_tile_a: array<vec4<f32>, 32>;");
    expect(code(true, true)).toContain("var<workgroup> gemm_tile_a: array<vec4<f32>, 48>;");
  });
});

describe("default tiles", () => {
  // The MLP and conv-like training shapes the defaults were measured on, at a smaller batch.
  const shapes: Problem[] = [
    { m: 64, n: 256, k: 784, transB: true },
    { m: 64, n: 10, k: 256, transB: true },
    { m: 784, n: 256, k: 64, transA: true },
    { m: 1568, n: 6, k: 25 },
    { m: 6, n: 25, k: 1568, transA: true },
    { m: 1, n: 300, k: 77 },
    { m: 300, n: 1, k: 77 },
  ];
  it.each(shapes)("m=$m n=$n k=$k", async (problem) => {
    await expectMatches(problem, undefined, problem.m + problem.n);
    const size = subgroupMinSize();
    if (size === undefined) return;
    await expectMatches(problem, defaultGemmTile(problem, { subgroupMinSize: size }), problem.k);
    await expectMatches(problem, defaultGemmTile(problem, { subgroupMinSize: size, software: true }), problem.n);
  });

  it("picks split-k for few outputs over a long k, runs threads along a skinny C, and subgroups only when given a size", () => {
    expect(defaultGemmTile({ m: 6, n: 25, k: 25088 }).strategy).toBe("splitk");
    expect(defaultGemmTile({ m: 25088, n: 6, k: 25 })).toMatchObject({ strategy: "register", threads: [1, 64] });
    expect(defaultGemmTile({ m: 1, n: 1024, k: 1024 })).toMatchObject({ strategy: "register", threads: [64, 1] });
    expect(defaultGemmTile({ m: 256, n: 256, k: 784 }).strategy).toBe("register");
    expect(defaultGemmTile({ m: 256, n: 256, k: 784 }, { subgroupMinSize: 8 })).toMatchObject({
      strategy: "subgroup",
      rows: 16,
      cols: 8,
    });
    // Too narrow for 8 columns on each of 8 lanes: 4.
    expect(defaultGemmTile({ m: 256, n: 40, k: 784 }, { subgroupMinSize: 8 })).toMatchObject({ cols: 4 });
    // A software adapter takes 32 rows of 4 columns per lane, or C's rows where it has fewer.
    expect(defaultGemmTile({ m: 256, n: 256, k: 784 }, { subgroupMinSize: 8, software: true })).toMatchObject({
      strategy: "subgroup",
      rows: 32,
      cols: 4,
    });
    expect(defaultGemmTile({ m: 20, n: 256, k: 784 }, { subgroupMinSize: 8, software: true })).toMatchObject({
      rows: 20,
    });
  });

  it("gives a GPU's large C workgroup tiles 128 wide, with k whole", () => {
    const h100 = { subgroupMinSize: 32, workgroupStorage: 49152 };
    const wide = { strategy: "workgroup", threads: [16, 16], rows: 8 };
    expect(defaultGemmTile({ m: 4096, n: 4096, k: 4096 }, h100)).toEqual({ ...wide, cols: 8, depth: 8 });
    // Fewer than 256 tiles of 128×128: 128×64 in k steps of 16, where the device has 24 KiB.
    expect(defaultGemmTile({ m: 1024, n: 1024, k: 1024 }, h100)).toEqual({ ...wide, cols: 4, depth: 16 });
    expect(defaultGemmTile({ m: 1024, n: 1024, k: 1024 }, { subgroupMinSize: 32 })).toMatchObject({
      strategy: "subgroup",
    });
    // Small or thin C, and software adapters, keep their tiles.
    expect(defaultGemmTile({ m: 512, n: 1024, k: 1024 }, h100).strategy).toBe("subgroup");
    expect(defaultGemmTile({ m: 64, n: 65536, k: 1024 }, h100).strategy).toBe("subgroup");
    expect(defaultGemmTile({ m: 4096, n: 4096, k: 4096 }, { ...h100, software: true }).strategy).toBe("subgroup");
  });

  it("switches strategy exactly at the documented boundaries", () => {
    // Split-k for at most 4096 outputs over a k at least 16 times as long.
    expect(defaultGemmTile({ m: 64, n: 64, k: 16 * 4096 }).strategy).toBe("splitk");
    expect(defaultGemmTile({ m: 64, n: 64, k: 16 * 4096 - 4 }).strategy).toBe("register");
    expect(defaultGemmTile({ m: 4096, n: 1, k: 16 * 4096 }).strategy).toBe("splitk");
    expect(defaultGemmTile({ m: 4097, n: 1, k: 1 << 20 }).strategy).toBe("register");
    // Threads along the long side where C has fewer than 16 columns (or rows).
    expect(defaultGemmTile({ m: 256, n: 15, k: 64 })).toMatchObject({ threads: [1, 64] });
    expect(defaultGemmTile({ m: 256, n: 16, k: 64 })).toMatchObject({ threads: [8, 8] });
    expect(defaultGemmTile({ m: 15, n: 256, k: 64 })).toMatchObject({ threads: [64, 1] });
    expect(defaultGemmTile({ m: 16, n: 256, k: 64 })).toMatchObject({ threads: [8, 8] });
    // Subgroup tiles from 4 columns per lane, 8 from 8 per lane.
    const lanes8 = { subgroupMinSize: 8 };
    expect(defaultGemmTile({ m: 256, n: 31, k: 64 }, lanes8).strategy).toBe("register");
    expect(defaultGemmTile({ m: 256, n: 32, k: 64 }, lanes8)).toMatchObject({ strategy: "subgroup", cols: 4 });
    expect(defaultGemmTile({ m: 256, n: 63, k: 64 }, lanes8)).toMatchObject({ strategy: "subgroup", cols: 4 });
    expect(defaultGemmTile({ m: 256, n: 64, k: 64 }, lanes8)).toMatchObject({ strategy: "subgroup", cols: 8 });
    // A GPU's 128×128 tile from 256 such tiles of C (over the batch too), 128×64 below.
    const h100 = { subgroupMinSize: 32, workgroupStorage: 49152 };
    expect(defaultGemmTile({ m: 2048, n: 2048, k: 64 }, h100)).toMatchObject({ cols: 8, depth: 8 });
    expect(defaultGemmTile({ m: 2048, n: 1920, k: 64 }, h100)).toMatchObject({ cols: 4, depth: 16 });
    expect(defaultGemmTile({ m: 1024, n: 1024, k: 64, batch: 4 }, h100)).toMatchObject({ cols: 8, depth: 8 });
    expect(defaultGemmTile({ m: 1024, n: 1024, k: 64, batch: 3 }, h100)).toMatchObject({ cols: 4, depth: 16 });
  });

  it("splits k only into slices of at least 256 that are whole vec4s", () => {
    // C is 3 register tiles of 64 threads, far fewer than 65536 threads: k splits as far as it may.
    // k = 1100: 4 slices of 275 are not whole vec4s, 5 of 220 are too short, 2 of 550 not whole vec4s.
    expect(defaultGemmTile({ m: 16, n: 150, k: 1100 }).splits).toBeUndefined();
    // k = 1040: 4 slices of 260.
    expect(defaultGemmTile({ m: 16, n: 150, k: 1040 }).splits).toBe(4);
    for (let k = 512; k <= 4096; k += 4) {
      const splits = defaultGemmTile({ m: 16, n: 150, k }).splits ?? 1;
      expect(k % splits, `k ${k}`).toBe(0);
      expect((k / splits) % 4, `k ${k}`).toBe(0);
      if (splits > 1) expect(k / splits, `k ${k}`).toBeGreaterThanOrEqual(256);
    }
  });

  it("computes with the large GPU tiles, over sizes that are not tile multiples", async () => {
    const storage = gpu().device.limits.maxComputeWorkgroupStorageSize;
    for (const problem of [
      { m: 1031, n: 1030, k: 37 },
      { m: 2100, n: 2051, k: 9, transA: true },
    ]) {
      const tile = defaultGemmTile(problem, { workgroupStorage: storage });
      expect(tile.strategy).toBe("workgroup");
      await expectMatches(problem, tile, problem.k);
    }
  });
});

describe("generated code", () => {
  const register: GemmTile = { strategy: "register", threads: [8, 8], rows: 4, cols: 8 };
  const code = (problem: Problem) => onlyKernel(denseSpec(problem, register)).code;

  it("bakes sizes in and checks bounds only where a dimension is not a tile multiple", () => {
    const exact = code({ m: 64, n: 128, k: 32 });
    expect(exact).not.toMatch(/min\(|if \(/);
    expect(exact).toContain("k0 < 32u");
    expect(code({ m: 65, n: 128, k: 32 })).toMatch(/< 65u/);
    expect(code({ m: 64, n: 130, k: 32 })).toMatch(/< 130u/);
  });

  it("loads vec4s along the stored-contiguous axis only when it is a multiple of 4", () => {
    expect(code({ m: 64, n: 64, k: 64 })).toMatch(
      /gemm_a: array<vec4<f32>>[^]*gemm_b: array<vec4<f32>>[^]*gemm_c: array<vec4<f32>>/,
    );
    // A stored k×m has m contiguous: 62 is no multiple of 4; B's n = 64 still is.
    const mixed = code({ m: 62, n: 64, k: 64, transA: true });
    expect(mixed).toContain("gemm_a: array<f32>");
    expect(mixed).toContain("gemm_b: array<vec4<f32>>");
  });

  it("folds a grid past 65535 workgroups per dimension and still covers every row", async () => {
    const problem = { m: 70001, n: 1, k: 2 };
    const tile: GemmTile = { strategy: "register", threads: [1, 1], rows: 1, cols: 1 };
    const kernel = onlyKernel(denseSpec(problem, tile));
    expect(kernel.workgroups).toEqual([65535, 2, 1]);
    await expectMatches(problem, tile, 1);
  });

  it("binds dense A, dense B, C, then the extras in declaration order", () => {
    const kernel = onlyKernel({
      ...denseSpec({ m: 8, n: 8, k: 8 }, register),
      b: {
        kind: "custom",
        wgsl: "fn load_b(batch: u32, row: u32, col: u32) -> f32 { return w[row]; }",
        bindings: [{ name: "w", access: "read", type: "array<f32>" }],
      },
      epilogue: {
        bindings: [{ name: "bias", access: "read", type: "array<f32>" }],
        feature: { axis: "col", index: (i) => i },
        apply: (v, at) => `${v} + ${at("bias")}`,
      },
    });
    expect(kernel.bindings).toEqual([
      { name: "gemm_a", access: "read" },
      { name: "gemm_c", access: "read_write" },
      { name: "w", access: "read" },
      { name: "bias", access: "read" },
    ]);
  });
});

describe("spec errors", () => {
  const spec = denseSpec({ m: 8, n: 8, k: 8 }, undefined);
  const cases: [string, GemmSpec][] = [
    ["gemm test_gemm: k must be a positive integer, got 0", { ...spec, k: 0 }],
    ["gemm has space: the name must be a WGSL identifier (letters, digits, _)", { ...spec, name: "has space" }],
    [
      "a workgroup of 512 threads exceeds 256",
      { ...spec, tile: { strategy: "register", threads: [32, 16], rows: 1, cols: 1 } },
    ],
    [
      "tile.threads (48) must be a multiple of tile.subgroupSize (32)",
      { ...spec, tile: { strategy: "subgroup", subgroupSize: 32, threads: 48, rows: 1, cols: 1 } },
    ],
    [
      "tile.subgroupSize must be a multiple of 4",
      { ...spec, tile: { strategy: "subgroup", subgroupSize: 6, threads: 6, rows: 1, cols: 1 } },
    ],
    [
      "needs 32768 bytes of workgroup memory, over the device's 16384",
      { ...spec, tile: { strategy: "splitk", threads: 256, rows: 4, cols: 8 } },
    ],
    [
      "tile rows must be a positive integer, got 2.5",
      { ...spec, tile: { strategy: "workgroup", threads: [8, 8], rows: 2.5, cols: 2, depth: 8 } },
    ],
    [
      "a workgroup tile's rows and cols must be multiples of 4 (its workgroup memory holds vec4s), got 2x8",
      { ...spec, tile: { strategy: "workgroup", threads: [8, 8], rows: 2, cols: 8, depth: 8 } },
    ],
    [
      'extra binding "gemm_bias" uses the prefix gemm_',
      {
        ...spec,
        epilogue: {
          bindings: [{ name: "gemm_bias", access: "read", type: "array<f32>" }],
          feature: { axis: "col", index: (i) => i },
          apply: (v) => v,
        },
      },
    ],
    ["into: C's 8 rows from row 3 must fit in 10 rows per batch", { ...spec, into: { rows: 10, offset: 3 } }],
    ["columnBlock 3 must be a positive divisor of n (8)", { ...spec, columnBlock: 3 }],
    [
      "k (8) must split into 3 slices of a whole number of vec4s",
      { ...spec, tile: { strategy: "register", threads: [4, 4], rows: 2, cols: 2, splits: 3 } },
    ],
    [
      'binding "x" is declared twice',
      {
        ...spec,
        a: { kind: "custom", wgsl: "", bindings: [{ name: "x", access: "read", type: "array<f32>" }] },
        epilogue: {
          bindings: [{ name: "x", access: "read", type: "array<f32>" }],
          feature: { axis: "col", index: (i) => i },
          apply: (v) => v,
        },
      },
    ],
  ];
  it.each(cases)("%s", (message, bad) => {
    expect(() => gemmKernels(bad)).toThrow(message);
  });

  it("bounds workgroup memory by the device's limit where the spec gives one", () => {
    const tile: GemmTile = { strategy: "workgroup", threads: [16, 16], rows: 8, cols: 8, depth: 16 };
    expect(() => gemmKernels({ ...spec, tile, workgroupStorage: 32767 })).toThrow("needs 32768 bytes");
    expect(gemmKernels({ ...spec, tile, workgroupStorage: 32768 }).kernels[0]!.code).toContain(
      "var<workgroup> gemm_tile_a: array<vec4<f32>, 1024>;",
    );
  });
});
