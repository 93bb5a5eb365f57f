// GEMM kernels: C[m×n] = epilogue(A[m×k] · B[k×n] (+ C)), optionally batched, as WGSL with every
// size baked in, so loops have constant trip counts and bounds checks appear only where a
// dimension is not a multiple of the tile. Four strategies (GemmTile):
//   register  — each thread keeps a rows×cols block of C in registers; no workgroup memory.
//   subgroup  — register blocking along n where A's values reach the lanes by subgroup broadcast,
//               so each value is loaded once per subgroup instead of once per lane.
//   workgroup — the classic tiling through workgroup memory.
//   splitk    — for few outputs and a long k: a workgroup's threads split k and sum in workgroup memory.
// Dense operands are read as vec4 wherever the stored layout and the tile allow it.

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
 * kernel calls a loader only with row and col inside the logical matrix.
 */
export type Operand = { kind: "dense"; transposed: boolean } | { kind: "custom"; wgsl: string; bindings: ExtraBinding[] };

/**
 * Applied to each element of C before it is stored. `apply` returns a WGSL f32 expression of its
 * arguments; it is evaluated where `value: f32`, `row: u32`, `col: u32` and `batch: u32` are in
 * scope (with value = the sum, plus the old C when accumulating).
 */
export interface Epilogue {
  bindings: ExtraBinding[];
  /** Helper functions `apply` may call. */
  wgsl?: string;
  apply: (value: string, row: string, col: string) => string;
}

/** Each thread computes a rows×cols block of C; `threads` = [along n, along m]. */
export interface RegisterTile {
  strategy: "register";
  threads: [number, number];
  rows: number;
  cols: number;
}

/**
 * Register blocking along n with a workgroup of `threads` lanes sharing `rows` rows of C; A's
 * values are broadcast across each subgroup. Needs the `subgroups` feature and an adapter whose
 * subgroup size is always `subgroupSize` (subgroupMinSize == subgroupMaxSize).
 */
export interface SubgroupTile {
  strategy: "subgroup";
  subgroupSize: number;
  threads: number;
  rows: number;
  cols: number;
}

/** Tiles of (threads[1]·rows) × (threads[0]·cols) of C, stepping k by `depth` through workgroup memory. */
export interface WorkgroupTile {
  strategy: "workgroup";
  threads: [number, number];
  rows: number;
  cols: number;
  depth: number;
}

/** A workgroup computes a rows×cols block of C, its `threads` threads each summing a share of k. */
export interface SplitKTile {
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
  /** Default: `defaultGemmTile(spec)`. */
  tile?: GemmTile;
}

export interface GemmKernel {
  code: string;
  entryPoint: string;
  workgroups: [number, number, number];
  /** Binding i is group 0 binding i: dense A, dense B (each if dense), C, then custom A's, custom B's and the epilogue's extras. */
  bindings: { name: string; access: "read" | "read_write" }[];
}

/** WebGPU's guaranteed minimums, which every generated kernel stays within. */
const MAX_WORKGROUPS_PER_DIM = 65535;
const MAX_THREADS_PER_WORKGROUP = 256;
const MAX_WORKGROUP_STORAGE_BYTES = 16384;

const COMPONENTS = ["x", "y", "z", "w"] as const;

/**
 * The tile used when a spec names none, picked from measurements on lavapipe (bench/GEMM-NOTES.md).
 * Pass `subgroupSize` when the device has the `subgroups` feature and a fixed subgroup size.
 */
export function defaultGemmTile(spec: Pick<GemmSpec, "m" | "n" | "k">, device: { subgroupSize?: number } = {}): GemmTile {
  const { m, n, k } = spec;
  // Few outputs over a long k (weight gradients of small layers): only splitting k gives both
  // cores work. 64 threads × 32 outputs of partial sums fill 8 KiB of workgroup memory.
  if (m * n <= 4096 && k >= 16 * m * n) return { strategy: "splitk", threads: 64, rows: Math.min(m, 4), cols: Math.min(n, 8) };
  // Tall and skinny C: threads run along m instead.
  if (n < 16) return { strategy: "register", threads: [1, 64], rows: 4, cols: Math.min(n, 8) };
  const size = device.subgroupSize;
  if (size !== undefined && n >= 4 * size && m >= 8) return { strategy: "subgroup", subgroupSize: size, threads: size, rows: 12, cols: 4 };
  return { strategy: "register", threads: [8, 8], rows: 4, cols: 8 };
}

export function gemmKernel(spec: GemmSpec): GemmKernel {
  const tile = spec.tile ?? defaultGemmTile(spec);
  validate(spec, tile);
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

// ---------------------------------------------------------------------------------------------
// Validation

function validate(spec: GemmSpec, tile: GemmTile): void {
  const fail = (message: string): never => {
    throw new Error(`gemm ${spec.name}: ${message}`);
  };
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.name)) fail(`the name must be a WGSL identifier (letters, digits, _)`);
  for (const [what, value] of Object.entries({ m: spec.m, n: spec.n, k: spec.k, batch: spec.batch ?? 1 })) {
    if (!Number.isInteger(value) || value < 1) fail(`${what} must be a positive integer, got ${value}`);
  }
  if ((spec.batch ?? 1) > MAX_WORKGROUPS_PER_DIM) fail(`batch ${spec.batch} exceeds ${MAX_WORKGROUPS_PER_DIM}; fold batches into m`);
  const names = new Set<string>();
  for (const binding of bindingsOf(spec)) {
    if (names.has(binding.name)) fail(`binding "${binding.name}" is declared twice; give each extra binding its own name`);
    names.add(binding.name);
  }
  for (const extra of extraBindings(spec)) {
    if (extra.name.startsWith("gemm_")) fail(`extra binding "${extra.name}" uses the prefix gemm_, which the generated code reserves`);
  }

  const threadCounts = tile.strategy === "register" || tile.strategy === "workgroup" ? tile.threads : [tile.threads];
  const sizes: [string, number][] = [
    ["rows", tile.rows],
    ["cols", tile.cols],
    ...threadCounts.map((t, i): [string, number] => [threadCounts.length > 1 ? `threads[${i}]` : "threads", t]),
    ...(tile.strategy === "workgroup" ? [["depth", tile.depth] as [string, number]] : []),
    ...(tile.strategy === "subgroup" ? [["subgroupSize", tile.subgroupSize] as [string, number]] : []),
  ];
  for (const [what, value] of sizes) {
    if (!Number.isInteger(value) || value < 1) fail(`tile ${what} must be a positive integer, got ${value}`);
  }
  const threads = threadCounts.reduce((x, y) => x * y, 1);
  if (threads > MAX_THREADS_PER_WORKGROUP) fail(`a workgroup of ${threads} threads exceeds ${MAX_THREADS_PER_WORKGROUP}; use a smaller tile.threads`);
  if (tile.strategy === "subgroup" && tile.threads % tile.subgroupSize !== 0) {
    fail(`tile.threads (${tile.threads}) must be a multiple of tile.subgroupSize (${tile.subgroupSize})`);
  }
  const storage = workgroupStorageBytes(tile);
  if (storage > MAX_WORKGROUP_STORAGE_BYTES) fail(`the tile needs ${storage} bytes of workgroup memory, over ${MAX_WORKGROUP_STORAGE_BYTES}; use a smaller tile`);
}

function workgroupStorageBytes(tile: GemmTile): number {
  switch (tile.strategy) {
    case "workgroup":
      return 4 * tile.depth * (tile.threads[1] * tile.rows + tile.threads[0] * tile.cols);
    case "splitk":
      return 4 * tile.threads * tile.rows * tile.cols;
    default:
      return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Bindings and operand access

function extraBindings(spec: GemmSpec): ExtraBinding[] {
  return [
    ...(spec.a.kind === "custom" ? spec.a.bindings : []),
    ...(spec.b.kind === "custom" ? spec.b.bindings : []),
    ...(spec.epilogue?.bindings ?? []),
  ];
}

function bindingsOf(spec: GemmSpec): { name: string; access: "read" | "read_write" }[] {
  return [
    ...(spec.a.kind === "dense" ? [{ name: "gemm_a", access: "read" as const }] : []),
    ...(spec.b.kind === "dense" ? [{ name: "gemm_b", access: "read" as const }] : []),
    { name: "gemm_c", access: "read_write" },
    ...extraBindings(spec).map(({ name, access }) => ({ name, access })),
  ];
}

type Axis = "row" | "col";

/** Reads one logical operand (A: m×k, B: k×n) inside the kernel. */
interface Reader {
  rows: number;
  cols: number;
  /** The logical axis along which this kernel loads aligned vec4s, if it does. */
  vector: Axis | undefined;
  /** WGSL f32 at (row, col). Only when `vector` is undefined. */
  scalar(row: string, col: string): string;
  /** WGSL vec4 of the 4 elements from (row, col) along `vector`. */
  vec4(row: string, col: string): string;
}

/**
 * The reader of operand `which`. `vectorizable` lists the axes along which the kernel's loads come
 * in aligned groups of 4; a dense operand loads vec4s when its contiguous axis is one of them.
 */
function reader(spec: GemmSpec, which: "a" | "b", vectorizable: readonly Axis[]): Reader {
  const operand = spec[which];
  const [rows, cols] = which === "a" ? [spec.m, spec.k] : [spec.k, spec.n];
  if (operand.kind === "custom") {
    return {
      rows,
      cols,
      vector: undefined,
      scalar: (row, col) => `load_${which}(batch, ${row}, ${col})`,
      vec4: () => {
        throw new Error("custom operands load scalars");
      },
    };
  }
  // Stored row-major: rows×cols as is, or cols×rows when transposed.
  const contiguous: Axis = operand.transposed ? "row" : "col";
  const contiguousLength = operand.transposed ? rows : cols;
  const vector = contiguousLength % 4 === 0 && vectorizable.includes(contiguous) ? contiguous : undefined;
  const batchOffset = (spec.batch ?? 1) > 1 ? `batch * ${rows * cols}u + ` : "";
  const index = (row: string, col: string) =>
    operand.transposed ? `${batchOffset}${grouped(col)} * ${rows}u + ${row}` : `${batchOffset}${grouped(row)} * ${cols}u + ${col}`;
  const name = `gemm_${which}`;
  return {
    rows,
    cols,
    vector,
    scalar: (row, col) => `${name}[${index(row, col)}]`,
    vec4: (row, col) => `${name}[(${index(row, col)}) / 4u]`,
  };
}

function declarations(spec: GemmSpec, readers: { a: Reader; b: Reader }, cVector: boolean): string {
  const type = (vector: boolean) => (vector ? "array<vec4<f32>>" : "array<f32>");
  const types: Record<string, string> = {
    gemm_a: type(readers.a.vector !== undefined),
    gemm_b: type(readers.b.vector !== undefined),
    gemm_c: type(cVector),
  };
  for (const extra of extraBindings(spec)) types[extra.name] = extra.type;
  const lines = bindingsOf(spec).map(
    ({ name, access }, i) => `@group(0) @binding(${i}) var<storage, ${access}> ${name}: ${types[name]};`,
  );
  const helpers = [spec.a, spec.b].flatMap((operand) => (operand.kind === "custom" ? [operand.wgsl.trim()] : []));
  if (spec.epilogue?.wgsl) helpers.push(spec.epilogue.wgsl.trim());
  if (spec.epilogue) {
    helpers.push(`fn gemm_epilogue(value: f32, row: u32, col: u32, batch: u32) -> f32 {
  return ${spec.epilogue.apply("value", "row", "col")};
}`);
  }
  return [...lines, ...helpers].join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------
// Shared pieces of the kernels

/** Indices start+0 … start+count-1 along an axis, clamped below `limit` when they may pass it. */
interface Span {
  start: string;
  count: number;
  limit?: number;
}

/** `expression`, parenthesised when it is a sum, so it can be multiplied. */
function grouped(expression: string): string {
  return expression.includes(" + ") ? `(${expression})` : expression;
}

/** `start + offset`. */
function plus(start: string, offset: number): string {
  return offset === 0 ? start : `${start} + ${offset}u`;
}

function at(span: Span, offset: number): string {
  const index = plus(span.start, offset);
  return span.limit === undefined ? index : `min(${index}, ${span.limit - 1}u)`;
}

/** The first index of the aligned vec4 `group` of a span; the span's limit is a multiple of 4. */
function atGroup(span: Span, group: number): string {
  const index = plus(span.start, 4 * group);
  return span.limit === undefined ? index : `min(${index}, ${span.limit - 4}u)`;
}

/** Element (i, j) of a loaded block: a `let`, or one component of a vec4 `let`. */
interface Element {
  variable: string;
  component?: string;
}

const valueOf = (e: Element) => (e.component === undefined ? e.variable : `${e.variable}.${e.component}`);

/**
 * Loads the block rows×cols of an operand into `let`s named `prefix…`, as vec4s along the reader's
 * vector axis when it has one.
 */
function loadBlock(read: Reader, prefix: string, rows: Span, cols: Span): Block {
  const lines: string[] = [];
  if (read.vector === "col") {
    for (let i = 0; i < rows.count; i++) {
      for (let g = 0; g < cols.count / 4; g++) lines.push(`let ${prefix}${i}_${g} = ${read.vec4(at(rows, i), atGroup(cols, g))};`);
    }
    return block(lines, (i, j) => ({ variable: `${prefix}${i}_${j >> 2}`, component: COMPONENTS[j & 3] }));
  }
  if (read.vector === "row") {
    for (let g = 0; g < rows.count / 4; g++) {
      for (let j = 0; j < cols.count; j++) lines.push(`let ${prefix}${g}_${j} = ${read.vec4(atGroup(rows, g), at(cols, j))};`);
    }
    return block(lines, (i, j) => ({ variable: `${prefix}${i >> 2}_${j}`, component: COMPONENTS[i & 3] }));
  }
  for (let i = 0; i < rows.count; i++) {
    for (let j = 0; j < cols.count; j++) lines.push(`let ${prefix}${i}_${j} = ${read.scalar(at(rows, i), at(cols, j))};`);
  }
  return block(lines, (i, j) => ({ variable: `${prefix}${i}_${j}` }));
}

interface Block {
  lines: string[];
  element: (i: number, j: number) => Element;
  /** WGSL for element (i, j). */
  value: (i: number, j: number) => string;
}

function block(lines: string[], element: (i: number, j: number) => Element): Block {
  return { lines, element, value: (i, j) => valueOf(element(i, j)) };
}

const acc = (i: number, j: number) => `acc_${i}_${j}`;

function declareAccumulators(rows: number, cols: number): string[] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => `var ${acc(i, j)} = 0.0;`).join(" "));
}

function multiplyAdd(rows: number, cols: number, depth: number, a: (i: number, kk: number) => string, b: (kk: number, j: number) => string): string[] {
  const lines: string[] = [];
  for (let kk = 0; kk < depth; kk++) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) lines.push(`${acc(i, j)} = fma(${a(i, kk)}, ${b(kk, j)}, ${acc(i, j)});`);
    }
  }
  return lines;
}

/** The final value of C at (row, col) from the sum `value`, with the old C and the epilogue. */
function finish(spec: GemmSpec, value: string, old: string, row: string, col: string): string {
  const sum = spec.accumulate ? `${value} + ${old}` : value;
  return spec.epilogue ? `gemm_epilogue(${sum}, ${row}, ${col}, batch)` : sum;
}

/**
 * Stores the thread's rows×cols accumulators at C[row0 + i, col0 + j], as vec4s when `vector`,
 * guarding rows (cols) only when `guardRows` (`guardCols`).
 */
function storeBlock(spec: GemmSpec, o: { rows: number; cols: number; vector: boolean; guardRows: boolean; guardCols: boolean }): string[] {
  const { m, n } = spec;
  const batchOffset = (spec.batch ?? 1) > 1 ? `batch * ${m * n}u + ` : "";
  const lines: string[] = [];
  const store = (row: string, col: string, body: string) => {
    const conditions = [...(o.guardRows ? [`${row} < ${m}u`] : []), ...(o.guardCols ? [`${col} < ${n}u`] : [])];
    lines.push(conditions.length > 0 ? `if (${conditions.join(" && ")}) { ${body} }` : `{ ${body} }`);
  };
  for (let i = 0; i < o.rows; i++) {
    const row = plus("row0", i);
    if (o.vector) {
      for (let g = 0; g < o.cols / 4; g++) {
        const col = plus("col0", 4 * g);
        const index = `(${batchOffset}${grouped(row)} * ${n}u + ${col}) / 4u`;
        const parts = COMPONENTS.map((component, q) => finish(spec, acc(i, 4 * g + q), `gemm_old.${component}`, row, plus(col, q)));
        store(row, col, `${spec.accumulate ? `let gemm_old = gemm_c[${index}]; ` : ""}gemm_c[${index}] = vec4<f32>(${parts.join(", ")});`);
      }
    } else {
      for (let j = 0; j < o.cols; j++) {
        const col = plus("col0", j);
        const index = `${batchOffset}${grouped(row)} * ${n}u + ${col}`;
        store(row, col, `gemm_c[${index}] = ${finish(spec, acc(i, j), `gemm_c[${index}]`, row, col)};`);
      }
    }
  }
  return lines;
}

/**
 * Workgroup ids for a tileCols × tileRows grid of tiles (× batch): direct when it fits WebGPU's
 * per-dimension limit, else folded into one linear index, the spare workgroups returning at once.
 */
function tileGrid(tileCols: number, tileRows: number, batch: number): { workgroups: [number, number, number]; lines: string[] } {
  if (tileCols <= MAX_WORKGROUPS_PER_DIM && tileRows <= MAX_WORKGROUPS_PER_DIM) {
    return { workgroups: [tileCols, tileRows, batch], lines: ["let tile_col = wid.x;", "let tile_row = wid.y;", "let batch = wid.z;"] };
  }
  const tiles = tileCols * tileRows;
  const x = Math.min(tiles, MAX_WORKGROUPS_PER_DIM);
  return {
    workgroups: [x, Math.ceil(tiles / x), batch],
    lines: [
      `let tile = wid.y * ${x}u + wid.x;`,
      `if (tile >= ${tiles}u) { return; }`,
      `let tile_col = tile % ${tileCols}u;`,
      `let tile_row = tile / ${tileCols}u;`,
      "let batch = wid.z;",
    ],
  };
}

/** A k loop over whole blocks of `step` (when there are any) and the leftover k as a straight tail. */
function kLoop(k: number, step: number, block: (k0: string, depth: number) => string[]): string[] {
  const whole = Math.floor(k / step) * step;
  const lines: string[] = [];
  if (whole > 0) lines.push(`for (var k0 = 0u; k0 < ${whole}u; k0 += ${step}u) {`, ...indent(block("k0", step)), "}");
  if (k > whole) lines.push("{", ...indent(block(`${whole}u`, k - whole)), "}");
  return lines;
}

function indent(lines: string[], depth = 1): string[] {
  const pad = "  ".repeat(depth);
  return lines.map((line) => pad + line);
}

function describe(spec: GemmSpec, tile: GemmTile): string {
  const operand = (which: "a" | "b") => {
    const op = spec[which];
    return op.kind === "custom" ? `load_${which}` : `${which.toUpperCase()}${op.transposed ? " stored transposed" : ""}`;
  };
  const notes = [
    `${operand("a")}, ${operand("b")}`,
    ...((spec.batch ?? 1) > 1 ? [`${spec.batch} batches`] : []),
    ...(spec.accumulate ? ["C += result"] : []),
    ...(spec.epilogue ? ["epilogue"] : []),
  ];
  return `// gemm ${spec.name}: C[${spec.m}x${spec.n}] = A[${spec.m}x${spec.k}] * B[${spec.k}x${spec.n}] (${notes.join("; ")})
// tile ${JSON.stringify(tile)}`;
}

function kernel(spec: GemmSpec, code: string, workgroups: [number, number, number]): GemmKernel {
  return { code, entryPoint: "main", workgroups, bindings: bindingsOf(spec) };
}

// ---------------------------------------------------------------------------------------------
// Strategies

function registerKernel(spec: GemmSpec, tile: RegisterTile): GemmKernel {
  const { m, n, k } = spec;
  const [threadsX, threadsY] = tile.threads;
  const { rows, cols } = tile;
  const tileRows = threadsY * rows;
  const tileCols = threadsX * cols;
  const a = reader(spec, "a", rows % 4 === 0 ? ["row", "col"] : ["col"]);
  const b = reader(spec, "b", cols % 4 === 0 ? ["row", "col"] : ["row"]);
  const cVector = n % 4 === 0 && cols % 4 === 0;
  // Unrolling k only pays for vec4 loads along k; scalar loads would just make more code to compile.
  const kStep = a.vector === "col" || b.vector === "row" ? 4 : 1;
  const grid = tileGrid(Math.ceil(n / tileCols), Math.ceil(m / tileRows), spec.batch ?? 1);
  const rowSpan = { start: "row0", count: rows, ...(m % tileRows !== 0 ? { limit: m } : {}) };
  const colSpan = { start: "col0", count: cols, ...(n % tileCols !== 0 ? { limit: n } : {}) };
  const body = [
    ...grid.lines,
    `let row0 = tile_row * ${tileRows}u + lid.y * ${rows}u;`,
    `let col0 = tile_col * ${tileCols}u + lid.x * ${cols}u;`,
    ...declareAccumulators(rows, cols),
    ...kLoop(k, kStep, (k0, depth) => {
      const kSpan = { start: k0, count: depth };
      const aBlock = loadBlock(a, "a_", rowSpan, kSpan);
      const bBlock = loadBlock(b, "b_", kSpan, colSpan);
      return [...aBlock.lines, ...bBlock.lines, ...multiplyAdd(rows, cols, depth, aBlock.value, bBlock.value)];
    }),
    ...storeBlock(spec, { rows, cols, vector: cVector, guardRows: m % tileRows !== 0, guardCols: n % tileCols !== 0 }),
  ];
  const code = `${describe(spec, tile)}
${declarations(spec, { a, b }, cVector)}
@compute @workgroup_size(${threadsX}, ${threadsY}, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
${indent(body).join("\n")}
}
`;
  return kernel(spec, code, grid.workgroups);
}

function subgroupKernel(spec: GemmSpec, tile: SubgroupTile): GemmKernel {
  const { m, n, k } = spec;
  const { subgroupSize, threads, rows, cols } = tile;
  const tileCols = threads * cols;
  // Each lane loads A at its own k and the subgroup broadcasts; vec4s only cover 4 rows of a transposed A.
  const a = reader(spec, "a", rows % 4 === 0 ? ["row"] : []);
  const b = reader(spec, "b", cols % 4 === 0 ? ["row", "col"] : ["row"]);
  const cVector = n % 4 === 0 && cols % 4 === 0;
  const grid = tileGrid(Math.ceil(n / tileCols), Math.ceil(m / rows), spec.batch ?? 1);
  const rowSpan = { start: "row0", count: rows, ...(m % rows !== 0 ? { limit: m } : {}) };
  const colSpan = { start: "col0", count: cols, ...(n % tileCols !== 0 ? { limit: n } : {}) };
  const body = [
    ...grid.lines,
    `let row0 = tile_row * ${rows}u;`,
    `let col0 = tile_col * ${tileCols}u + lid.x * ${cols}u;`,
    ...declareAccumulators(rows, cols),
    ...kLoop(k, subgroupSize, (k0, depth) => {
      // The lanes of a partial block past k load the last column instead; nobody broadcasts them.
      const laneSpan = { start: `${k0} + lane`, count: 1, ...(depth < subgroupSize ? { limit: k } : {}) };
      const lanes = loadBlock(a, "a_lane", rowSpan, laneSpan);
      // A vec4 lane value (4 rows of a transposed A) is broadcast whole.
      const laneVariables = [...new Set(Array.from({ length: rows }, (_, i) => lanes.element(i, 0).variable))];
      const broadcast = (variable: string, kk: number) => `${variable}_k${kk}`;
      const lines = [...lanes.lines];
      // B four k at a time keeps few of its values live.
      for (let kk0 = 0; kk0 < depth; kk0 += 4) {
        const chunk = Math.min(4, depth - kk0);
        const bBlock = loadBlock(b, `b${kk0}_`, { start: kk0 === 0 ? k0 : `${k0} + ${kk0}u`, count: chunk }, colSpan);
        lines.push(...bBlock.lines);
        for (let kk = kk0; kk < kk0 + chunk; kk++) {
          for (const variable of laneVariables) lines.push(`let ${broadcast(variable, kk)} = subgroupBroadcast(${variable}, ${kk}u);`);
        }
        const aValue = (i: number, kk: number) => {
          const { variable, component } = lanes.element(i, 0);
          return valueOf({ variable: broadcast(variable, kk0 + kk), component });
        };
        lines.push(...multiplyAdd(rows, cols, chunk, aValue, bBlock.value));
      }
      return lines;
    }),
    ...storeBlock(spec, { rows, cols, vector: cVector, guardRows: m % rows !== 0, guardCols: n % tileCols !== 0 }),
  ];
  const code = `enable subgroups;

${describe(spec, tile)}
${declarations(spec, { a, b }, cVector)}
@compute @workgroup_size(${threads}, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
${indent(body).join("\n")}
}
`;
  return kernel(spec, code, grid.workgroups);
}

function workgroupKernel(spec: GemmSpec, tile: WorkgroupTile): GemmKernel {
  const { m, n, k } = spec;
  const [threadsX, threadsY] = tile.threads;
  const { rows, cols, depth } = tile;
  const tileRows = threadsY * rows;
  const tileCols = threadsX * cols;
  const threads = threadsX * threadsY;
  const a = reader(spec, "a", []);
  const b = reader(spec, "b", []);
  const grid = tileGrid(Math.ceil(n / tileCols), Math.ceil(m / tileRows), spec.batch ?? 1);

  // Copies one operand's tile into workgroup memory stored k-major, consecutive threads walking
  // the operand's stored-contiguous axis; k past the end reads as 0.
  const copy = (which: "a" | "b", along: number, alongLimit: number, contiguousIsK: boolean) => {
    const count = along * depth;
    const read = which === "a" ? a : b;
    const lines: string[] = [];
    for (let first = 0; first < count; first += threads) {
      const e = `gemm_li + ${first}u`;
      const [kk, i] = contiguousIsK ? [`(${e}) % ${depth}u`, `(${e}) / ${depth}u`] : [`(${e}) / ${along}u`, `(${e}) % ${along}u`];
      const inner = `${which === "a" ? "tile_row" : "tile_col"} * ${along}u + ${i}`;
      const outer = alongLimit % along === 0 ? inner : `min(${inner}, ${alongLimit - 1}u)`;
      const kIndex = `k0 + ${kk}`;
      const element = which === "a" ? read.scalar(outer, k % depth === 0 ? kIndex : `min(${kIndex}, ${k - 1}u)`) : read.scalar(k % depth === 0 ? kIndex : `min(${kIndex}, ${k - 1}u)`, outer);
      const value = k % depth === 0 ? element : `select(0.0, ${element}, ${kIndex} < ${k}u)`;
      const store = `gemm_tile_${which}[(${kk}) * ${along}u + ${i}] = ${value};`;
      lines.push(first + threads > count ? `if (${e} < ${count}u) { ${store} }` : `{ ${store} }`);
    }
    return lines;
  };
  const contiguousIsK = (which: "a" | "b") => {
    const op = spec[which];
    return op.kind === "dense" && (which === "a" ? !op.transposed : op.transposed);
  };
  const body = [
    ...grid.lines,
    `let gemm_li = lid.y * ${threadsX}u + lid.x;`,
    `let row0 = tile_row * ${tileRows}u + lid.y * ${rows}u;`,
    `let col0 = tile_col * ${tileCols}u + lid.x * ${cols}u;`,
    ...declareAccumulators(rows, cols),
    `for (var k0 = 0u; k0 < ${k}u; k0 += ${depth}u) {`,
    ...indent([
      ...copy("a", tileRows, m, contiguousIsK("a")),
      ...copy("b", tileCols, n, contiguousIsK("b")),
      "workgroupBarrier();",
      `for (var kk = 0u; kk < ${depth}u; kk++) {`,
      ...indent([
        ...Array.from({ length: rows }, (_, i) => `let a_${i} = gemm_tile_a[${plus(`kk * ${tileRows}u + lid.y * ${rows}u`, i)}];`),
        ...Array.from({ length: cols }, (_, j) => `let b_${j} = gemm_tile_b[${plus(`kk * ${tileCols}u + lid.x * ${cols}u`, j)}];`),
        ...multiplyAdd(rows, cols, 1, (i) => `a_${i}`, (_, j) => `b_${j}`),
      ]),
      "}",
      "workgroupBarrier();",
    ]),
    "}",
    ...storeBlock(spec, { rows, cols, vector: false, guardRows: m % tileRows !== 0, guardCols: n % tileCols !== 0 }),
  ];
  const code = `${describe(spec, tile)}
${declarations(spec, { a, b }, false)}
var<workgroup> gemm_tile_a: array<f32, ${depth * tileRows}>;
var<workgroup> gemm_tile_b: array<f32, ${depth * tileCols}>;

@compute @workgroup_size(${threadsX}, ${threadsY}, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
${indent(body).join("\n")}
}
`;
  return kernel(spec, code, grid.workgroups);
}

function splitKKernel(spec: GemmSpec, tile: SplitKTile): GemmKernel {
  const { m, n, k } = spec;
  const { threads, rows, cols } = tile;
  const outputs = rows * cols;
  const a = reader(spec, "a", []);
  const b = reader(spec, "b", []);
  const grid = tileGrid(Math.ceil(n / cols), Math.ceil(m / rows), spec.batch ?? 1);
  const rowSpan = { start: "row0", count: rows, ...(m % rows !== 0 ? { limit: m } : {}) };
  const colSpan = { start: "col0", count: cols, ...(n % cols !== 0 ? { limit: n } : {}) };
  const step = (kIndex: string) => {
    const aBlock = loadBlock(a, "a_", rowSpan, { start: kIndex, count: 1 });
    const bBlock = loadBlock(b, "b_", { start: kIndex, count: 1 }, colSpan);
    return [...aBlock.lines, ...bBlock.lines, ...multiplyAdd(rows, cols, 1, aBlock.value, bBlock.value)];
  };
  const whole = Math.floor(k / threads) * threads;
  const storeOne = (() => {
    const batchOffset = (spec.batch ?? 1) > 1 ? `batch * ${m * n}u + ` : "";
    const index = `${batchOffset}row * ${n}u + col`;
    const guards = [...(m % rows !== 0 ? [`row < ${m}u`] : []), ...(n % cols !== 0 ? [`col < ${n}u`] : [])];
    const store = `gemm_c[${index}] = ${finish(spec, "sum", `gemm_c[${index}]`, "row", "col")};`;
    return guards.length > 0 ? `if (${guards.join(" && ")}) { ${store} }` : store;
  })();
  const body = [
    ...grid.lines,
    `let row0 = tile_row * ${rows}u;`,
    `let col0 = tile_col * ${cols}u;`,
    ...declareAccumulators(rows, cols),
    // Thread t takes k = t, t + threads, …: neighbouring threads read neighbouring k.
    ...(whole > 0 ? [`for (var k0 = 0u; k0 < ${whole}u; k0 += ${threads}u) {`, ...indent(["let k = k0 + lid.x;", ...step("k")]), "}"] : []),
    ...(k > whole ? [`if (lid.x < ${k - whole}u) {`, ...indent([`let k = ${whole}u + lid.x;`, ...step("k")]), "}"] : []),
    ...Array.from({ length: rows }, (_, i) =>
      Array.from({ length: cols }, (_, j) => `gemm_partial[lid.x * ${outputs}u + ${i * cols + j}u] = ${acc(i, j)};`).join(" "),
    ),
    "workgroupBarrier();",
    `for (var o = lid.x; o < ${outputs}u; o += ${threads}u) {`,
    ...indent([
      "var sum = 0.0;",
      `for (var t = 0u; t < ${threads}u; t++) { sum += gemm_partial[t * ${outputs}u + o]; }`,
      `let row = row0 + o / ${cols}u;`,
      `let col = col0 + o % ${cols}u;`,
      storeOne,
    ]),
    "}",
  ];
  const code = `${describe(spec, tile)}
${declarations(spec, { a, b }, false)}
var<workgroup> gemm_partial: array<f32, ${threads * outputs}>;

@compute @workgroup_size(${threads}, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
${indent(body).join("\n")}
}
`;
  return kernel(spec, code, grid.workgroups);
}
