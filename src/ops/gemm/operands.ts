// How GEMM kernels bind and read their operands: the binding list, the declarations, and loads of
// blocks of A or B as scalars or as vec4s along the stored-contiguous axis.

import { declareBindings, plus, rowMajor } from "../wgsl.js";
import type { Epilogue, ExtraBinding, GemmSlice, GemmSpec } from "../gemm.js";

export const COMPONENTS = ["x", "y", "z", "w"] as const;

export function extraBindings(spec: GemmSpec): ExtraBinding[] {
  return [
    ...(spec.a.kind === "custom" ? spec.a.bindings : []),
    ...(spec.b.kind === "custom" ? spec.b.bindings : []),
    ...(spec.epilogue?.bindings ?? []),
  ];
}

/** Binding i is group 0 binding i: dense A, dense B, C, then the extras in declaration order. */
export function gemmBindings(spec: GemmSpec): { name: string; access: "read" | "read_write" }[] {
  return [
    ...(spec.a.kind === "dense" ? [{ name: "gemm_a", access: "read" as const }] : []),
    ...(spec.b.kind === "dense" ? [{ name: "gemm_b", access: "read" as const }] : []),
    { name: "gemm_c", access: "read_write" },
    ...extraBindings(spec).map(({ name, access }) => ({ name, access })),
  ];
}

/** The bindings, the custom loaders, and the epilogue's functions when there is one. */
export function declarations(spec: GemmSpec, vectors: { a: boolean; b: boolean; c: boolean }): string {
  const arrayOf = (vector: boolean) => (vector ? "array<vec4<f32>>" : "array<f32>");
  const types = new Map<string, string>([
    ["gemm_a", arrayOf(vectors.a)],
    ["gemm_b", arrayOf(vectors.b)],
    ["gemm_c", arrayOf(vectors.c)],
    ...extraBindings(spec).map((extra): [string, string] => [extra.name, extra.type]),
  ]);
  const loaders = [spec.a, spec.b].flatMap((operand) => (operand.kind === "custom" ? [operand.wgsl.trim()] : []));
  const bindings = declareBindings(
    gemmBindings(spec).map(({ name, access }) => ({ name, access, type: types.get(name)! })),
  );
  return [bindings, ...loaders, ...epilogueFunctions(spec.epilogue)].join("\n");
}

/**
 * The epilogue's WGSL: its helpers, `gemm_epilogue(value)`, and where it reads tensors
 * `gemm_feature(i, batch)`, their values at the feature of index i along its axis, which
 * `gemm_epilogue(value, at)` takes.
 */
export function epilogueFunctions(epilogue: Epilogue | undefined): string[] {
  if (epilogue === undefined) return [];
  const helpers = epilogue.wgsl ? [epilogue.wgsl.trim()] : [];
  const names = epilogue.bindings.map((binding) => binding.name);
  if (names.length === 0) {
    const apply = epilogue.apply("value", (name) => {
      throw new Error(`the epilogue reads "${name}" but binds no tensors`);
    });
    return [...helpers, `fn gemm_epilogue(value: f32) -> f32 {\n  return ${apply};\n}`];
  }
  return [
    ...helpers,
    `struct GemmFeature {\n${names.map((name) => `  ${name}: f32,`).join("\n")}\n}`,
    `fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = ${epilogue.feature.index("i")};
  return GemmFeature(${names.map((name) => `${name}[feature]`).join(", ")});
}`,
    `fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {\n  return ${epilogue.apply("value", (name) => `at.${name}`)};\n}`,
  ];
}

/** Whether the epilogue reads tensors, and so takes `gemm_feature`'s values. */
export function readsFeatures(epilogue: Epilogue | undefined): epilogue is Epilogue {
  return epilogue !== undefined && epilogue.bindings.length > 0;
}

/** WGSL: the epilogue's values at the feature of index `i` along its axis, in `batch` (a `GemmFeature`). */
export function featureAt(i: string, batch: string): string {
  return `gemm_feature(${i}, ${batch})`;
}

/** WGSL: the epilogue on `value`; `feature` is the element's `gemm_feature` values, where it reads tensors. */
export function epilogueCall(epilogue: Epilogue, value: string, feature: string): string {
  return readsFeatures(epilogue) ? `gemm_epilogue(${value}, ${feature})` : `gemm_epilogue(${value})`;
}

export type Axis = "row" | "col";

/** Whether operand `which` is a loader that says its neighbouring k read neighbouring addresses. */
export function loaderAlongK(spec: GemmSpec, which: "a" | "b"): boolean {
  const operand = spec[which];
  return operand.kind === "custom" && operand.contiguous === (which === "a" ? "col" : "row");
}

/** Reads a logical operand (A: m×k, B: k×n) one element at a time. */
export interface ScalarReader {
  vector: undefined;
  /** WGSL f32 at (row, col). */
  scalar: (row: string, col: string) => string;
}

/** Reads a dense operand as aligned vec4s along `vector`, its stored-contiguous axis. */
export interface VectorReader {
  vector: Axis;
  /** WGSL vec4 of the 4 elements from (row, col) along `vector`. */
  vec4: (row: string, col: string) => string;
}

export type Reader = ScalarReader | VectorReader;

export function isSlice(spec: GemmSpec): spec is GemmSlice {
  return "slice" in spec;
}

/** The stored operand's logical rows and columns: a slice's operands hold the whole k. */
const dims = (spec: GemmSpec, which: "a" | "b") => {
  const k = isSlice(spec) ? spec.slice.storedK : spec.k;
  return which === "a" ? { rows: spec.m, cols: k } : { rows: k, cols: spec.n };
};

/** Where the kernel's (row, col) of an operand lies in the whole operand: a slice starts k later. */
function inWhole(spec: GemmSpec, which: "a" | "b"): (row: string, col: string) => [string, string] {
  if (!isSlice(spec)) return (row, col) => [row, col];
  const start = `gemm_split * ${spec.k}u`;
  return which === "a" ? (row, col) => [row, `${col} + ${start}`] : (row, col) => [`${row} + ${start}`, col];
}

/** Element index into a dense operand's binding, batch offset included. */
function denseIndex(spec: GemmSpec, which: "a" | "b", transposed: boolean): (row: string, col: string) => string {
  const { rows, cols } = dims(spec, which);
  const batch = (spec.batch ?? 1) > 1 ? `batch * ${rows * cols}u + ` : "";
  const whole = inWhole(spec, which);
  // Row-major storage of rows×cols, or of cols×rows when transposed.
  return (logicalRow, logicalCol) => {
    const [row, col] = whole(logicalRow, logicalCol);
    return batch + (transposed ? rowMajor([col, row], [rows]) : rowMajor([row, col], [cols]));
  };
}

export function scalarReader(spec: GemmSpec, which: "a" | "b"): ScalarReader {
  const operand = spec[which];
  if (operand.kind === "custom") {
    const whole = inWhole(spec, which);
    return { vector: undefined, scalar: (row, col) => `load_${which}(batch, ${whole(row, col).join(", ")})` };
  }
  const index = denseIndex(spec, which, operand.transposed);
  return { vector: undefined, scalar: (row, col) => `gemm_${which}[${index(row, col)}]` };
}

/**
 * The reader of operand `which`: vec4s when it is dense, its stored-contiguous axis is one of
 * `vectorizable` (the axes along which the kernel loads aligned groups of 4) and that axis's
 * length is a multiple of 4; scalars otherwise.
 */
export function reader(spec: GemmSpec, which: "a" | "b", vectorizable: readonly Axis[]): Reader {
  const operand = spec[which];
  if (operand.kind === "custom") return scalarReader(spec, which);
  const { rows, cols } = dims(spec, which);
  const axis: Axis = operand.transposed ? "row" : "col";
  if ((axis === "row" ? rows : cols) % 4 !== 0 || !vectorizable.includes(axis)) return scalarReader(spec, which);
  const index = denseIndex(spec, which, operand.transposed);
  return { vector: axis, vec4: (row, col) => `gemm_${which}[(${index(row, col)}) / 4u]` };
}

/** Indices start+0 … start+count-1 along an axis, clamped below `limit` when it is set. */
export interface Span {
  start: string;
  count: number;
  limit?: number;
}

/** A span that clamps below `limit` only when `mayPass` (its indices can reach past it). */
export function span(start: string, count: number, limit: number, mayPass: boolean): Span {
  return mayPass ? { start, count, limit } : { start, count };
}

export function at(s: Span, offset: number): string {
  const index = plus(s.start, offset);
  return s.limit === undefined ? index : `min(${index}, ${s.limit - 1}u)`;
}

/** The first index of the aligned vec4 `group` of a span (a vector axis: its limit is a multiple of 4). */
function atGroup(s: Span, group: number): string {
  const index = plus(s.start, 4 * group);
  return s.limit === undefined ? index : `min(${index}, ${s.limit - 4}u)`;
}

/** Element (i, j) of a loaded block: a `let`, or one component of a vec4 `let`. */
export interface Element {
  variable: string;
  component?: string;
}

export const valueOf = (e: Element) => (e.component === undefined ? e.variable : `${e.variable}.${e.component}`);

export interface Block {
  lines: string[];
  element: (i: number, j: number) => Element;
  /** WGSL for element (i, j). */
  value: (i: number, j: number) => string;
}

/**
 * Loads the block rows×cols of an operand into `let`s named `prefix…`; a vector reader needs the
 * block's count along its axis to be a multiple of 4.
 */
export function loadBlock(read: Reader, prefix: string, rows: Span, cols: Span): Block {
  const lines: string[] = [];
  let element: (i: number, j: number) => Element;
  if (read.vector === undefined) {
    for (let i = 0; i < rows.count; i++) {
      for (let j = 0; j < cols.count; j++)
        lines.push(`let ${prefix}${i}_${j} = ${read.scalar(at(rows, i), at(cols, j))};`);
    }
    element = (i, j) => ({ variable: `${prefix}${i}_${j}` });
  } else if (read.vector === "col") {
    for (let i = 0; i < rows.count; i++) {
      for (let g = 0; g < cols.count / 4; g++)
        lines.push(`let ${prefix}${i}_${g} = ${read.vec4(at(rows, i), atGroup(cols, g))};`);
    }
    element = (i, j) => ({ variable: `${prefix}${i}_${j >> 2}`, component: COMPONENTS[j & 3] });
  } else {
    for (let g = 0; g < rows.count / 4; g++) {
      for (let j = 0; j < cols.count; j++)
        lines.push(`let ${prefix}${g}_${j} = ${read.vec4(atGroup(rows, g), at(cols, j))};`);
    }
    element = (i, j) => ({ variable: `${prefix}${i >> 2}_${j}`, component: COMPONENTS[i & 3] });
  }
  return { lines, element, value: (i, j) => valueOf(element(i, j)) };
}
