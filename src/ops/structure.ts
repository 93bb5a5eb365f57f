// Ops that rearrange or combine tensors: flatten and reshape (views), concat, and broadcasting
// elementwise arithmetic with the reduction its gradient needs.

import type { Attrs, Dim, Shape } from "../ir/graph.js";
import { shapeString } from "../ir/graph.js";
import { fusedActivation, gradientReader } from "./activations.js";
import { epilogueActivation, kernelName, known, num, product, ShapeError, type OpFamily } from "./family.js";
import { broadcastIndex, broadcastOffset, modulo, over, perElement, plus, strides, times } from "./wgsl.js";

export const flatten: OpFamily = {
  op: "flatten",
  layer: { name: "flatten", tensors: "one", args: [], doc: "[N, d1, d2, ...] to [N, d1·d2·...] (a view, no copy)." },
  infer([x]) {
    if (x!.length < 1) throw new ShapeError(`flatten needs a batch dimension`);
    const rest = x!.slice(1).map((d) => known(d, "flatten's non-batch dimensions"));
    return { shape: [x![0]!, product(rest)] };
  },
  flops: () => 0,
  aliases: () => true,
  backward: ({ node, dy, needs, emit, shape }) => [
    needs[0] ? emit("reshape", [dy!], { shape: shape(node.inputs[0]!) as number[] }, "grad_input") : undefined,
  ],
  reference: ({ inputs }) => inputs[0]!.slice(),
};

/** A view of the input with another shape of the same size (flatten's gradient). */
export const reshape: OpFamily = {
  op: "reshape",
  infer: (_inputs, attrs) => ({ shape: attrs.shape as number[] }),
  flops: () => 0,
  aliases: () => true,
  reference: ({ inputs }) => inputs[0]!.slice(),
};

export const concat: OpFamily = {
  op: "concat",
  layer: {
    name: "concat",
    tensors: "many",
    args: [{ name: "axis", type: "axis", default: 1, doc: "axis to join along (channels by default)" }],
    doc: "Joins tensors along an axis; every other dimension must agree.",
  },
  attrs: (args) => ({ axis: args.get("axis")! }),
  infer(inputs, attrs) {
    const first = inputs[0]!;
    const rank = first.length;
    const axis = concatAxis(attrs, rank);
    if (axis < 0 || axis >= rank)
      throw new ShapeError(`concat's axis ${num(attrs, "axis")} is out of range for rank ${rank}`);
    let joined = 0;
    inputs.forEach((shape, i) => {
      const differs = shape.length !== rank || shape.some((d, a) => a !== axis && d !== first[a]);
      if (differs) {
        throw new ShapeError(
          `concat along axis ${axis} needs equal sizes on every other axis, but input 1 is ${shapeString(first)} and input ${i + 1} is ${shapeString(shape)}`,
        );
      }
      joined += known(shape[axis]!, "concat's joined axis");
    });
    return { shape: first.map((d, a) => (a === axis ? joined : d)) };
  },
  flops: () => 0,
  // Each input's gradient is its slice of dy.
  backward({ node, dy, needs, emit, shape }) {
    const axis = concatAxis(node.attrs, shape(node.id).length);
    let start = 0;
    return node.inputs.map((input, k) => {
      const length = shape(input)[axis] as number;
      const grad = needs[k] ? emit("slice", [dy!], { axis, start, length }, `grad_input${k + 1}`) : undefined;
      start += length;
      return grad;
    });
  },
  // One copy kernel per input, each writing its own slice of the output; none for the inputs
  // whose producers wrote their slice in place (attribute `inPlace`, from src/5-fuse/concat.ts).
  kernels({ node, inputs, output }) {
    const axis = concatAxis(node.attrs, output.length);
    const inPlace = (node.attrs.inPlace as readonly number[] | undefined) ?? [];
    const starts = inputs.map((_, k) => inputs.slice(0, k).reduce((sum, input) => sum + input[axis]!, 0));
    return inputs.flatMap((input, k) => {
      if (inPlace.includes(k)) return [];
      const slab = slabIndex(input, output, axis, starts[k]!);
      const { code, workgroups } = perElement(
        product(input),
        [
          { name: "x", access: "read", type: "array<f32>" },
          { name: "y", access: "read_write", type: "array<f32>" },
        ],
        `y[${slab}] = x[i];`,
      );
      return {
        name: kernelName(node, `concat${k + 1}`),
        code,
        workgroups,
        bindings: [
          { ref: { input: k }, access: "read" },
          { ref: "out", access: "read_write" },
        ],
      };
    });
  },
  reference({ inputs, shapes, output, attrs }) {
    const axis = concatAxis(attrs, output.length);
    const y = new Float64Array(product(output));
    let start = 0;
    inputs.forEach((x, k) => {
      x.forEach((v, i) => (y[slabOffset(shapes[k]!, output, axis, start, i)] = v));
      start += shapes[k]![axis]!;
    });
    return y;
  },
};

function concatAxis(attrs: Attrs, rank: number): number {
  const axis = num(attrs, "axis");
  return axis < 0 ? axis + rank : axis;
}

/**
 * Where a producer writes its [N, C, ...] output in place: channels `offset`..`offset + C` of
 * its concat's [N, total, ...] output, set by src/5-fuse/concat.ts as the producer's attributes
 * `concatInto` (the concat's node id), `channelOffset` and `channelTotal`.
 */
export interface ConcatSlot {
  concat: number;
  offset: number;
  total: number;
}

export function concatSlot(attrs: Attrs): ConcatSlot | undefined {
  if (typeof attrs.concatInto !== "number") return undefined;
  return { concat: attrs.concatInto, offset: num(attrs, "channelOffset"), total: num(attrs, "channelTotal") };
}

/**
 * WGSL for the index of element `i` of a [N, C, ...] tensor stored as channels
 * `offset`..`offset + C` of a [N, total, ...] buffer.
 */
export function channelSlabIndex(shape: readonly number[], offset: number, total: number): string {
  return slabIndex(shape, [shape[0]!, total, ...shape.slice(2)], 1, offset);
}

/**
 * WGSL for the index in `whole` of element `i` of `part`, a block of `whole` that starts at
 * `start` along `axis` and matches it on every other axis.
 */
function slabIndex(part: readonly number[], whole: readonly number[], axis: number, start: number): string {
  const inner = product(part.slice(axis + 1));
  const partSpan = part[axis]! * inner;
  const wholeSpan = whole[axis]! * inner;
  return plus(times(over("i", partSpan), wholeSpan), start * inner, modulo("i", partSpan));
}

function slabOffset(part: readonly number[], whole: readonly number[], axis: number, start: number, i: number): number {
  const inner = product(part.slice(axis + 1));
  const partSpan = part[axis]! * inner;
  return Math.floor(i / partSpan) * whole[axis]! * inner + start * inner + (i % partSpan);
}

/** `length` entries of x along `axis` from `start`: concat's gradient for one input. */
export const slice: OpFamily = {
  op: "slice",
  infer([x], attrs) {
    const axis = num(attrs, "axis");
    return { shape: x!.map((d, a) => (a === axis ? num(attrs, "length") : d)) };
  },
  flops: () => 0,
  kernels({ node, inputs, output }) {
    const axis = num(node.attrs, "axis");
    const { code, workgroups } = perElement(
      product(output),
      [
        { name: "x", access: "read", type: "array<f32>" },
        { name: "y", access: "read_write", type: "array<f32>" },
      ],
      `y[i] = x[${slabIndex(output, inputs[0]!, axis, num(node.attrs, "start"))}];`,
    );
    return [
      {
        name: kernelName(node, "slice"),
        code,
        workgroups,
        bindings: [
          { ref: { input: 0 }, access: "read" },
          { ref: "out", access: "read_write" },
        ],
      },
    ];
  },
  reference({ inputs, shapes, output, attrs }) {
    const axis = num(attrs, "axis");
    const start = num(attrs, "start");
    return Float64Array.from(
      { length: product(output) },
      (_, i) => inputs[0]![slabOffset(output, shapes[0]!, axis, start, i)]!,
    );
  },
};

/**
 * NumPy broadcasting: shapes align at the right; two sizes are compatible when equal (symbols
 * included) or when one is 1, and the result takes the other.
 */
export function broadcast(a: Shape, b: Shape, op: string): Shape {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else throw new ShapeError(`cannot ${op} tensors of shapes ${shapeString(a)} and ${shapeString(b)}`);
  }
  return out;
}

type Combine = { wgsl: string; fn: (a: number, b: number) => number };

function elementwise(op: string, verb: string, combine: Combine, backward: OpFamily["backward"]): OpFamily {
  return {
    op,
    infer: ([a, b]) => ({ shape: broadcast(a!, b!, verb) }),
    flops: (_inputs, y) => product(y),
    backward,
    kernels({ node, inputs, output }) {
      // Fusion may put an activation after it (a residual block's relu) or, when it sums
      // gradients, the gradient of an activation before it (read as `dy`) in the same kernel.
      const activation = fusedActivationOf(node.attrs);
      const reader = node.attrs.gradActivation === undefined ? undefined : gradientReader(node.attrs, inputs);
      const value = combine.wgsl
        .replace("A", reader === undefined ? `a[${broadcastIndex(output, inputs[0]!, "i")}]` : "dy_at(i)")
        .replace("B", `b[${broadcastIndex(output, inputs[1]!, "i")}]`);
      const { code, workgroups } = perElement(
        product(output),
        [
          { name: reader === undefined ? "a" : "dy", access: "read", type: "array<f32>" },
          { name: "b", access: "read", type: "array<f32>" },
          ...(reader?.saved === undefined ? [] : [{ name: "act_saved", access: "read" as const, type: "array<f32>" }]),
          { name: "y", access: "read_write", type: "array<f32>" },
        ],
        `y[i] = ${activation === undefined ? value : activation.call(value)};`,
        [activation?.wgsl, reader?.wgsl].filter((text) => text !== undefined).join("\n\n"),
      );
      return [
        {
          name: kernelName(node, op),
          code,
          workgroups,
          bindings: [
            { ref: { input: 0 }, access: "read" },
            { ref: { input: 1 }, access: "read" },
            ...(reader?.saved === undefined ? [] : [{ ref: { input: reader.saved }, access: "read" as const }]),
            { ref: "out", access: "read_write" },
          ],
        },
      ];
    },
    reference({ inputs, shapes, output, attrs }) {
      const activation = fusedActivationOf(attrs);
      const a = attrs.gradActivation === undefined ? inputs[0]! : gradientReader(attrs, shapes).reference(inputs);
      const y = new Float64Array(product(output));
      for (let i = 0; i < y.length; i++) {
        const value = combine.fn(
          a[broadcastOffset(output, shapes[0]!, i)]!,
          inputs[1]![broadcastOffset(output, shapes[1]!, i)]!,
        );
        y[i] = activation === undefined ? value : activation.fn(value);
      }
      return y;
    },
  };
}

function fusedActivationOf(attrs: Attrs) {
  const name = epilogueActivation(attrs);
  return name === undefined ? undefined : fusedActivation(name);
}

/** A gradient with the output's shape, summed down to an input's broadcast shape when needed. */
function reduceTo(
  emit: Parameters<NonNullable<OpFamily["backward"]>>[0]["emit"],
  shape: (id: number) => Shape,
  grad: number,
  input: number,
  suffix: string,
): number {
  const target = shape(input);
  const same = shape(grad).length === target.length && shape(grad).every((d, k) => d === target[k]);
  return same ? grad : emit("sum_to", [grad], { shape: target as number[] }, suffix);
}

/** `a + b` on tensors (written with the operator, no layer); residual connections. */
export const add = elementwise(
  "add",
  "add",
  { wgsl: "A + B", fn: (a, b) => a + b },
  ({ node, dy, needs, emit, shape }) =>
    node.inputs.map((input, k) => (needs[k] ? reduceTo(emit, shape, dy!, input, `grad_input${k + 1}`) : undefined)),
);

/** `a * b` on tensors. */
export const mul = elementwise(
  "mul",
  "multiply",
  { wgsl: "A * B", fn: (a, b) => a * b },
  ({ node, dy, needs, emit, shape }) =>
    node.inputs.map((input, k) => {
      if (!needs[k]) return undefined;
      const product = emit("mul", [dy!, node.inputs[1 - k]!], {}, `grad_product${k + 1}`);
      return reduceTo(emit, shape, product, input, `grad_input${k + 1}`);
    }),
);

/** Sums a tensor down to a shape it was broadcast from (the gradient of broadcasting). */
export const sumTo: OpFamily = {
  op: "sum_to",
  infer: (_inputs, attrs) => ({ shape: attrs.shape as number[] }),
  flops: ([x]) => product(x!),
  kernels({ node, inputs, output }) {
    const from = inputs[0]!;
    const padded = [...new Array<number>(from.length - output.length).fill(1), ...output];
    // Each output element loops over the input elements that broadcast from it.
    const reduced = from.map((size, d) => (padded[d] === 1 && size !== 1 ? size : 1));
    const reducedCount = product(reduced);
    const fromStrides = strides(from);
    const outStrides = strides(padded);
    const outIndex = plus(
      ...from.map((_, d) =>
        padded[d] === 1 ? "0u" : times(modulo(over("i", outStrides[d]!), padded[d]!), fromStrides[d]!),
      ),
    );
    const reducedStrides = strides(reduced);
    const innerIndex = plus(
      ...from.map((_, d) =>
        reduced[d] === 1 ? "0u" : times(modulo(over("r", reducedStrides[d]!), reduced[d]!), fromStrides[d]!),
      ),
    );
    const { code, workgroups } = perElement(
      product(output),
      [
        { name: "x", access: "read", type: "array<f32>" },
        { name: "y", access: "read_write", type: "array<f32>" },
      ],
      `let base = ${outIndex};
var sum = 0.0;
for (var r = 0u; r < ${reducedCount}u; r++) {
  sum += x[${plus("base", innerIndex)}];
}
y[i] = sum;`,
    );
    return [
      {
        name: kernelName(node, "sum_to"),
        code,
        workgroups,
        bindings: [
          { ref: { input: 0 }, access: "read" },
          { ref: "out", access: "read_write" },
        ],
      },
    ];
  },
  reference({ inputs, shapes, output }) {
    const y = new Float64Array(product(output));
    inputs[0]!.forEach((v, i) => (y[broadcastOffset(shapes[0]!, output, i)] += v));
    return y;
  },
};
