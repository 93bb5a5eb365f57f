// The WGSL of each GEMM strategy, and the pieces they share: accumulators, the k loop, stores with
// the epilogue, and the workgroup grid.

import {
  declareBindings,
  grid,
  grouped,
  indent,
  MAX_WORKGROUPS_PER_DIM,
  modulo,
  over,
  plus,
  rowMajor,
  times,
  WORKGROUP,
} from "../wgsl.js";
import type { GemmKernel, GemmSpec, GemmTile, RegisterTile, SplitKTile, SubgroupTile, WorkgroupTile } from "../gemm.js";
import {
  at,
  COMPONENTS,
  declarations,
  epilogueCall,
  epilogueFunctions,
  featureAt,
  gemmBindings,
  isSlice,
  loadBlock,
  loaderAlongK,
  reader,
  readsFeatures,
  scalarReader,
  type Axis,
  type Reader,
  type VectorReader,
  span,
  valueOf,
} from "./operands.js";

const acc = (i: number, j: number) => `acc_${i}_${j}`;

function declareAccumulators(rows: number, cols: number): string[] {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => `var ${acc(i, j)} = 0.0;`).join(" "),
  );
}

/**
 * The multiply-adds of a rows×depth block of A by a depth×cols block of B, one row of C at a
 * time: finishing a row's accumulators before the next row's keeps few of them live at once, which
 * on lavapipe (where the big tiles' accumulators exceed the registers) measured 1.3–1.4× faster
 * than stepping k outermost. `before(i)` returns lines to emit ahead of row i's multiply-adds.
 */
function multiplyAdd(
  rows: number,
  cols: number,
  depth: number,
  a: (i: number, kk: number) => string,
  b: (kk: number, j: number) => string,
  before: (i: number) => string[] = () => [],
): string[] {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push(...before(i));
    for (let kk = 0; kk < depth; kk++) {
      for (let j = 0; j < cols; j++) lines.push(`${acc(i, j)} = fma(${a(i, kk)}, ${b(kk, j)}, ${acc(i, j)});`);
    }
  }
  return lines;
}

/** `opening {`, the indented body, `}`. */
function braced(opening: string, body: string[]): string[] {
  return [`${opening}{`, indent(body.join("\n"), 2), "}"];
}

/** A k loop over whole blocks of `step` (when there are any), then the leftover k straight-line. */
function kLoop(k: number, step: number, body: (k0: string, depth: number) => string[]): string[] {
  const whole = Math.floor(k / step) * step;
  return [
    ...(whole > 0 ? braced(`for (var k0 = 0u; k0 < ${whole}u; k0 += ${step}u) `, body("k0", step)) : []),
    ...(k > whole ? braced("", body(`${whole}u`, k - whole)) : []),
  ];
}

/**
 * The stored value of C from the sum `value`: plus the old C, through the epilogue, which takes
 * `feature`, the element's `gemm_feature` values.
 */
function finish(spec: GemmSpec, value: string, old: string, feature: string): string {
  const sum = spec.accumulate ? `${value} + ${old}` : value;
  return spec.epilogue ? epilogueCall(spec.epilogue, sum, feature) : sum;
}

/** The epilogue's values for the element at (row, col), read where it is stored. */
function featureOf(spec: GemmSpec, row: string, col: string): string {
  return featureAt(spec.epilogue?.feature.axis === "row" ? row : col, "batch");
}

/**
 * C's element (row, col) of this batch: in whole rows of n, or of each column block, so vec4
 * stores stay aligned with `into` too. A slice's C is its own slice of the partial sums.
 */
function cIndex(spec: GemmSpec, row: string, col: string): string {
  const batches = spec.batch ?? 1;
  const rows = spec.into?.rows ?? spec.m;
  const slice = isSlice(spec) ? times("gemm_split", batches * spec.m * spec.n) : "0u";
  const batch = batches > 1 ? times("batch", rows * spec.n) : "0u";
  const block = spec.columnBlock ?? spec.n;
  const offset = (spec.into?.offset ?? 0) * block;
  if (block === spec.n) return plus(slice, batch, offset, rowMajor([row, col], [spec.n]));
  return plus(
    slice,
    batch,
    times(over(col, block), rows * block),
    offset,
    rowMajor([row, modulo(col, block)], [block]),
  );
}

/** Whether C can be stored as vec4s from groups of `cols` columns per thread. */
function cVectorizable(spec: GemmSpec, cols: number): boolean {
  return (spec.columnBlock ?? spec.n) % 4 === 0 && spec.n % 4 === 0 && cols % 4 === 0;
}

function guarded(conditions: string[], body: string): string {
  return conditions.length > 0 ? `if (${conditions.join(" && ")}) { ${body} }` : `{ ${body} }`;
}

/**
 * Stores the accumulators at C[row0 + i, col0 + j] (vec4s when `vector`), checking rows and
 * columns against m and n only when the grid can pass them. With `groupStride`, the thread's
 * columns come in groups of 4 that far apart: column j is col0 + (j / 4)·groupStride + j % 4.
 */
function storeBlock(
  spec: GemmSpec,
  o: { rows: number; cols: number; vector: boolean; guardRows: boolean; guardCols: boolean; groupStride?: number },
): string[] {
  const column = (j: number) => plus("col0", (j >> 2) * (o.groupStride ?? 4) + (j & 3));
  const lines: string[] = [];
  const conditions = (row: string, col: string) => [
    ...(o.guardRows ? [`${row} < ${spec.m}u`] : []),
    ...(o.guardCols ? [`${col} < ${spec.n}u`] : []),
  ];
  // The epilogue's values for each row (or column) of the block, read once: a row or column past
  // C's edge, whose stores are skipped, reads the last one's.
  const axis = readsFeatures(spec.epilogue) ? spec.epilogue.feature.axis : undefined;
  const inside = (index: string, size: number, guard: boolean) => (guard ? `min(${index}, ${size - 1}u)` : index);
  const feature = (i: number, j: number) => `feature_${axis === "row" ? i : j}`;
  if (axis === "col") {
    for (let j = 0; j < o.cols; j++)
      lines.push(`let feature_${j} = ${featureAt(inside(column(j), spec.n, o.guardCols), "batch")};`);
  }
  for (let i = 0; i < o.rows; i++) {
    const row = plus("row0", i);
    if (axis === "row") lines.push(`let feature_${i} = ${featureAt(inside(row, spec.m, o.guardRows), "batch")};`);
    if (o.vector) {
      for (let g = 0; g < o.cols / 4; g++) {
        const col = column(4 * g);
        const index = `(${cIndex(spec, row, col)}) / 4u`;
        const parts = COMPONENTS.map((component, q) =>
          finish(spec, acc(i, 4 * g + q), `gemm_old.${component}`, feature(i, 4 * g + q)),
        );
        const old = spec.accumulate ? `let gemm_old = gemm_c[${index}]; ` : "";
        lines.push(guarded(conditions(row, col), `${old}gemm_c[${index}] = vec4<f32>(${parts.join(", ")});`));
      }
    } else {
      for (let j = 0; j < o.cols; j++) {
        const col = column(j);
        const index = cIndex(spec, row, col);
        lines.push(
          guarded(
            conditions(row, col),
            `gemm_c[${index}] = ${finish(spec, acc(i, j), `gemm_c[${index}]`, feature(i, j))};`,
          ),
        );
      }
    }
  }
  return lines;
}

/**
 * `tile_col`, `tile_row` and `batch` (and a slice's `gemm_split`) for a tileCols × tileRows grid
 * of tiles (× batch × slices): the workgroup id when it fits WebGPU's per-dimension limit, else
 * one linear index whose spare workgroups return at once.
 */
function tileGrid(
  spec: GemmSpec,
  tileCols: number,
  tileRows: number,
): { workgroups: [number, number, number]; lines: string[] } {
  const splits = isSlice(spec) ? spec.slice.splits : 1;
  const depth = (spec.batch ?? 1) * splits;
  const batchLines =
    splits > 1 ? [`let gemm_split = wid.z % ${splits}u;`, `let batch = wid.z / ${splits}u;`] : ["let batch = wid.z;"];
  if (tileCols <= MAX_WORKGROUPS_PER_DIM && tileRows <= MAX_WORKGROUPS_PER_DIM) {
    return {
      workgroups: [tileCols, tileRows, depth],
      lines: ["let tile_col = wid.x;", "let tile_row = wid.y;", ...batchLines],
    };
  }
  const tiles = tileCols * tileRows;
  const x = Math.min(tiles, MAX_WORKGROUPS_PER_DIM);
  return {
    workgroups: [x, Math.ceil(tiles / x), depth],
    lines: [
      `let tile = wid.y * ${x}u + wid.x;`,
      `if (tile >= ${tiles}u) { return; }`,
      `let tile_col = tile % ${tileCols}u;`,
      `let tile_row = tile / ${tileCols}u;`,
      ...batchLines,
    ],
  };
}

/** The kernel: a header comment, the declarations, and `main` around `body`. */
function assemble(
  spec: GemmSpec,
  tile: GemmTile,
  o: {
    enable?: string;
    declarations: string;
    workgroupSize: string;
    builtins?: string;
    body: string[];
    workgroups: [number, number, number];
  },
): GemmKernel {
  const operand = (which: "a" | "b") => {
    const op = spec[which];
    return op.kind === "custom"
      ? `load_${which}`
      : `${which.toUpperCase()}${op.transposed ? " stored transposed" : ""}`;
  };
  const notes = [
    `${operand("a")}, ${operand("b")}`,
    ...((spec.batch ?? 1) > 1 ? [`${spec.batch} batches`] : []),
    ...(spec.accumulate ? ["C += result"] : []),
    ...(spec.into ? [`C is rows ${spec.into.offset}.. of ${spec.into.rows} per batch`] : []),
    ...(spec.epilogue ? ["epilogue"] : []),
  ];
  const code = `${o.enable ? `${o.enable}\n\n` : ""}// gemm ${spec.name}: C[${spec.m}x${spec.n}] = A[${spec.m}x${spec.k}] * B[${spec.k}x${spec.n}] (${notes.join("; ")})
// tile ${JSON.stringify(tile)}
${o.declarations}

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>${o.builtins ?? ""}) {
${indent(o.body.join("\n"), 2)}
}
`;
  return { code, entryPoint: "main", workgroups: o.workgroups, bindings: gemmBindings(spec) };
}

export function registerKernel(spec: GemmSpec, tile: RegisterTile): GemmKernel {
  const { m, n, k } = spec;
  const [threadsX, threadsY] = tile.threads;
  const { rows, cols } = tile;
  const tileRows = threadsY * rows;
  const tileCols = threadsX * cols;
  const a = reader(spec, "a", rows % 4 === 0 ? ["row", "col"] : ["col"]);
  const b = reader(spec, "b", cols % 4 === 0 ? ["row", "col"] : ["row"]);
  const cVector = cVectorizable(spec, cols);
  // Unrolling k pays for vec4 loads along k; with scalar loads it would only make more code to compile.
  const kStep = a.vector === "col" || b.vector === "row" ? 4 : 1;
  const grid = tileGrid(spec, Math.ceil(n / tileCols), Math.ceil(m / tileRows));
  const rowSpan = span("row0", rows, m, m % tileRows !== 0);
  const colSpan = span("col0", cols, n, n % tileCols !== 0);
  const body = [
    ...grid.lines,
    `let row0 = ${plus(times("tile_row", tileRows), times("lid.y", rows))};`,
    `let col0 = ${plus(times("tile_col", tileCols), times("lid.x", cols))};`,
    ...declareAccumulators(rows, cols),
    ...kLoop(k, kStep, (k0, depth) => {
      const kSpan = { start: k0, count: depth };
      const aBlock = loadBlock(a, "a_", rowSpan, kSpan);
      const bBlock = loadBlock(b, "b_", kSpan, colSpan);
      return [...aBlock.lines, ...bBlock.lines, ...multiplyAdd(rows, cols, depth, aBlock.value, bBlock.value)];
    }),
    ...storeBlock(spec, { rows, cols, vector: cVector, guardRows: m % tileRows !== 0, guardCols: n % tileCols !== 0 }),
  ];
  return assemble(spec, tile, {
    declarations: declarations(spec, { a: a.vector !== undefined, b: b.vector !== undefined, c: cVector }),
    workgroupSize: `${threadsX}, ${threadsY}, 1`,
    body,
    workgroups: grid.workgroups,
  });
}

export function subgroupKernel(spec: GemmSpec, tile: SubgroupTile): GemmKernel {
  const { m, n, k } = spec;
  const { subgroupSize, threads, rows, cols } = tile;
  const tileCols = threads * cols;
  const a = reader(spec, "a", rows % 4 === 0 ? ["row", "col"] : ["col"]);
  // Steps of 4 consecutive k: B can come as vec4s along k too.
  const b = reader(spec, "b", cols % 4 === 0 ? ["row", "col"] : ["row"]);
  const cVector = cVectorizable(spec, cols);
  const grid = tileGrid(spec, Math.ceil(n / tileCols), Math.ceil(m / rows));
  const colSpan = span("col0", cols, n, n % tileCols !== 0);
  const loads =
    a.vector === "col" && rows % subgroupSize === 0
      ? spreadRows(spec, tile, a)
      : a.vector === "row" && (rows / 4) % subgroupSize === 0
        ? spreadRowGroups(spec, tile, a)
        : laneK(spec, tile, a);
  const body = [
    ...grid.lines,
    `let row0 = ${times("tile_row", rows)};`,
    `let col0 = ${plus(times("tile_col", tileCols), times("lid.x", cols))};`,
    ...declareAccumulators(rows, cols),
    ...kLoop(k, loads.block, (k0, depth) => {
      const lanes = loads.load(k0, depth);
      const step = (kk: string, count: number) => {
        const start = kk === "0u" ? k0 : `${k0} + ${grouped(kk)} * 4u`;
        const bBlock = loadBlock(b, "b_", { start, count }, colSpan);
        return [...bBlock.lines, ...multiplyAdd(rows, cols, count, lanes.value, bBlock.value, lanes.before(kk, count))];
      };
      const steps = Math.floor(depth / 4);
      return [
        ...lanes.lines,
        ...(steps > 1 ? braced(`for (var kk = 0u; kk < ${steps}u; kk++) `, step("kk", 4)) : []),
        ...(steps === 1 ? step("0u", 4) : []),
        ...(depth % 4 > 0 ? braced("", step(`${steps}u`, depth % 4)) : []),
      ];
    }),
    ...storeBlock(spec, { rows, cols, vector: cVector, guardRows: m % rows !== 0, guardCols: n % tileCols !== 0 }),
  ];
  return assemble(spec, tile, {
    enable: "enable subgroups;",
    declarations: declarations(spec, { a: a.vector !== undefined, b: b.vector !== undefined, c: cVector }),
    workgroupSize: `${threads}, 1, 1`,
    builtins: ", @builtin(subgroup_invocation_id) lane: u32",
    body,
    workgroups: grid.workgroups,
  });
}

/**
 * How a subgroup tile's lanes load A and hand it round: per block of `block` k, `load` gives the
 * loads, for each step of 4 k (`kk`, `count` of them) the shuffles to emit before row i's
 * multiply-adds, and A's value at row i and the step's k number q.
 */
interface LaneLoads {
  block: number;
  load(
    k0: string,
    depth: number,
  ): {
    lines: string[];
    before: (kk: string, count: number) => (i: number) => string[];
    value: (i: number, q: number) => string;
  };
}

/**
 * Each lane loads A at its own k, for every row (4 k of a row-major A as a vec4, or one k of 4
 * rows of a transposed A), once per block of subgroupSize·(4 or 1) k, and step kk shuffles lane
 * kk's values (or lanes 4·kk + q's) to everyone. Each value is shuffled just before the first row
 * that uses it, so few shuffled values are live at once.
 */
function laneK(spec: GemmSpec, tile: SubgroupTile, a: Reader): LaneLoads {
  const { subgroupSize, rows } = tile;
  const kPerLane = a.vector === "col" ? 4 : 1;
  const rowSpan = span("row0", rows, spec.m, spec.m % rows !== 0);
  return {
    block: subgroupSize * kPerLane,
    load(k0, depth) {
      // In a partial last block the lanes past k load the end of k again, which nobody uses.
      const laneK = kPerLane === 4 ? `${k0} + lane * 4u` : `${k0} + lane`;
      const lanes = loadBlock(a, "a_lane", rowSpan, span(laneK, kPerLane, spec.k, depth < subgroupSize * kPerLane));
      const shuffledName = (variable: string, q: number) => (kPerLane === 4 ? `${variable}_s` : `${variable}_s${q}`);
      return {
        lines: lanes.lines,
        before: (kk, count) => {
          const shuffled = new Set<string>();
          return (i) => {
            const variable = lanes.element(i, 0).variable;
            if (shuffled.has(variable)) return [];
            shuffled.add(variable);
            return kPerLane === 4
              ? [`let ${shuffledName(variable, 0)} = subgroupShuffle(${variable}, ${kk});`]
              : Array.from(
                  { length: count },
                  (_, q) =>
                    `let ${shuffledName(variable, q)} = subgroupShuffle(${variable}, ${plus(`${grouped(kk)} * 4u`, q)});`,
                );
          };
        },
        value: (i, q) => {
          const source = lanes.element(i, kPerLane === 4 ? q : 0);
          return valueOf({ ...source, variable: shuffledName(source.variable, q) });
        },
      };
    },
  };
}

/**
 * For a row-major A whose rows fill the lanes evenly: per step of 4 k, each lane loads the vec4s
 * of rows lane, lane + subgroupSize, …, and row i comes from lane i % subgroupSize by broadcast.
 * A lane holds rows / subgroupSize vec4s of A instead of rows (laneK's): on lavapipe, whose
 * registers the 32 rows of laneK's vec4s overflow, the 32×4 tile ran 1.1–1.5× faster this way.
 */
function spreadRows(spec: GemmSpec, tile: SubgroupTile, a: VectorReader): LaneLoads {
  const { subgroupSize, rows } = tile;
  const row = (r: number) => {
    const index = plus("row0 + lane", r * subgroupSize);
    return spec.m % rows !== 0 ? `min(${index}, ${spec.m - 1}u)` : index;
  };
  return {
    block: 4,
    load: (k0) => ({
      lines: Array.from({ length: rows / subgroupSize }, (_, r) => `let a_row${r} = ${a.vec4(row(r), k0)};`),
      before: () => (i) => [
        `let a_${i} = subgroupBroadcast(a_row${Math.floor(i / subgroupSize)}, ${i % subgroupSize}u);`,
      ],
      value: (i, q) => `a_${i}.${COMPONENTS[q]}`,
    }),
  };
}

/**
 * spreadRows for an A stored transposed (k-major), whose groups of 4 rows fill the lanes evenly:
 * per step of 4 k, each lane loads the vec4s of row groups lane, lane + subgroupSize, … at each k,
 * and a group's four k come from its lane by broadcast before the group's first row.
 */
function spreadRowGroups(spec: GemmSpec, tile: SubgroupTile, a: VectorReader): LaneLoads {
  const { subgroupSize, rows } = tile;
  const groups = rows / 4;
  const row = (r: number) => {
    const index = plus("row0 + lane * 4u", 4 * r * subgroupSize);
    return spec.m % rows !== 0 ? `min(${index}, ${spec.m - 4}u)` : index;
  };
  return {
    block: 4,
    load: (k0, depth) => ({
      lines: Array.from({ length: groups / subgroupSize }, (_, r) =>
        Array.from({ length: depth }, (_, q) => `let a_group${r}_${q} = ${a.vec4(row(r), plus(k0, q))};`),
      ).flat(),
      before: () => (i) => {
        if (i % 4 !== 0) return [];
        const group = i / 4;
        return Array.from(
          { length: depth },
          (_, q) =>
            `let a_${group}_${q} = subgroupBroadcast(a_group${Math.floor(group / subgroupSize)}_${q}, ${group % subgroupSize}u);`,
        );
      },
      value: (i, q) => `a_${i >> 2}_${q}.${COMPONENTS[i & 3]}`,
    }),
  };
}

/**
 * The vec4s of one k row of A's and of B's stage in workgroup memory: A's rows and B's columns by
 * groups of 4, so each thread reads its rows and columns of a k step as vec4s. Copies along k
 * store neighbouring threads' values a k row apart: a k row one vec4 longer than its groups puts
 * them in different banks.
 */
export function workgroupKRows(tile: WorkgroupTile): { a: number; b: number } {
  const pad = tile.loadersAlongK ? 1 : 0;
  return { a: (tile.threads[1] * tile.rows) / 4 + pad, b: (tile.threads[0] * tile.cols) / 4 + pad };
}

export function workgroupKernel(spec: GemmSpec, tile: WorkgroupTile): GemmKernel {
  const { m, n, k } = spec;
  const [threadsX, threadsY] = tile.threads;
  const { rows, cols, depth } = tile;
  const tileRows = threadsY * rows;
  const tileCols = threadsX * cols;
  const threads = threadsX * threadsY;
  const partialK = k % depth !== 0;
  // Workgroup memory holds vec4s, k-major (see workgroupKRows).
  const kRow = workgroupKRows(tile);
  const stageSize = { a: depth * kRow.a, b: depth * kRow.b };

  // The copies of one operand's k block into workgroup memory, as units of work shared out over
  // the threads (consecutive threads walking the operand's stored-contiguous axis): each unit
  // loads a vec4 along the tile's rows or columns, a vec4 along k, or one element, at k offset
  // `kStart`, and stores it into stage `stage`. k past the end reads as 0.
  const copyUnits = (which: "a" | "b") => {
    const kAxis: Axis = which === "a" ? "col" : "row";
    const read = reader(spec, which, depth % 4 === 0 ? ["row", "col"] : [kAxis === "row" ? "col" : "row"]);
    const [extent, limit, origin] = which === "a" ? [tileRows, m, "tile_row"] : [tileCols, n, "tile_col"];
    const operand = spec[which];
    const along = read.vector === undefined ? undefined : read.vector === kAxis ? "k" : "extent";
    const kContiguous =
      along === "k" ||
      (operand.kind === "dense"
        ? operand.transposed === (which === "b")
        : tile.loadersAlongK === true && loaderAlongK(spec, which));
    const [walk, across] =
      along === "extent"
        ? [extent / 4, depth]
        : along === "k"
          ? [depth / 4, extent]
          : [kContiguous ? depth : extent, kContiguous ? extent : depth];
    const count = walk * across;
    // For unit e: its index along the walked axis and along the other. Along k, `kk` below counts
    // vec4s of k.
    const indices = (e: string) => [`(${e}) % ${walk}u`, `(${e}) / ${walk}u`];
    const stored = (stage: string, kk: string, group: string) =>
      `gemm_tile_${which}[${stage === "0u" ? "" : `(${stage}) * ${stageSize[which]}u + `}(${kk}) * ${kRow[which]}u + ${group}]`;
    const units = Array.from({ length: Math.ceil(count / threads) }, (_, u) => {
      const e = plus("gemm_thread", u * threads);
      const [w, x] = indices(e);
      const [kk, i] = along === "extent" || (along === undefined && !kContiguous) ? [x, w] : [w, x];
      const kAt = (kStart: string) =>
        kStart === "0u" ? (along === "k" ? `${kk} * 4u` : kk) : `${kStart} + ${along === "k" ? `${kk} * 4u` : kk}`;
      const load = (kStart: string): string => {
        const kIndex = at(span(kAt(kStart), 1, partialK && along === "k" ? k - 3 : k, partialK), 0);
        if (read.vector === undefined) {
          const index = at(span(`${origin} * ${extent}u + ${i}`, 1, limit, limit % extent !== 0), 0);
          const element = which === "a" ? read.scalar(index, kIndex) : read.scalar(kIndex, index);
          return partialK ? `select(0.0, ${element}, ${kAt(kStart)} < ${k}u)` : element;
        }
        const first = along === "extent" ? `${origin} * ${extent}u + ${i} * 4u` : `${origin} * ${extent}u + ${i}`;
        const index = at(span(first, 1, along === "extent" ? limit - 3 : limit, limit % extent !== 0), 0);
        const vector = which === "a" ? read.vec4(index, kIndex) : read.vec4(kIndex, index);
        return partialK ? `select(vec4<f32>(0.0), ${vector}, ${kAt(kStart)} < ${k}u)` : vector;
      };
      const store = (stage: string, value: string): string[] =>
        along === "extent"
          ? [`${stored(stage, kk, i)} = ${value};`]
          : along === "k"
            ? COMPONENTS.map(
                (c, q) => `${stored(stage, plus(`${kk} * 4u`, q), `(${i}) / 4u`)}[(${i}) % 4u] = ${value}.${c};`,
              )
            : [`${stored(stage, kk, `(${i}) / 4u`)}[(${i}) % 4u] = ${value};`];
      const guard = (u + 1) * threads > count ? `${e} < ${count}u` : undefined;
      return { load, store, guard, name: `gemm_next_${which}_${u}` };
    });
    return { units, vector: read.vector !== undefined };
  };
  const copies = { a: copyUnits("a"), b: copyUnits("b") };
  const units = [
    ...copies.a.units.map((unit) => ({ ...unit, type: copies.a.vector ? "vec4<f32>" : "f32" })),
    ...copies.b.units.map((unit) => ({ ...unit, type: copies.b.vector ? "vec4<f32>" : "f32" })),
  ];
  const onlyIf = (guard: string | undefined, lines: string[]) => (guard ? braced(`if (${guard}) `, lines) : lines);

  // This thread's rows of a k step: `rows` consecutive ones, read as vec4s that every thread with
  // the same lid.y shares. Its columns: groups of 4 strided by threadsX groups, so that
  // neighbouring threads read neighbouring vec4s of workgroup memory.
  const aAt = (g: number) =>
    `gemm_tile_a[gemm_read * ${stageSize.a}u + kk * ${kRow.a}u + ${plus(rows === 4 ? "lid.y" : `lid.y * ${rows / 4}u`, g)}]`;
  const bAt = (g: number) =>
    `gemm_tile_b[gemm_read * ${stageSize.b}u + kk * ${kRow.b}u + ${plus("lid.x", g * threadsX)}]`;
  const grid = tileGrid(spec, Math.ceil(n / tileCols), Math.ceil(m / tileRows));
  const cVector = cVectorizable(spec, cols);
  // Double-buffered: while the threads multiply one stage, the next k block's loads are in flight
  // into registers, stored into the other stage after the multiply-adds. Each k block needs one
  // barrier (after which the stage just read may be overwritten and the one just written read).
  const body = [
    ...grid.lines,
    `let gemm_thread = lid.y * ${threadsX}u + lid.x;`,
    `let row0 = ${plus(times("tile_row", tileRows), times("lid.y", rows))};`,
    `let col0 = ${plus(times("tile_col", tileCols), times("lid.x", 4))};`,
    ...declareAccumulators(rows, cols),
    ...units.flatMap((unit) => onlyIf(unit.guard, unit.store("0u", unit.load("0u")))),
    "workgroupBarrier();",
    ...(k > depth ? units.map((unit) => `var ${unit.name}: ${unit.type};`) : []),
    ...braced(`for (var k0 = 0u; k0 < ${k}u; k0 += ${depth}u) `, [
      `let gemm_read = (k0 / ${depth}u) % 2u;`,
      ...(k > depth
        ? [
            `let gemm_next = k0 + ${depth}u < ${k}u;`,
            ...braced(
              "if (gemm_next) ",
              units.flatMap((unit) => onlyIf(unit.guard, [`${unit.name} = ${unit.load(`k0 + ${depth}u`)};`])),
            ),
          ]
        : []),
      ...braced(`for (var kk = 0u; kk < ${depth}u; kk++) `, [
        ...Array.from({ length: rows / 4 }, (_, g) => `let a_${g} = ${aAt(g)};`),
        ...Array.from({ length: cols / 4 }, (_, g) => `let b_${g} = ${bAt(g)};`),
        ...multiplyAdd(
          rows,
          cols,
          1,
          (i) => `a_${i >> 2}.${COMPONENTS[i & 3]}`,
          (_, j) => `b_${j >> 2}.${COMPONENTS[j & 3]}`,
        ),
      ]),
      ...(k > depth
        ? braced(
            "if (gemm_next) ",
            units.flatMap((unit) => onlyIf(unit.guard, unit.store("1u - gemm_read", unit.name))),
          )
        : []),
      "workgroupBarrier();",
    ]),
    ...storeBlock(spec, {
      rows,
      cols,
      vector: cVector,
      guardRows: m % tileRows !== 0,
      guardCols: n % tileCols !== 0,
      groupStride: 4 * threadsX,
    }),
  ];
  return assemble(spec, tile, {
    declarations: `${declarations(spec, { a: copies.a.vector, b: copies.b.vector, c: cVector })}
var<workgroup> gemm_tile_a: array<vec4<f32>, ${2 * stageSize.a}>;
var<workgroup> gemm_tile_b: array<vec4<f32>, ${2 * stageSize.b}>;`,
    workgroupSize: `${threadsX}, ${threadsY}, 1`,
    body,
    workgroups: grid.workgroups,
  });
}

export function splitKKernel(spec: GemmSpec, tile: SplitKTile): GemmKernel {
  const { m, n, k } = spec;
  const { threads, rows, cols } = tile;
  const outputs = rows * cols;
  const a = scalarReader(spec, "a");
  const b = scalarReader(spec, "b");
  const rowSpan = span("row0", rows, m, m % rows !== 0);
  const colSpan = span("col0", cols, n, n % cols !== 0);
  const step = (kIndex: string) => {
    const aBlock = loadBlock(a, "a_", rowSpan, { start: "k", count: 1 });
    const bBlock = loadBlock(b, "b_", { start: "k", count: 1 }, colSpan);
    return [
      `let k = ${kIndex};`,
      ...aBlock.lines,
      ...bBlock.lines,
      ...multiplyAdd(rows, cols, 1, aBlock.value, bBlock.value),
    ];
  };
  const whole = Math.floor(k / threads) * threads;
  const index = cIndex(spec, "row", "col");
  const guards = [...(m % rows !== 0 ? [`row < ${m}u`] : []), ...(n % cols !== 0 ? [`col < ${n}u`] : [])];
  const grid = tileGrid(spec, Math.ceil(n / cols), Math.ceil(m / rows));
  const body = [
    ...grid.lines,
    `let row0 = ${times("tile_row", rows)};`,
    `let col0 = ${times("tile_col", cols)};`,
    ...declareAccumulators(rows, cols),
    // Thread t takes k = t, t + threads, …: neighbouring threads read neighbouring k.
    ...(whole > 0 ? braced(`for (var k0 = 0u; k0 < ${whole}u; k0 += ${threads}u) `, step("k0 + lid.x")) : []),
    ...(k > whole ? braced(`if (lid.x < ${k - whole}u) `, step(`${whole}u + lid.x`)) : []),
    ...Array.from({ length: rows }, (_, i) =>
      Array.from(
        { length: cols },
        (_, j) => `gemm_partial[${plus(times("lid.x", outputs), i * cols + j)}] = ${acc(i, j)};`,
      ).join(" "),
    ),
    "workgroupBarrier();",
    ...braced(`for (var o = lid.x; o < ${outputs}u; o += ${threads}u) `, [
      "var sum = 0.0;",
      `for (var t = 0u; t < ${threads}u; t++) { sum += gemm_partial[t * ${outputs}u + o]; }`,
      `let row = row0 + o / ${cols}u;`,
      `let col = col0 + o % ${cols}u;`,
      guarded(guards, `gemm_c[${index}] = ${finish(spec, "sum", `gemm_c[${index}]`, featureOf(spec, "row", "col"))};`),
    ]),
  ];
  return assemble(spec, tile, {
    declarations: `${declarations(spec, { a: false, b: false, c: false })}
var<workgroup> gemm_partial: array<f32, ${threads * outputs}>;`,
    workgroupSize: `${threads}, 1, 1`,
    body,
    workgroups: grid.workgroups,
  });
}

/**
 * The second kernel of a GEMM whose k is split: sums each element's slices of `gemm_partials`
 * (laid out [slice, batch, m, n]) and stores it in C as the strategies do, epilogue and all.
 */
export function sumSlicesKernel(spec: GemmSpec, splits: number): GemmKernel {
  const { m, n } = spec;
  const elements = (spec.batch ?? 1) * m * n;
  const g = grid(elements);
  const index = cIndex(spec, "row", "col");
  // The slices lay out their partial sums as C is, without `into`'s rows around it.
  const partial = cIndex({ ...spec, into: undefined }, "row", "col");
  const bindings = [
    { name: "gemm_partials", access: "read" as const, type: "array<f32>" },
    { name: "gemm_c", access: "read_write" as const, type: "array<f32>" },
    ...(spec.epilogue?.bindings ?? []),
  ];
  const body = [
    `let i = ${g.index};`,
    `if (i >= ${elements}u) { return; }`,
    `let batch = i / ${m * n}u;`,
    `let row = (i / ${n}u) % ${m}u;`,
    `let col = i % ${n}u;`,
    "var sum = 0.0;",
    `for (var s = 0u; s < ${splits}u; s++) { sum += gemm_partials[s * ${elements}u + ${partial}]; }`,
    `gemm_c[${index}] = ${finish(spec, "sum", `gemm_c[${index}]`, featureOf(spec, "row", "col"))};`,
  ];
  const code = `// gemm ${spec.name}: C[${m}x${n}] = the sum of ${splits} slices of k, each ${spec.k / splits} long${spec.accumulate ? "; C += result" : ""}${spec.epilogue ? "; epilogue" : ""}
${[declareBindings(bindings), ...epilogueFunctions(spec.epilogue)].join("\n")}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
${indent(body.join("\n"), 2)}
}
`;
  return {
    code,
    entryPoint: "main",
    workgroups: g.workgroups,
    bindings: bindings.map(({ name, access }) => ({ name, access })),
  };
}
