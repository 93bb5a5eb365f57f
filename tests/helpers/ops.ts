// Runs one op family's WGSL kernels on the GPU, outside any model, next to its float64 reference:
// the harness behind the kernel tests.

import type { Attrs, OpNode } from "../../src/ir/graph.js";
import type { Mode, Target } from "../../src/ops/family.js";
import { family } from "../../src/ops/index.js";
import { METRICS_PER_SLOT } from "../../src/ops/losses.js";
import { STEP_BYTES } from "../../src/ops/wgsl.js";

export interface OpInput {
  data: Float32Array | Uint32Array;
  shape: number[];
}

export interface OpRun {
  /** The node's id (dropout's random stream). */
  id?: number;
  mode?: Mode;
  seed?: number;
  /** Valid batch rows (losses); default: the first input's leading dimension. */
  rows?: number;
  target?: Target;
}

export interface OpResult {
  output: Float32Array;
  shape: number[];
  /** The metrics slot the loss kernels add to: loss sum, correct, rows. */
  metrics: Float32Array;
  /** Every input's contents after the kernels ran (batch norm updates its running statistics in place). */
  inputsAfter: Float32Array[];
}

function unsupported(message: string): never {
  throw new Error(message);
}

export function nodeFor(op: string, attrs: Attrs, inputs: OpInput[], id: number): OpNode {
  const opFamily = family(op);
  const owned = opFamily.owned?.(attrs).length ?? 0;
  const data = inputs.slice(0, inputs.length - owned).map((i) => i.shape);
  const shape = opFamily.infer(data, attrs).shape;
  return {
    id,
    op,
    name: `test.${op}`,
    inputs: inputs.map((_, k) => k),
    attrs,
    shape,
    loc: { file: "test", line: 1, col: 1, length: 1 },
    calledFrom: [],
  };
}

/** Runs the op's kernels on `device` and returns its output (and the metrics slot). */
export async function runOnGpu(
  device: GPUDevice,
  op: string,
  attrs: Attrs,
  inputs: OpInput[],
  run: OpRun = {},
): Promise<OpResult> {
  const node = nodeFor(op, attrs, inputs, run.id ?? 7);
  const output = node.shape as number[];
  const opFamily = family(op);
  const mode = run.mode ?? "train";
  const storage = (data: ArrayBufferView & { byteLength: number }) => {
    const buffer = device.createBuffer({
      size: Math.max(16, Math.ceil(data.byteLength / 4) * 4),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  };
  const inputBuffers = inputs.map((i) => storage(i.data));
  const outBytes = Math.max(4, output.reduce((a, b) => a * b, 1) * 4);
  const outBuffer = opFamily.aliases?.(mode, node.attrs)
    ? inputBuffers[0]!
    : storage(new Float32Array(outBytes / 4).fill(NaN));
  const metrics = storage(new Float32Array(METRICS_PER_SLOT * 4));
  const step = device.createBuffer({ size: STEP_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const stepWords = new Uint32Array(STEP_BYTES / 4);
  stepWords[0] = 1;
  stepWords[1] = run.seed ?? 1234;
  stepWords[3] = run.rows ?? inputs[0]!.shape[0] ?? 1;
  new Float32Array(stepWords.buffer).set([0.1, 1, 1], 4);
  device.queue.writeBuffer(step, 0, stepWords);

  const kernels = opFamily.aliases?.(mode, node.attrs)
    ? []
    : opFamily.kernels!({ node, inputs: inputs.map((i) => i.shape), output, mode, target: run.target ?? {} });
  const scratchBytes = Math.max(16, ...kernels.map((k) => k.scratchBytes ?? 0));
  const scratch = storage(new Float32Array(scratchBytes / 4).fill(NaN));
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  for (const kernel of kernels) {
    const pipeline = await device.createComputePipelineAsync({
      layout: "auto",
      compute: { module: device.createShaderModule({ code: kernel.code }), entryPoint: "main" },
    });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: kernel.bindings.map((b, binding) => {
        const buffer =
          b.ref === "out"
            ? outBuffer
            : b.ref === "step"
              ? step
              : b.ref === "metrics"
                ? metrics
                : b.ref === "scratch"
                  ? scratch
                  : "input" in b.ref
                    ? inputBuffers[b.ref.input]!
                    : unsupported(`${kernel.name} writes node ${b.ref.written}, which only a whole plan has`);
        return { binding, resource: { buffer } };
      }),
    });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(...kernel.workgroups);
  }
  pass.end();
  const read = (buffer: GPUBuffer, bytes: number) => {
    const staging = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    encoder.copyBufferToBuffer(buffer, 0, staging, 0, bytes);
    return staging;
  };
  const outStaging = read(outBuffer, outBytes);
  const metricsStaging = read(metrics, METRICS_PER_SLOT * 4);
  const inputStaging = inputBuffers.map((buffer, k) => read(buffer, inputs[k]!.data.byteLength));
  device.queue.submit([encoder.finish()]);
  const staged = [outStaging, metricsStaging, ...inputStaging];
  await Promise.all(staged.map((b) => b.mapAsync(GPUMapMode.READ)));
  const [outData, metricsData, ...inputsAfter] = staged.map((b) => new Float32Array(b.getMappedRange().slice(0)));
  const result = { output: outData!, shape: output, metrics: metricsData!, inputsAfter };
  for (const b of [...inputBuffers, outBuffer, metrics, step, scratch, ...staged]) b.destroy();
  return result;
}

/** The op's float64 reference output for the same inputs. */
export function runReference(op: string, attrs: Attrs, inputs: OpInput[], run: OpRun = {}): Float64Array {
  const node = nodeFor(op, attrs, inputs, run.id ?? 7);
  return family(op).reference!({
    id: node.id,
    inputs: inputs.map((i) => Float64Array.from(i.data)),
    shapes: inputs.map((i) => i.shape),
    output: node.shape as number[],
    attrs,
    mode: run.mode ?? "train",
    seed: run.seed ?? 1234,
    rows: run.rows ?? inputs[0]!.shape[0] ?? 1,
  });
}

/** max |a - b| / max(1, max |b|): the relative error in the max-norm sense. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / scale;
}

/** max |actual − expected| over max |expected|: for values far below 1, where relativeError is absolute. */
export function normalizedError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / scale;
}

/** Uniform random floats in [-scale, scale) from a small seeded generator. */
export function randomFloats(count: number, seed: number, scale = 1): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = ((state / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}
