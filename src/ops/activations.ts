// Elementwise activations with their gradients, dropout and softmax: shape-preserving ops.

import type { Attrs, Shape } from "../ir/graph.js";
import { kernelName, num, product, ShapeError, type Kernel, type KernelContext, type OpFamily } from "./family.js";
import { pooledGradient } from "./pool.js";
import { channelSlabIndex } from "./structure.js";
import { f32, grid, HASH_WGSL, perElement, randomBits, WORKGROUP } from "./wgsl.js";

const sameShape = ([x]: readonly Shape[]) => ({ shape: x! });
const perElementFlops = (_inputs: readonly number[][], y: readonly number[]) => product(y);

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): WGSL has no erf. */
const ERF_WGSL = `fn erf_approx(x: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.3275911 * abs(x));
  let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign(x) * (1.0 - poly * exp(-x * x));
}`;

/** Standard normal CDF and density, exactly as the float64 reference computes them. */
function erf(x: number): number {
  // Abramowitz & Stegun 7.1.26 matches the kernel; its 1.5e-7 error is below float32 resolution.
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return Math.sign(x) * (1 - poly * Math.exp(-x * x));
}

interface Activation {
  name: string;
  doc: string;
  /** WGSL of y from `v` (the input element). */
  forward: string;
  /** WGSL of dx from `g` (incoming gradient) and `s`, the saved tensor (input or output). */
  backward: string;
  /** Whether the gradient reads the activation's output (else its input). */
  savesOutput: boolean;
  fn(x: number): number;
  grad(g: number, saved: number): number;
}

const activationTable: Activation[] = [
  {
    name: "relu",
    doc: "max(x, 0).",
    forward: "max(v, 0.0)",
    backward: "select(0.0, g, s > 0.0)",
    savesOutput: true,
    fn: (x) => Math.max(x, 0),
    grad: (g, y) => (y > 0 ? g : 0),
  },
  {
    name: "sigmoid",
    doc: "1 / (1 + exp(-x)).",
    forward: "1.0 / (1.0 + exp(-v))",
    backward: "g * s * (1.0 - s)",
    savesOutput: true,
    fn: (x) => 1 / (1 + Math.exp(-x)),
    grad: (g, y) => g * y * (1 - y),
  },
  {
    name: "tanh",
    doc: "Hyperbolic tangent.",
    // From exp(-2|v|), which cannot overflow, unlike the textbook quotient at |v| > 44.
    forward: "sign(v) * (1.0 - exp(-2.0 * abs(v))) / (1.0 + exp(-2.0 * abs(v)))",
    backward: "g * (1.0 - s * s)",
    savesOutput: true,
    fn: Math.tanh,
    grad: (g, y) => g * (1 - y * y),
  },
  {
    name: "gelu",
    doc: "x·Φ(x), the exact (erf) form PyTorch uses by default.",
    forward: "0.5 * v * (1.0 + erf_approx(v * 0.7071067811865476))",
    backward: "g * (0.5 * (1.0 + erf_approx(s * 0.7071067811865476)) + s * 0.3989422804014327 * exp(-0.5 * s * s))",
    savesOutput: false,
    fn: (x) => 0.5 * x * (1 + erf(x * Math.SQRT1_2)),
    grad: (g, x) => g * (0.5 * (1 + erf(x * Math.SQRT1_2)) + x * 0.3989422804014327 * Math.exp(-0.5 * x * x)),
  },
];

const activationsByName = new Map(activationTable.map((a) => [a.name, a]));

/** An activation a GEMM epilogue can apply in place of its own kernel (those saving their output). */
export interface FusedActivation {
  /** A WGSL helper function `act_<name>(v: f32) -> f32`. */
  wgsl: string;
  call(value: string): string;
  /** With `wgsl`, the helper `act_<name>4(v: vec4f) -> vec4f`, applying it to each component. */
  wgsl4: string;
  call4(value: string): string;
  fn(x: number): number;
}

/** `fn <name>4(…: vec4f) -> vec4f`: the scalar function `name` of `arity` arguments per component. */
function perComponent(name: string, arity: 1 | 2): string {
  const args = ["a", "b"].slice(0, arity);
  const call = (c: string) => `${name}(${args.map((a) => `${a}.${c}`).join(", ")})`;
  return `fn ${name}4(${args.map((a) => `${a}: vec4f`).join(", ")}) -> vec4f {
  return vec4f(${["x", "y", "z", "w"].map(call).join(", ")});
}`;
}

/** WGSL `act_<name>(v: f32) -> f32`, the activation's forward. */
function forwardFunction(a: Activation): string {
  return `fn act_${a.name}(v: f32) -> f32 {\n  return ${a.forward};\n}`;
}

/**
 * WGSL `act_grad(g, s)`, the activation's gradient (ERF_WGSL first for gelu), and with `vector`
 * `act_grad4` over vec4s too.
 */
function gradientFunctions(a: Activation, vector: boolean): string {
  return `${a.name === "gelu" ? `${ERF_WGSL}\n\n` : ""}fn act_grad(g: f32, s: f32) -> f32 {
  return ${a.backward};
}${vector ? `\n\n${perComponent("act_grad", 2)}` : ""}`;
}

/**
 * The gradient of the activation named `fn` through its output, for a kernel that applies it to the
 * gradient it writes (max pooling's, whose input is the activation's output: src/5-fuse): WGSL
 * `act_grad(g, s)` with s the output, and float64. Undefined where the gradient reads the input.
 */
export function outputGradient(fn: string): { wgsl: string; grad(g: number, output: number): number } | undefined {
  const a = activationsByName.get(fn);
  if (a === undefined || !a.savesOutput) return undefined;
  return { wgsl: gradientFunctions(a, false), grad: a.grad };
}

export function fusedActivation(name: string): FusedActivation | undefined {
  const a = activationsByName.get(name);
  if (a === undefined || !a.savesOutput) return undefined;
  return {
    wgsl: forwardFunction(a),
    call: (value) => `act_${a.name}(${value})`,
    wgsl4: perComponent(`act_${a.name}`, 1),
    call4: (value) => `act_${a.name}4(${value})`,
    fn: a.fn,
  };
}

/**
 * How a gradient kernel reads its incoming gradient `dy` (input 0). Fusion may inline the gradient
 * of the activation before it (attribute `gradActivation`, see src/5-fuse): input 0 is then the
 * activation's own incoming gradient and the node's last input the tensor that gradient saves, so
 * `dy_at(k)` computes each element as it is read instead of reading a stored one. It may also
 * inline the gradient of an average pool after that (attribute `gradPool`): input 0 is then the
 * pooled gradient, expanded as it is read (see pooledGradient). Where fusion stored a batch norm's
 * scale and shift per channel in place of the activation's output (attribute `recomputesActivation`
 * of batch norm's dx, see src/5-fuse), the saved input binds those as vec4s and the activation's
 * output is recomputed from the norm's input, which the kernel passes in (see `at`).
 */
export interface GradientReader {
  /** WGSL `fn dy_at(k: u32) -> f32` over the bindings `dy` and, when inlined, `act_saved`. */
  wgsl: string;
  /** The input index `act_saved` binds, when inlined. */
  saved?: number;
  /** The shape of dy as `dy_at` reads it. */
  shape: readonly number[];
  /**
   * The same over four consecutive elements, for kernels that bind element tensors as vec4s:
   * `fn dy_at4(k: u32) -> vec4f` (elements 4k to 4k + 3), `act_saved` bound as vec4s and `dy`
   * as `dyType` (a pooled gradient as pooledGradient reads it).
   */
  vec4: { wgsl: string; dyType: string };
  /** The WGSL type `act_saved` binds where the saved tensor holds a norm's scale and shift. */
  savedType?: string;
  /**
   * The WGSL that reads dy at element `k` (`at4`: vec4 `k`) in a kernel that has already loaded the
   * norm's input there as `input`. A reader that recomputes the activation takes it as an argument
   * rather than loading the same element again (on lavapipe each load is a loop over the SIMD lanes).
   */
  at(k: string, input: string): string;
  at4(k: string, input: string): string;
  /**
   * WGSL a kernel runs, with the channel `c` in scope, before `at` reads dy in that channel: it
   * loads the norm's scale and shift where the activation is recomputed (empty otherwise). A kernel
   * that walks one channel runs it once, not per element: on lavapipe each load is a loop.
   */
  channel(c: string): string;
  /** dy as float64, from the node's reference inputs. */
  reference(inputs: readonly Float64Array[]): Float64Array;
}

/** The reader of a node whose inputs have `shapes` (data inputs, then owned, then any saved). */
export function gradientReader(attrs: Attrs, shapes: readonly (readonly number[])[]): GradientReader {
  const pooled = attrs.gradPool === undefined ? undefined : pooledGradient(attrs.gradPool as number[], shapes[0]!);
  const helpers = pooled === undefined ? "" : `${pooled.wgsl}\n\n`;
  const helpers4 = pooled === undefined ? "" : `${pooled.wgsl4}\n\n`;
  const load = pooled === undefined ? "dy[k]" : "pooled_dy(k)";
  const load4 = pooled === undefined ? "dy[k]" : "pooled_dy4(k)";
  const dyType = pooled?.dyType4 ?? "array<vec4f>";
  const shape = pooled?.shape ?? shapes[0]!;
  const expanded = (inputs: readonly Float64Array[]) => pooled?.reference(inputs[0]!) ?? inputs[0]!;
  if (attrs.gradActivation === undefined) {
    return {
      wgsl: `${helpers}fn dy_at(k: u32) -> f32 {\n  return ${load};\n}`,
      shape,
      vec4: { wgsl: `${helpers4}fn dy_at4(k: u32) -> vec4f {\n  return ${load4};\n}`, dyType },
      at: (k) => `dy_at(${k})`,
      at4: (k) => `dy_at4(${k})`,
      channel: () => "",
      reference: expanded,
    };
  }
  const a = activationOf({ fn: attrs.gradActivation });
  const saved = shapes.length - 1;
  // The activation's output at element k (vec4 k): stored, or recomputed from the norm's input.
  const recomputed = attrs.recomputesActivation === true ? fusedActivation(a.name) : undefined;
  const output = recomputed === undefined ? "act_saved[k]" : recomputed.call("x_k * norm.x + norm.y");
  const output4 = recomputed === undefined ? "act_saved[k]" : recomputed.call4("x_k * norm.x + norm.y");
  const parameters = (type: string) => (recomputed === undefined ? "k: u32" : `k: u32, x_k: ${type}, norm: vec4f`);
  const call = (name: string) => (k: string, input: string) =>
    recomputed === undefined ? `${name}(${k})` : `${name}(${k}, ${input}, norm)`;
  const forward = recomputed === undefined ? "" : `${recomputed.wgsl}\n\n${recomputed.wgsl4}\n\n`;
  return {
    wgsl: `${helpers}${forward}${gradientFunctions(a, false)}

fn dy_at(${parameters("f32")}) -> f32 {
  return act_grad(${load}, ${output});
}`,
    saved,
    shape,
    vec4: {
      wgsl: `${helpers4}${forward}${gradientFunctions(a, true)}

fn dy_at4(${parameters("vec4f")}) -> vec4f {
  return act_grad4(${load4}, ${output4});
}`,
      dyType,
    },
    at: call("dy_at"),
    at4: call("dy_at4"),
    channel: (c) => (recomputed === undefined ? "" : `let norm = act_saved[${c}];`),
    ...(recomputed === undefined ? {} : { savedType: "array<vec4f>" }),
    reference: (inputs) => {
      const dy = expanded(inputs);
      return dy.map((g, i) => a.grad(g, inputs[saved]![i]!));
    },
  };
}

/**
 * A kernel over every element `i` of the output, reading `inputs` at the same index; with `vec4`
 * and a multiple of 4 elements, over vec4s of four elements instead (every binding a vec4 array),
 * several times faster on lavapipe, where a scalar load is a loop over the SIMD lanes.
 */
function elementwiseKernel(
  ctx: KernelContext,
  what: string,
  inputs: string[],
  scalar: { body: string; helpers?: string },
  vec4?: { body: string; helpers: string; types?: Record<string, string> },
  { step = false }: { step?: boolean } = {},
): Kernel {
  const count = product(ctx.output);
  const vector = vec4 !== undefined && count % 4 === 0;
  const type = vector ? "array<vec4f>" : "array<f32>";
  const bindings = [
    ...inputs.map((name) => ({ name, access: "read" as const, type: (vector && vec4.types?.[name]) || type })),
    { name: "y", access: "read_write" as const, type },
    ...(step ? [{ name: "step", access: "uniform" as const, type: "Step" }] : []),
  ];
  const { body, helpers } = vector ? vec4 : scalar;
  const { code, workgroups } = perElement(vector ? count / 4 : count, bindings, body, helpers ?? "");
  return {
    name: kernelName(ctx.node, what),
    code,
    workgroups,
    bindings: [
      ...inputs.map((_, k) => ({ ref: { input: k }, access: "read" as const })),
      { ref: "out", access: "read_write" },
      ...(step ? [{ ref: "step" as const, access: "uniform" as const }] : []),
    ],
  };
}

function activation(a: Activation): OpFamily {
  const helpers = a.name === "gelu" ? ERF_WGSL : "";
  return {
    op: a.name,
    layer: { name: a.name, tensors: "one", args: [], doc: a.doc },
    infer: sameShape,
    flops: perElementFlops,
    backward: ({ node, dy, needs, emit }) => [
      needs[0]
        ? emit("activation_grad", [dy!, a.savesOutput ? node.id : node.inputs[0]!], { fn: a.name }, "grad_input")
        : undefined,
    ],
    kernels: (ctx) => [
      elementwiseKernel(
        ctx,
        "forward",
        ["x"],
        { body: `let v = x[i];\ny[i] = ${a.forward};`, helpers },
        {
          body: `y[i] = act_${a.name}4(x[i]);`,
          helpers: `${helpers}${helpers ? "\n\n" : ""}${forwardFunction(a)}\n\n${perComponent(`act_${a.name}`, 1)}`,
        },
      ),
    ],
    reference: ({ inputs }) => inputs[0]!.map(a.fn),
  };
}

export const relu = activation(activationsByName.get("relu")!);
export const sigmoid = activation(activationsByName.get("sigmoid")!);
export const tanh = activation(activationsByName.get("tanh")!);
export const gelu = activation(activationsByName.get("gelu")!);

function activationOf(attrs: Attrs): Activation {
  return activationsByName.get(String(attrs.fn))!;
}

/**
 * dx from dy and the saved input or output of the activation named by attribute `fn`. Fusion may
 * inline the gradient of an average pool after the activation (attribute `gradPool`): dy is then
 * the pooled gradient, expanded as it is read (see gradientReader). Or the gradient of a dropout
 * after it (attributes `gradDropout`, its p, and `gradDropoutStream`): dy is then the dropout's,
 * masked as it is read.
 */
export const activationGrad: OpFamily = {
  op: "activation_grad",
  infer: sameShape,
  flops: perElementFlops,
  kernels(ctx) {
    const { attrs } = ctx.node;
    const a = activationOf(attrs);
    const reader = gradientReader(attrs, ctx.inputs);
    // The saved output may be channels of a concat's output that its layer wrote in place
    // (attributes `savedChannelOffset`, `savedChannelTotal`, from src/5-fuse/concat.ts).
    const inPlace = typeof attrs.savedChannelOffset === "number";
    const saved = inPlace
      ? channelSlabIndex(ctx.output, attrs.savedChannelOffset as number, num(attrs, "savedChannelTotal"))
      : "i";
    const dropout =
      typeof attrs.gradDropout === "number" ? dropoutWgsl(attrs.gradDropout, num(attrs, "gradDropoutStream")) : "";
    const dy = (read: string, masked: string) => (dropout ? `${masked}(${read}, i)` : read);
    return [
      elementwiseKernel(
        ctx,
        "grad",
        ["dy", "saved"],
        {
          body: `y[i] = act_grad(${dy("dy_at(i)", "dropped")}, saved[${saved}]);`,
          helpers: [reader.wgsl, gradientFunctions(a, false), dropout].filter(Boolean).join("\n\n"),
        },
        // A saved output strided in a concat's output is read element by element.
        inPlace
          ? undefined
          : {
              body: `y[i] = act_grad4(${dy("dy_at4(i)", "dropped4")}, saved[i]);`,
              helpers: [reader.vec4.wgsl, gradientFunctions(a, true), dropout].filter(Boolean).join("\n\n"),
              types: { dy: reader.vec4.dyType },
            },
        { step: dropout !== "" },
      ),
    ];
  },
  reference({ inputs, shapes, attrs, seed }) {
    const a = activationOf(attrs);
    const read = gradientReader(attrs, shapes).reference(inputs);
    const dy =
      typeof attrs.gradDropout === "number"
        ? droppedReference(read, attrs.gradDropout, num(attrs, "gradDropoutStream"), seed)
        : read;
    return dy.map((g, i) => a.grad(g, inputs[1]![i]!));
  },
};

/** The random stream of a dropout node: its own id, or for a gradient the forward node's. */
function stream(attrs: Attrs, id: number): number {
  return typeof attrs.stream === "number" ? attrs.stream : id;
}

/**
 * WGSL of a dropout mask on random stream `streamId`: `dropped(v, i)` is element i's value `v`
 * zeroed with probability p, else scaled by 1/(1-p); `dropped4(v, k)` the same for elements 4k to
 * 4k + 3. Element i is kept where 24 random bits of (step seed, stream, i) reach p; the `step`
 * uniform must be bound.
 */
function dropoutWgsl(p: number, streamId: number): string {
  const scale = f32(1 / (1 - p));
  const threshold = f32(p);
  return `${HASH_WGSL}

fn dropped(v: f32, i: u32) -> f32 {
  let keep = f32(random_bits(step.seed, ${streamId}u, i) >> 8u) * ${f32(2 ** -24)} >= ${threshold};
  return select(0.0, v * ${scale}, keep);
}

fn dropped4(v: vec4f, k: u32) -> vec4f {
  let keep = vec4f(random_bits4(step.seed, ${streamId}u, 4u * k) >> vec4u(8u)) * ${f32(2 ** -24)} >= vec4f(${threshold});
  return select(vec4f(0.0), v * ${scale}, keep);
}`;
}

/** The float64 reference of dropoutWgsl's mask applied to `values`. */
function droppedReference(values: Float64Array, p: number, streamId: number, seed: number): Float64Array {
  return values.map((v, i) =>
    (randomBits(seed, streamId, i) >>> 8) * 2 ** -24 >= Math.fround(p) ? v * Math.fround(1 / (1 - p)) : 0,
  );
}

export const dropout: OpFamily = {
  op: "dropout",
  layer: {
    name: "dropout",
    tensors: "one",
    args: [{ name: "p", type: "float", doc: "probability of zeroing an element in training" }],
    doc: "Zeroes elements with probability p in training and scales the rest by 1/(1-p); identity in evaluation.",
  },
  attrs: (args) => ({ p: args.get("p")! }),
  infer([x], attrs) {
    const p = num(attrs, "p");
    if (!(p >= 0 && p < 1)) throw new ShapeError(`dropout's p must be in [0, 1), got ${p}`);
    return { shape: x! };
  },
  flops: perElementFlops,
  // The gradient is the same mask applied to dy: a dropout node on the same random stream.
  backward: ({ node, dy, needs, emit }) => [
    needs[0]
      ? emit("dropout", [dy!], { p: num(node.attrs, "p"), stream: stream(node.attrs, node.id) }, "grad_input")
      : undefined,
  ],
  aliases: (mode) => mode === "eval",
  kernels(ctx) {
    const helpers = dropoutWgsl(num(ctx.node.attrs, "p"), stream(ctx.node.attrs, ctx.node.id));
    return [
      elementwiseKernel(
        ctx,
        "dropout",
        ["x"],
        { body: "y[i] = dropped(x[i], i);", helpers },
        { body: "y[i] = dropped4(x[i], i);", helpers },
        { step: true },
      ),
    ];
  },
  reference({ id, inputs, attrs, mode, seed }) {
    if (mode === "eval") return inputs[0]!.slice();
    return droppedReference(inputs[0]!, num(attrs, "p"), stream(attrs, id), seed);
  },
};

function rowKernel(ctx: KernelContext, what: string, inputs: string[], body: string): Kernel {
  const cols = ctx.output[ctx.output.length - 1]!;
  const rows = product(ctx.output) / cols;
  const g = grid(rows);
  const decls = [
    ...inputs.map((name, k) => `@group(0) @binding(${k}) var<storage, read> ${name}: array<f32>;`),
    `@group(0) @binding(${inputs.length}) var<storage, read_write> y: array<f32>;`,
  ];
  const code = `${decls.join("\n")}

// One thread per row of ${cols}.
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let row = ${g.index};
  if (row >= ${rows}u) { return; }
  let base = row * ${cols}u;
${body.replace(/COLS/g, `${cols}u`)}
}
`;
  return {
    name: kernelName(ctx.node, what),
    code,
    workgroups: g.workgroups,
    bindings: [
      ...inputs.map((_, k) => ({ ref: { input: k }, access: "read" as const })),
      { ref: "out", access: "read_write" },
    ],
  };
}

export const softmax: OpFamily = {
  op: "softmax",
  layer: {
    name: "softmax",
    tensors: "one",
    args: [
      {
        name: "axis",
        type: "axis",
        default: -1,
        doc: "axis to normalise over: only the last (-1, or the rank minus 1) for now",
      },
    ],
    doc: "exp(x) / sum(exp(x)) along the last axis.",
  },
  attrs: (args) => ({ axis: args.get("axis")! }),
  infer([x], attrs) {
    const axis = num(attrs, "axis");
    if (axis !== -1 && axis !== x!.length - 1) {
      throw new ShapeError(`softmax normalises over the last axis (-1 or ${x!.length - 1}), got axis ${axis}`);
    }
    return { shape: x! };
  },
  flops: (_inputs, y) => 3 * product(y),
  backward: ({ node, dy, needs, emit }) => [
    needs[0] ? emit("softmax_grad", [dy!, node.id], {}, "grad_input") : undefined,
  ],
  kernels: (ctx) => [
    rowKernel(
      ctx,
      "forward",
      ["x"],
      `  var top = x[base];
  for (var c = 1u; c < COLS; c++) { top = max(top, x[base + c]); }
  var sum = 0.0;
  for (var c = 0u; c < COLS; c++) { sum += exp(x[base + c] - top); }
  for (var c = 0u; c < COLS; c++) { y[base + c] = exp(x[base + c] - top) / sum; }`,
    ),
  ],
  reference({ inputs, output }) {
    const cols = output[output.length - 1]!;
    const x = inputs[0]!;
    const y = new Float64Array(x.length);
    for (let base = 0; base < x.length; base += cols) {
      const row = x.subarray(base, base + cols);
      const top = Math.max(...row);
      const sum = row.reduce((s, v) => s + Math.exp(v - top), 0);
      row.forEach((v, c) => (y[base + c] = Math.exp(v - top) / sum));
    }
    return y;
  },
};

/** dx = y ⊙ (dy − Σ dy ⊙ y) per row, from dy and softmax's output y. */
export const softmaxGrad: OpFamily = {
  op: "softmax_grad",
  infer: sameShape,
  flops: (_inputs, y) => 4 * product(y),
  kernels: (ctx) => [
    rowKernel(
      ctx,
      "grad",
      ["dy", "s"],
      `  var dot = 0.0;
  for (var c = 0u; c < COLS; c++) { dot += dy[base + c] * s[base + c]; }
  for (var c = 0u; c < COLS; c++) { y[base + c] = s[base + c] * (dy[base + c] - dot); }`,
    ),
  ],
  reference({ inputs, output }) {
    const cols = output[output.length - 1]!;
    const [dy, s] = inputs as [Float64Array, Float64Array];
    const dx = new Float64Array(dy.length);
    for (let base = 0; base < dy.length; base += cols) {
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += dy[base + c]! * s[base + c]!;
      for (let c = 0; c < cols; c++) dx[base + c] = s[base + c]! * (dy[base + c]! - dot);
    }
    return dx;
  },
};
