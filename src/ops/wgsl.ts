// Shared pieces of the WGSL that op families emit: binding declarations, the per-step uniform,
// 1-D dispatch grids that respect the 65,535-workgroups-per-dimension limit, and the
// counter-based random numbers dropout uses.

/** Threads per workgroup for elementwise and row kernels. */
export const WORKGROUP = 256;

/** The largest workgroup count WebGPU guarantees per dimension. */
export const MAX_WORKGROUPS_PER_DIM = 65535;

/** Values that change from step to step, written once per step: binding `step` in any kernel. */
export const STEP_STRUCT = `struct Step {
  index: u32,       // optimizer step, from 1
  seed: u32,        // random stream of this step (dropout)
  slot: u32,        // metrics ring slot of this step
  rows: u32,        // valid rows of the batch (the last evaluation batch may be partial)
  lr: f32,          // learning rate of this step, after the schedule
  correction1: f32, // 1 - beta1^index (Adam)
  correction2: f32, // 1 - beta2^index (Adam)
  statistics_rate: f32, // batch norm's running statistics update rate where above 0, else each one's momentum
}`;

/** Size in bytes of the Step uniform. */
export const STEP_BYTES = 32;

export type Access = "read" | "read_write";

export interface BindingDecl {
  name: string;
  access: Access | "uniform";
  /** WGSL type: `array<f32>`, `array<u32>`, `Step`. */
  type: string;
}

export function declareBindings(bindings: readonly BindingDecl[]): string {
  return bindings
    .map((b, i) =>
      b.access === "uniform"
        ? `@group(0) @binding(${i}) var<uniform> ${b.name}: ${b.type};`
        : `@group(0) @binding(${i}) var<storage, ${b.access}> ${b.name}: ${b.type};`,
    )
    .join("\n");
}

/** A grid of `count` threads in workgroups of `size`, folded into 2-D when it must be. */
export function grid(count: number, size = WORKGROUP): { workgroups: [number, number, number]; index: string } {
  const groups = Math.max(1, Math.ceil(count / size));
  if (groups <= MAX_WORKGROUPS_PER_DIM) return { workgroups: [groups, 1, 1], index: "gid.x" };
  const x = MAX_WORKGROUPS_PER_DIM;
  return { workgroups: [x, Math.ceil(groups / x), 1], index: `gid.x + gid.y * ${x * size}u` };
}

/**
 * A kernel that runs `body` once per index `i` in [0, count): the body sees `let i: u32`.
 */
export function perElement(
  count: number,
  bindings: readonly BindingDecl[],
  body: string,
  helpers = "",
): { code: string; workgroups: [number, number, number] } {
  const g = grid(count);
  const code = `${bindings.some((b) => b.type === "Step") ? STEP_STRUCT + "\n\n" : ""}${declareBindings(bindings)}
${helpers}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = ${g.index};
  if (i >= ${count}u) { return; }
${indent(body, 2)}
}
`;
  return { code, workgroups: g.workgroups };
}

/** ` + n`, ` - |n|`, or nothing for 0: an integer offset in WGSL. */
export function offsetBy(n: number): string {
  return n === 0 ? "" : n < 0 ? ` - ${-n}` : ` + ${n}`;
}

/** The i32 `value * n`, or `value` where n is 1. */
export function scaled(value: string, n: number): string {
  return n === 1 ? value : `${value} * ${n}`;
}

/**
 * u32 index arithmetic that leaves out what does nothing, so that a kernel reads as the index it
 * computes: a factor or divisor of 1 is dropped, a remainder by 1 is `0u`, literals fold, and
 * `plus` drops zero terms (a number term is a u32 literal).
 */
export function times(a: string, n: number): string {
  if (n === 0 || a === "0u") return "0u";
  const literal = /^(\d+)u$/.exec(a);
  if (literal) return `${Number(literal[1]) * n}u`;
  return n === 1 ? a : `${grouped(a)} * ${n}u`;
}

export function over(a: string, n: number): string {
  return n === 1 || a === "0u" ? a : `${grouped(a)} / ${n}u`;
}

export function modulo(a: string, n: number): string {
  return n === 1 || a === "0u" ? "0u" : `${grouped(a)} % ${n}u`;
}

export function plus(...terms: (string | number)[]): string {
  const kept = terms.map((term) => (typeof term === "number" ? `${term}u` : term)).filter((term) => term !== "0u");
  return kept.length === 0 ? "0u" : kept.join(" + ");
}

/** The flat row-major index of `coords` in an array whose dimensions after the first are `sizes`. */
export function rowMajor(coords: readonly string[], sizes: readonly number[]): string {
  return coords.slice(1).reduce((flat, coord, d) => plus(times(flat, sizes[d]!), coord), coords[0]!);
}

/** `a` as an operand of `*`, `/` or `%`: parenthesised unless it is a name, a call or a group. */
export function grouped(a: string): string {
  return /^[\w.]+$/.test(a) || enclosed(a) ? a : `(${a})`;
}

/** Whether `a` is one call or parenthesised group: its first parenthesis closes at its end. */
function enclosed(a: string): boolean {
  const open = a.indexOf("(");
  if (open < 0 || !/^\w*$/.test(a.slice(0, open))) return false;
  let depth = 0;
  for (let i = open; i < a.length; i++) {
    if (a[i] === "(") depth++;
    else if (a[i] === ")" && --depth === 0) return i === a.length - 1;
  }
  return false;
}

export function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line.length > 0 ? pad + line : line))
    .join("\n");
}

/** A float literal WGSL accepts (always with a decimal point or exponent). */
export function f32(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a WGSL literal`);
  const text = String(Math.fround(value));
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * Counter-based random bits: a function of (step seed, stream, element index) alone, so the
 * backward pass regenerates the forward pass's dropout mask instead of storing it. `hash32` in
 * TypeScript computes the same bits for the reference executor.
 */
export const HASH_WGSL = `fn mix32(v: u32) -> u32 {
  var x = v;
  x = (x ^ (x >> 16u)) * 0x7feb352du;
  x = (x ^ (x >> 15u)) * 0x846ca68bu;
  return x ^ (x >> 16u);
}

// The part of random_bits shared by every index of one step's stream.
fn stream_key(seed: u32, stream: u32) -> u32 {
  return mix32(seed ^ mix32(stream + 0x9e3779b9u));
}

fn random_bits(seed: u32, stream: u32, index: u32) -> u32 {
  return mix32(stream_key(seed, stream) ^ index);
}

// mix32 of four values at once.
fn mix32x4(v: vec4u) -> vec4u {
  var x = v;
  x = (x ^ (x >> vec4u(16u))) * 0x7feb352du;
  x = (x ^ (x >> vec4u(15u))) * 0x846ca68bu;
  return x ^ (x >> vec4u(16u));
}

// random_bits of indices first to first + 3, the stream's key hashed once.
fn random_bits4(seed: u32, stream: u32, first: u32) -> vec4u {
  return mix32x4(vec4u(stream_key(seed, stream)) ^ (vec4u(first) + vec4u(0u, 1u, 2u, 3u)));
}`;

function mix32(v: number): number {
  let x = v >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

export function randomBits(seed: number, stream: number, index: number): number {
  return mix32((mix32((seed ^ mix32((stream + 0x9e3779b9) >>> 0)) >>> 0) ^ index) >>> 0);
}

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) out[d] = out[d + 1]! * shape[d + 1]!;
  return out;
}

/**
 * WGSL for the flat index into an input of shape `from` that broadcasts to `to`, given the flat
 * output index `i` (NumPy rules: shapes align at the right, size-1 dimensions repeat).
 */
export function broadcastIndex(to: readonly number[], from: readonly number[], i: string): string {
  if (to.length === from.length && to.every((d, k) => d === from[k])) return i;
  const padded = [...new Array<number>(to.length - from.length).fill(1), ...from];
  const toStrides = strides(to);
  const fromStrides = strides(padded);
  return plus(
    ...to.map((size, d) =>
      padded[d] === 1 || size === 1 ? "0u" : times(modulo(over(i, toStrides[d]!), size), fromStrides[d]!),
    ),
  );
}

/** TypeScript twin of broadcastIndex, for reference implementations. */
export function broadcastOffset(to: readonly number[], from: readonly number[], i: number): number {
  const padded = [...new Array<number>(to.length - from.length).fill(1), ...from];
  const toStrides = strides(to);
  const fromStrides = strides(padded);
  let offset = 0;
  to.forEach((size, d) => {
    if (padded[d] !== 1 && size !== 1) offset += (Math.floor(i / toStrides[d]!) % size) * fromStrides[d]!;
  });
  return offset;
}
