// GEMM kernels: C[m×n] = epilogue(A[m×k] · B[k×n] (+ C)), optionally batched, as WGSL with every
// size baked in, so loops have constant trip counts and bounds checks appear only where a
// dimension is not a multiple of the tile. Four strategies (GemmTile):
//   register  — each thread keeps a rows×cols block of C in registers; no workgroup memory.
//   subgroup  — register blocking along n where A's values reach the lanes by subgroup shuffles,
//               so each value is loaded once per subgroup instead of once per lane.
//   workgroup — the classic tiling through workgroup memory, double-buffered.
//   splitk    — for few outputs and a long k: a workgroup's threads split k and sum in workgroup memory.
// Any tile may also split k across workgroups (`splits`): each slice of k is a GEMM of its own
// written to scratch memory, and a second kernel sums the slices into C. Few tiles of C over a long
// k (weight gradients of convolutions, where k is batch × height × width) would otherwise leave
// most of a large GPU idle.
// Dense operands are read as vec4 wherever the stored layout and the tile allow it.

import { extraBindings, gemmBindings } from "./gemm/operands.js";
import {
  registerKernel,
  splitKKernel,
  subgroupKernel,
  sumSlicesKernel,
  workgroupKernel,
  workgroupKRows,
} from "./gemm/strategies.js";
import { MAX_WORKGROUPS_PER_DIM } from "./wgsl.js";

export interface ExtraBinding {
  name: string;
  access: "read" | "read_write";
  /** WGSL type, e.g. `array<f32>`. */
  type: string;
}

/**
 * An operand: dense row-major storage (`transposed`: the stored matrix is the transpose, i.e. A
 * stored k×m or B stored n×k), or a custom loader for implicit GEMM: WGSL defining
 * `fn load_a(batch: u32, row: u32, col: u32) -> f32` (or `load_b`) over its own bindings. The
 * kernel calls a loader only with row and col inside the logical matrix. A loader's `contiguous`
 * axis, where it has one, is the logical axis along which neighbouring indices mostly read
 * neighbouring addresses (see WorkgroupTile's `loadersAlongK`).
 */
export type Operand =
  | { kind: "dense"; transposed: boolean }
  | { kind: "custom"; wgsl: string; bindings: ExtraBinding[]; contiguous?: "row" | "col" };

/**
 * Applied to each element of C before it is stored. Its tensors hold one f32 per feature (a
 * layer's output channel or feature), and the feature follows C's rows or its columns: a kernel
 * reads each feature's values once per thread, not once per element (on lavapipe every load is a
 * loop over the lanes; per element, a folded batch norm's loads took most of a conv's compile
 * time).
 */
export interface Epilogue {
  /** The per-feature tensors, `array<f32>` each. */
  bindings: ExtraBinding[];
  /** Helper functions `apply` may call. */
  wgsl?: string;
  /** The axis of C the feature follows, and the feature of index `i` along it (WGSL u32; `batch` in scope). */
  feature: { axis: "row" | "col"; index: (i: string) => string };
  /** A WGSL f32 expression of the element's `value` (the sum, plus the old C when accumulating) and `at(binding)`, the binding's value at the element's feature. */
  apply: (value: string, at: (binding: string) => string) => string;
}

/** What every tile may add: k split across `splits` workgroups (default 1), each summing k / splits. */
interface KSplit {
  splits?: number;
}

/** Each thread computes a rows×cols block of C; `threads` = [along n, along m]. */
export interface RegisterTile extends KSplit {
  strategy: "register";
  threads: [number, number];
  rows: number;
  cols: number;
}

/**
 * Register blocking along n with a workgroup of `threads` lanes sharing `rows` rows of C: the
 * first `subgroupSize` lanes of a subgroup share out the loads of A (each its own k, or where the
 * rows fill the lanes evenly its own rows) and shuffle the values to the others.
 * Needs the `subgroups` feature and subgroups of at least `subgroupSize` lanes (the adapter's
 * subgroupMinSize, a multiple of 4 as every subgroup size is).
 */
export interface SubgroupTile extends KSplit {
  strategy: "subgroup";
  subgroupSize: number;
  threads: number;
  rows: number;
  cols: number;
}

/**
 * Tiles of (threads[1]·rows) × (threads[0]·cols) of C, stepping k by `depth` through workgroup
 * memory, double-buffered: the next k block is loaded while the current one is multiplied. Rows
 * and cols are multiples of 4: each thread reads its share of a k step as vec4s. Neighbouring
 * threads copy a block walking the operand's stored rows where it is dense, else the tile's rows
 * (A) or columns (B); with `loadersAlongK`, a loader whose `contiguous` axis is k is walked along
 * k (a conv's weight gradient: its k runs over neighbouring pixels, its rows and columns over
 * channels a plane apart), and each k row in workgroup memory is padded by a vec4 so that those
 * copies' stores, a k row apart, fall in different banks.
 */
export interface WorkgroupTile extends KSplit {
  strategy: "workgroup";
  threads: [number, number];
  rows: number;
  cols: number;
  depth: number;
  loadersAlongK?: boolean;
}

/** A workgroup computes a rows×cols block of C, its `threads` threads each summing a share of k. */
export interface SplitKTile extends KSplit {
  strategy: "splitk";
  threads: number;
  rows: number;
  cols: number;
}

export type GemmTile = RegisterTile | SubgroupTile | WorkgroupTile | SplitKTile;

export interface GemmSpec {
  /** WGSL-safe kernel name, used in comments and labels. */
  name: string;
  m: number;
  n: number;
  k: number;
  /** Independent GEMMs, each operand advancing by its own matrix size per batch; default 1. */
  batch?: number;
  /** Logical A is m×k. */
  a: Operand;
  /** Logical B is k×n. */
  b: Operand;
  /** C += A·B (gradient accumulation); the epilogue sees the sum. */
  accumulate?: boolean;
  epilogue?: Epilogue;
  /**
   * C stored as rows `offset`..`offset + m` of a taller row-major matrix of `rows` rows per batch
   * (a layer writing its channels of a concat's output in place); default: m rows per batch.
   */
  into?: { rows: number; offset: number };
  /**
   * C's columns come in blocks of this many, each stored as its own matrix of those columns after
   * the previous block's (a convolution over a batch: a block per image, [N, C, H·W]); default: n.
   */
  columnBlock?: number;
  /** Default: `defaultGemmTile(spec)`. */
  tile?: GemmTile;
  /**
   * Bytes of workgroup memory the device allows a workgroup (its maxComputeWorkgroupStorageSize),
   * which bounds the workgroup tiles; default WebGPU's guaranteed 16384.
   */
  workgroupStorage?: number;
}

/**
 * One slice of a GEMM whose k is split across workgroups: a GEMM over `k` (the slice's length)
 * whose operands are stored with the whole `storedK`, reading from k offset `gemm_split · k`, and
 * whose C is slice `gemm_split` of the partial sums (bound as `gemm_partials`): laid out as C is,
 * column blocks included, without `into`'s rows around it.
 */
export interface GemmSlice extends GemmSpec {
  slice: { splits: number; storedK: number };
}

export interface GemmKernel {
  code: string;
  entryPoint: string;
  workgroups: [number, number, number];
  /**
   * Binding i is group 0 binding i: dense A, dense B (each if dense), C, then custom A's, custom
   * B's and the epilogue's extras. A split GEMM binds `gemm_partials`, its scratch memory, in
   * place of C in the first kernel and before C in the second.
   */
  bindings: { name: string; access: "read" | "read_write" }[];
}

/** A GEMM's kernels in dispatch order, and the scratch memory they share (0 unless k is split). */
export interface GemmProgram {
  kernels: GemmKernel[];
  scratchFloats: number;
}

/** WebGPU's guaranteed minimums, which every generated kernel stays within. */
const MAX_THREADS_PER_WORKGROUP = 256;
const DEFAULT_WORKGROUP_STORAGE = 16384;

/**
 * The tile used when a spec names none, picked from measurements on lavapipe (bench/GEMM-NOTES.md)
 * and, for a large C on GPUs, on an H100 (`largeGpuTile`), with k split across workgroups where C's
 * tiles are too few for the device (`splitK`). Pass `subgroupMinSize` when the device has the
 * `subgroups` feature (adapter.info.subgroupMinSize).
 */
export function defaultGemmTile(spec: Pick<GemmSpec, "m" | "n" | "k" | "batch">, device: GemmDevice = {}): GemmTile {
  return largeGpuTile(spec, device) ?? splitK(spec, unsplitGemmTile(spec, device), device);
}

/**
 * A GPU's tile for a large C: 128×128 through workgroup memory (16×16 threads of 8×8, k steps of
 * 8) where C has at least 256 such tiles, else 128×64 in k steps of 16 where the device has the
 * 24 KiB that takes, k whole. On an H100 the first ran 4096³ at 37.7–38.0 TFLOP/s against the
 * subgroup tile's 31.7–31.9, the second 1024³ at 29.7–29.8 against the subgroup tile's 24.2 with k
 * split 4 ways, and 27.6–29.1 with k split 2 ways (bench/RESULTS.md). Software adapters, whose
 * barriers are dear, keep the tiles measured there, and convolutions their own (convTile).
 */
function largeGpuTile(spec: Pick<GemmSpec, "m" | "n" | "batch">, device: GemmDevice): GemmTile | undefined {
  const { m, n, batch = 1 } = spec;
  if (device.software || m < 128 || n < 128 || m * n < 1 << 20) return undefined;
  const workgroup = (cols: number, depth: number): GemmTile => ({
    strategy: "workgroup",
    threads: [16, 16],
    rows: 8,
    cols,
    depth,
  });
  if (Math.ceil(m / 128) * Math.ceil(n / 128) * batch >= 256) return workgroup(8, 8);
  const deep = workgroup(4, 16);
  return tileFits(deep, device) ? deep : undefined;
}

/** Whether the tile's workgroup memory is within what the device allows a workgroup. */
export function tileFits(tile: GemmTile, device: Pick<GemmDevice, "workgroupStorage">): boolean {
  return workgroupStorageBytes(tile) <= workgroupStorageOf(device);
}

/** Bytes of workgroup memory the device allows a workgroup: its own limit, else WebGPU's 16384. */
function workgroupStorageOf(device: Pick<GemmDevice, "workgroupStorage">): number {
  return device.workgroupStorage ?? DEFAULT_WORKGROUP_STORAGE;
}

/** What the default tiles depend on: see Target. */
export interface GemmDevice {
  subgroupMinSize?: number;
  workgroupStorage?: number;
  minThreads?: number;
  minWorkgroups?: number;
  software?: boolean;
}

/** `tile`, with k split across workgroups where C has too few tiles to occupy the device. */
export function splitK(
  spec: Pick<GemmSpec, "m" | "n" | "k" | "batch">,
  tile: GemmTile,
  device: GemmDevice = {},
): GemmTile {
  const splits = kSplits(spec, tile, device.minThreads ?? MIN_THREADS, device.minWorkgroups ?? 1);
  return splits > 1 ? { ...tile, splits } : tile;
}

/**
 * Threads a GEMM should have at least where the device does not say: a quarter of what a large
 * GPU keeps resident (an H100: 132 multiprocessors × 2048), enough to hide memory latency.
 */
export const MIN_THREADS = 65536;
/** The shortest k slice worth a workgroup: the slices' partial sums cost one store per element of C. */
const MIN_SLICE_K = 256;

/**
 * How many workgroups k is split across: enough for `minThreads` and `minWorkgroups` in all where
 * slices of at least MIN_SLICE_K allow it, else as many as they allow; a divisor of k whose slices
 * are whole vec4s, so that every slice reads like the whole.
 */
function kSplits(
  spec: Pick<GemmSpec, "m" | "n" | "k" | "batch">,
  tile: GemmTile,
  minThreads: number,
  minWorkgroups: number,
): number {
  const most = Math.floor(spec.k / MIN_SLICE_K);
  const tiles = tileCount(spec, tile);
  const wanted = Math.max(Math.ceil(minThreads / (tiles * threadsOf(tile))), Math.ceil(minWorkgroups / tiles));
  const goal = Math.min(wanted, most);
  const fits = (splits: number) => spec.k % splits === 0 && (spec.k / splits) % 4 === 0;
  for (let splits = goal; splits <= Math.min(2 * goal, most); splits++) if (fits(splits)) return splits;
  for (let splits = goal - 1; splits >= 2; splits--) if (fits(splits)) return splits;
  return 1;
}

function threadsOf(tile: GemmTile): number {
  return typeof tile.threads === "number" ? tile.threads : tile.threads[0] * tile.threads[1];
}

/** Workgroups of a tile over C, before any split of k. */
function tileCount(spec: Pick<GemmSpec, "m" | "n" | "batch">, tile: GemmTile): number {
  const [tileRows, tileCols] =
    tile.strategy === "subgroup"
      ? [tile.rows, tile.threads * tile.cols]
      : tile.strategy === "splitk"
        ? [tile.rows, tile.cols]
        : [tile.threads[1] * tile.rows, tile.threads[0] * tile.cols];
  return Math.ceil(spec.m / tileRows) * Math.ceil(spec.n / tileCols) * (spec.batch ?? 1);
}

/** The tile over C alone, before `splitK`. */
export function unsplitGemmTile(spec: Pick<GemmSpec, "m" | "n" | "k">, device: GemmDevice = {}): GemmTile {
  const { m, n, k } = spec;
  // Few outputs over a long k (weight gradients of small layers): only splitting k gives every
  // core work. 64 threads × at most 32 outputs of partial sums fill 8 KiB of workgroup memory.
  if (m * n <= 4096 && k >= 16 * m * n)
    return { strategy: "splitk", threads: 64, rows: Math.min(m, 4), cols: Math.min(n, 8) };
  // Subgroup tiles: narrower than 4 columns per lane, most lanes would idle. On a software adapter
  // 32 rows of 4 columns per lane, which load the fewest values per multiply-add that the
  // registers hold (1.1–1.5× the 16×8 tile on lavapipe); GPUs keep the 16×8 tile measured on an
  // H100, or 16×4 where C is too narrow for 8.
  const size = device.subgroupMinSize;
  if (size !== undefined && n >= 4 * size)
    return {
      strategy: "subgroup",
      subgroupSize: size,
      threads: size,
      rows: Math.min(m, device.software ? 32 : 16),
      cols: !device.software && n >= 8 * size ? 8 : 4,
    };
  // A skinny C runs its threads along the long side.
  if (n < 16) return { strategy: "register", threads: [1, 64], rows: 4, cols: Math.min(n, 8) };
  if (m < 16) return { strategy: "register", threads: [64, 1], rows: m, cols: 4 };
  return { strategy: "register", threads: [8, 8], rows: 4, cols: 8 };
}

/**
 * Tiles chosen outside the compiler, per GEMM: `netc tune`'s measurements for one adapter. Ops
 * ask it for every GEMM they build; undefined keeps the op's own tile.
 */
export interface GemmTileSource {
  /**
   * `bindingSizes`: the element count of each binding besides C (dense operands, loaders' and
   * epilogue's extras), by binding name, so a caller can run the GEMM on buffers of its own.
   */
  tileFor(spec: GemmSpec, bindingSizes: Readonly<Record<string, number>>): GemmTile | undefined;
}

/**
 * What a tuned tile is keyed by: the sizes, the batch and how each operand is read (dense, dense
 * stored transposed, or a custom loader). Epilogue, accumulation and C's layout cost the same
 * whatever the tile, so GEMMs differing only in them share a tile.
 */
export function gemmShapeKey(spec: Pick<GemmSpec, "m" | "n" | "k" | "batch" | "a" | "b">): string {
  const operand = (op: Operand) => (op.kind === "custom" ? "loader" : op.transposed ? "dense^T" : "dense");
  const batch = (spec.batch ?? 1) > 1 ? ` batch ${spec.batch}` : "";
  return `${spec.m}x${spec.n}x${spec.k}${batch} A ${operand(spec.a)} B ${operand(spec.b)}`;
}

/** A tile in a few words, for tables: `subgroup 16x8 threads 8 (size 8)`. */
export function describeGemmTile(tile: GemmTile): string {
  const split = (tile.splits ?? 1) > 1 ? `, k split ${tile.splits} ways` : "";
  switch (tile.strategy) {
    case "register":
      return `register ${tile.rows}x${tile.cols} threads ${tile.threads.join("x")}${split}`;
    case "subgroup":
      return `subgroup ${tile.rows}x${tile.cols} threads ${tile.threads} (size ${tile.subgroupSize})${split}`;
    case "workgroup":
      return `workgroup ${tile.rows}x${tile.cols} threads ${tile.threads.join("x")} depth ${tile.depth}${tile.loadersAlongK ? ", loaders along k" : ""}${split}`;
    case "splitk":
      return `splitk ${tile.rows}x${tile.cols} threads ${tile.threads}${split}`;
  }
}

export function gemmKernels(spec: GemmSpec): GemmProgram {
  const tile = spec.tile ?? defaultGemmTile(spec);
  validate(spec, tile);
  const splits = tile.splits ?? 1;
  if (splits === 1) return { kernels: [strategyKernel({ ...spec, tile })], scratchFloats: 0 };
  const slice: GemmSlice & { tile: GemmTile } = {
    name: `${spec.name}_slices`,
    m: spec.m,
    n: spec.n,
    k: spec.k / splits,
    batch: spec.batch,
    ...(spec.columnBlock === undefined ? {} : { columnBlock: spec.columnBlock }),
    a: spec.a,
    b: spec.b,
    tile,
    slice: { splits, storedK: spec.k },
  };
  const partial = strategyKernel(slice);
  return {
    kernels: [
      {
        ...partial,
        bindings: partial.bindings.map((b) => (b.name === "gemm_c" ? { ...b, name: "gemm_partials" } : b)),
      },
      sumSlicesKernel(spec, splits),
    ],
    scratchFloats: splits * (spec.batch ?? 1) * spec.m * spec.n,
  };
}

function strategyKernel(spec: GemmSpec & { tile: GemmTile }): GemmKernel {
  const tile = spec.tile;
  switch (tile.strategy) {
    case "register":
      return registerKernel(spec, tile);
    case "subgroup":
      return subgroupKernel(spec, tile);
    case "workgroup":
      return workgroupKernel(spec, tile);
    case "splitk":
      return splitKKernel(spec, tile);
  }
}

function validate(spec: GemmSpec, tile: GemmTile): void {
  const fail = (message: string): never => {
    throw new Error(`gemm ${spec.name}: ${message}`);
  };
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.name)) fail(`the name must be a WGSL identifier (letters, digits, _)`);
  for (const [what, value] of Object.entries({ m: spec.m, n: spec.n, k: spec.k, batch: spec.batch ?? 1 })) {
    if (!Number.isInteger(value) || value < 1) fail(`${what} must be a positive integer, got ${value}`);
  }
  if ((spec.batch ?? 1) > MAX_WORKGROUPS_PER_DIM)
    fail(`batch ${spec.batch} exceeds ${MAX_WORKGROUPS_PER_DIM}; fold batches into m`);
  if (spec.into !== undefined) {
    const { rows, offset } = spec.into;
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(rows) || offset + spec.m > rows)
      fail(`into: C's ${spec.m} rows from row ${offset} must fit in ${rows} rows per batch`);
  }
  const block = spec.columnBlock;
  if (block !== undefined && (!Number.isInteger(block) || block < 1 || spec.n % block !== 0))
    fail(`columnBlock ${block} must be a positive divisor of n (${spec.n})`);
  const names = new Set<string>();
  for (const binding of gemmBindings(spec)) {
    if (names.has(binding.name))
      fail(`binding "${binding.name}" is declared twice; give each extra binding its own name`);
    names.add(binding.name);
  }
  for (const extra of extraBindings(spec)) {
    if (extra.name.startsWith("gemm_"))
      fail(`extra binding "${extra.name}" uses the prefix gemm_, which the generated code reserves`);
  }

  const threadCounts = tile.strategy === "register" || tile.strategy === "workgroup" ? tile.threads : [tile.threads];
  const sizes: [string, number][] = [
    ["rows", tile.rows],
    ["cols", tile.cols],
    ...threadCounts.map((t, i): [string, number] => [threadCounts.length > 1 ? `threads[${i}]` : "threads", t]),
    ...(tile.strategy === "workgroup" ? [["depth", tile.depth] as [string, number]] : []),
    ...(tile.strategy === "subgroup" ? [["subgroupSize", tile.subgroupSize] as [string, number]] : []),
    ["splits", tile.splits ?? 1],
  ];
  for (const [what, value] of sizes) {
    if (!Number.isInteger(value) || value < 1) fail(`tile ${what} must be a positive integer, got ${value}`);
  }
  if (tile.strategy === "workgroup" && (tile.rows % 4 !== 0 || tile.cols % 4 !== 0))
    fail(
      `a workgroup tile's rows and cols must be multiples of 4 (its workgroup memory holds vec4s), got ${tile.rows}x${tile.cols}`,
    );
  const splits = tile.splits ?? 1;
  if (splits > 1 && (spec.k % splits !== 0 || (spec.k / splits) % 4 !== 0))
    fail(`k (${spec.k}) must split into ${splits} slices of a whole number of vec4s`);
  if (splits * (spec.batch ?? 1) > MAX_WORKGROUPS_PER_DIM)
    fail(`${splits} slices of k × batch ${spec.batch ?? 1} exceed ${MAX_WORKGROUPS_PER_DIM} workgroups`);
  const threads = threadCounts.reduce((x, y) => x * y, 1);
  if (threads > MAX_THREADS_PER_WORKGROUP)
    fail(`a workgroup of ${threads} threads exceeds ${MAX_THREADS_PER_WORKGROUP}; use a smaller tile.threads`);
  if (tile.strategy === "subgroup" && tile.subgroupSize % 4 !== 0) {
    fail(`tile.subgroupSize must be a multiple of 4 (every adapter's subgroups are), got ${tile.subgroupSize}`);
  }
  if (tile.strategy === "subgroup" && tile.threads % tile.subgroupSize !== 0) {
    fail(`tile.threads (${tile.threads}) must be a multiple of tile.subgroupSize (${tile.subgroupSize})`);
  }
  const storage = workgroupStorageBytes(tile);
  const allowed = workgroupStorageOf(spec);
  if (storage > allowed)
    fail(`the tile needs ${storage} bytes of workgroup memory, over the device's ${allowed}; use a smaller tile`);
}

function workgroupStorageBytes(tile: GemmTile): number {
  switch (tile.strategy) {
    case "workgroup": {
      // Two stages (double-buffered) of depth k rows of vec4s.
      const kRows = workgroupKRows(tile);
      return 2 * 16 * tile.depth * (kRows.a + kRows.b);
    }
    case "splitk":
      return 4 * tile.threads * tile.rows * tile.cols;
    default:
      return 0;
  }
}
