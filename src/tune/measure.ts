// Running one GEMM on the device with buffers of its own: random operands, a float64 CPU product
// to check a tile's result against, and the time per dispatch.

import { BufferUsage, MapMode } from "../../runtime/gpu.js";
import { waitPacer, type WaitPacer } from "../../runtime/pacing.js";
import { gemmBindings } from "../ops/gemm/operands.js";
import { gemmKernels, type GemmSpec, type GemmTile } from "../ops/gemm.js";
import { perElement } from "../ops/wgsl.js";

/** A GEMM as an op built it, with the element count of each binding besides C. */
export interface RecordedGemm {
  spec: GemmSpec;
  bindingSizes: Readonly<Record<string, number>>;
}

/** The largest normalized error (max |Δ| / max |expected|) a tile's result may have. */
export const TOLERANCE = 1e-4;

/** Enough dispatches per timed submission to fill about this long. */
const SUBMISSION_MS = 100;

/** Deterministic floats in [low, low + 1): operands, and positive values for the epilogue's extras (variances). */
function floats(count: number, seed: number, low: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = low + state / 2 ** 32;
  }
  return out;
}

/** The buffers of one GEMM: every binding but C filled once; C refilled from `cInitial` per run. */
export class GemmBuffers {
  private readonly buffers = new Map<string, GPUBuffer>();
  /** Scratch buffers a larger one replaced: kernels prepared before still bind them. */
  private readonly outgrown: GPUBuffer[] = [];
  readonly cInitial: Float32Array;

  constructor(
    private readonly device: GPUDevice,
    readonly gemm: RecordedGemm,
  ) {
    const { spec } = gemm;
    const batch = spec.batch ?? 1;
    const sizes: Record<string, number> = {
      ...gemm.bindingSizes,
      gemm_a: batch * spec.m * spec.k,
      gemm_b: batch * spec.k * spec.n,
    };
    const operandBindings = new Set(["gemm_a", "gemm_b", ...[spec.a, spec.b].flatMap(loaderBindings)]);
    let seed = 1;
    for (const { name } of gemmBindings(spec)) {
      if (name === "gemm_c") continue;
      const size = sizes[name];
      if (size === undefined) throw new Error(`gemm ${spec.name}: no size for binding ${name}`);
      // Operands around 0; the epilogue's tensors positive (a folded batch norm takes a square root).
      const low = operandBindings.has(name) ? -0.5 : 0.5;
      this.buffers.set(name, this.upload(floats(size, seed++, low)));
    }
    this.cInitial = floats(batch * (spec.into?.rows ?? spec.m) * spec.n, seed, -0.5);
    this.buffers.set("gemm_c", this.upload(this.cInitial));
  }

  /** Scratch memory of at least `floats` floats for a split GEMM's partial sums (binding gemm_partials). */
  scratch(floats: number): GPUBuffer {
    const existing = this.buffers.get("gemm_partials");
    if (existing !== undefined && existing.size >= floats * 4) return existing;
    if (existing !== undefined) this.outgrown.push(existing);
    const buffer = this.device.createBuffer({ size: Math.max(16, floats * 4), usage: BufferUsage.STORAGE });
    this.buffers.set("gemm_partials", buffer);
    return buffer;
  }

  buffer(name: string): GPUBuffer {
    const buffer = this.buffers.get(name);
    if (buffer === undefined) throw new Error(`gemm ${this.gemm.spec.name}: no buffer for binding ${name}`);
    return buffer;
  }

  private upload(data: Float32Array): GPUBuffer {
    const buffer = this.device.createBuffer({
      size: Math.max(16, Math.ceil(data.byteLength / 16) * 16),
      usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
    });
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  resetC(): void {
    this.device.queue.writeBuffer(this.buffer("gemm_c"), 0, this.cInitial);
  }

  destroy(): void {
    for (const buffer of [...this.buffers.values(), ...this.outgrown]) buffer.destroy();
  }
}

function loaderBindings(operand: GemmSpec["a"]): string[] {
  return operand.kind === "custom" ? operand.bindings.map((b) => b.name) : [];
}

/** A compiled kernel with its bind group over its buffers. */
interface PreparedKernel {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: [number, number, number];
}

/** Kernels dispatched in order, as one run. */
export type Prepared = PreparedKernel[];

/** `kernel` compiled over `buffers` (binding i is buffers[i]); a kernel that does not compile throws. */
export async function prepareKernel(
  device: GPUDevice,
  kernel: { code: string; workgroups: [number, number, number] },
  buffers: GPUBuffer[],
): Promise<PreparedKernel> {
  device.pushErrorScope("validation");
  const module = device.createShaderModule({ code: kernel.code });
  const pipeline = await device.createComputePipelineAsync({ layout: "auto", compute: { module, entryPoint: "main" } });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const error = await device.popErrorScope();
  if (error) throw new Error(`the generated kernel does not compile: ${error.message}`);
  return { pipeline, bindGroup, workgroups: kernel.workgroups };
}

/** Milliseconds per dispatch: wall-clock, and the CPU time of this process (all its threads). */
export interface Timing {
  ms: number;
  cpuMs: number;
}

/** Each prepared GEMM's pacer: its timed submissions repeat the same work (see runtime/pacing.ts). */
const pacers = new WeakMap<Prepared, WaitPacer>();

/**
 * Runs `prepared` `runs` times in one submission; the timing is per run. A submission the device
 * rejects throws: it ran nothing, and its time must not count as the kernel's.
 */
export async function dispatch(device: GPUDevice, prepared: Prepared, runs = 1): Promise<Timing> {
  device.pushErrorScope("validation");
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  for (let i = 0; i < runs; i++) {
    for (const kernel of prepared) {
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(0, kernel.bindGroup);
      pass.dispatchWorkgroups(...kernel.workgroups);
    }
  }
  pass.end();
  const start = performance.now();
  const cpu = process.cpuUsage();
  device.queue.submit([encoder.finish()]);
  const pacer = pacers.get(prepared) ?? waitPacer(device);
  pacers.set(prepared, pacer);
  await pacer.wait("runs", runs, start, () => device.queue.onSubmittedWorkDone());
  const used = process.cpuUsage(cpu);
  const ms = (performance.now() - start) / runs;
  const error = await device.popErrorScope();
  if (error !== null) throw new Error(`the device rejected the kernels: ${error.message.split("\n")[0]}`);
  return { ms, cpuMs: (used.user + used.system) / 1000 / runs };
}

export async function download(device: GPUDevice, buffer: GPUBuffer, length: number): Promise<Float32Array> {
  const staging = device.createBuffer({ size: length * 4, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, length * 4);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(MapMode.READ);
  const data = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  return data;
}

/** The GEMM with `tile`, compiled over `buffers` (its own bindings, in order). */
export async function prepareGemm(
  device: GPUDevice,
  spec: GemmSpec,
  tile: GemmTile,
  buffers: GemmBuffers,
): Promise<Prepared> {
  const program = gemmKernels({ ...spec, tile });
  if (program.scratchFloats > 0) buffers.scratch(program.scratchFloats);
  return Promise.all(
    program.kernels.map((kernel) =>
      prepareKernel(
        device,
        kernel,
        kernel.bindings.map((b) => buffers.buffer(b.name)),
      ),
    ),
  );
}

/** Runs the GEMM once from C's initial values and returns C. */
export async function runGemm(device: GPUDevice, prepared: Prepared, buffers: GemmBuffers): Promise<Float32Array> {
  buffers.resetC();
  await dispatch(device, prepared);
  return download(device, buffers.buffer("gemm_c"), buffers.cInitial.length);
}

/** Multiply-adds the CPU reference may spend; a bigger GEMM is checked on a spread of C's rows. */
const CHECK_MULTIPLY_ADDS = 2 ** 26;

/** Elements of C (batch-major, m×n per batch) and their values. */
export interface Expected {
  index: Int32Array;
  value: Float64Array;
}

/**
 * A·B in float64 from the operands' data (dense ones as uploaded, custom loaders' logical
 * matrices as read by a small kernel that only calls the loader), on every row of C or, for a
 * big GEMM, on rows spread evenly from the first to the last.
 */
export async function cpuProduct(device: GPUDevice, buffers: GemmBuffers): Promise<Expected> {
  const { spec } = buffers.gemm;
  const { m, n, k } = spec;
  const rowsTotal = (spec.batch ?? 1) * m;
  const a = await logicalOperand(device, buffers, "a");
  const b = await logicalOperand(device, buffers, "b");
  const step = Math.max(1, Math.ceil((rowsTotal * n * k) / CHECK_MULTIPLY_ADDS));
  const rows = [...Array.from({ length: Math.ceil(rowsTotal / step) }, (_, i) => i * step), rowsTotal - 1];
  const checked = [...new Set(rows)];
  const index = new Int32Array(checked.length * n);
  const value = new Float64Array(checked.length * n);
  checked.forEach((row, e) => {
    const p = Math.floor(row / m);
    for (let c = 0; c < n; c++) index[e * n + c] = row * n + c;
    for (let i = 0; i < k; i++) {
      const x = a[row * k + i]!;
      for (let c = 0; c < n; c++) value[e * n + c]! += x * b[(p * k + i) * n + c]!;
    }
  });
  return { index, value };
}

/** Operand `which` as a row-major batch × rows × cols array (A: m×k, B: k×n). */
async function logicalOperand(device: GPUDevice, buffers: GemmBuffers, which: "a" | "b"): Promise<Float32Array> {
  const { spec } = buffers.gemm;
  const batch = spec.batch ?? 1;
  const [rows, cols] = which === "a" ? [spec.m, spec.k] : [spec.k, spec.n];
  const operand = spec[which];
  const count = batch * rows * cols;
  if (operand.kind === "dense") {
    const stored = await download(device, buffers.buffer(`gemm_${which}`), count);
    if (!operand.transposed) return stored;
    const out = new Float32Array(count);
    for (let p = 0; p < batch; p++) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) out[(p * rows + r) * cols + c] = stored[(p * cols + c) * rows + r]!;
      }
    }
    return out;
  }
  const dumpName = "tune_logical";
  const bindings = [
    ...operand.bindings.map((b) => ({ name: b.name, access: "read" as const, type: b.type })),
    { name: dumpName, access: "read_write" as const, type: "array<f32>" },
  ];
  const kernel = perElement(
    count,
    bindings,
    `let batch = i / ${rows * cols}u;
let row = (i / ${cols}u) % ${rows}u;
let col = i % ${cols}u;
${dumpName}[i] = load_${which}(batch, row, col);`,
    operand.wgsl.trim(),
  );
  const out = device.createBuffer({
    size: Math.max(16, count * 4),
    usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC,
  });
  try {
    const prepared = await prepareKernel(device, kernel, [...operand.bindings.map((b) => buffers.buffer(b.name)), out]);
    await dispatch(device, [prepared]);
    return await download(device, out, count);
  } finally {
    out.destroy();
  }
}

/**
 * max |actual − expected| / max |expected| over the given elements; equal NaNs (an epilogue's, on
 * random data) count as equal, a NaN against a number as infinitely wrong.
 */
export function normalizedError(actual: ArrayLike<number>, expected: ArrayLike<number>, index?: Int32Array): number {
  let diff = 0;
  let scale = 0;
  const count = index?.length ?? expected.length;
  for (let e = 0; e < count; e++) {
    const x = actual[index ? index[e]! : e]!;
    const y = expected[e]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
      continue;
    }
    diff = Math.max(diff, Math.abs(x - y));
    scale = Math.max(scale, Math.abs(y));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Dispatches per timed submission for a kernel that took `ms` once. */
export function dispatchesFor(ms: number): number {
  return Math.max(1, Math.min(1000, Math.round(SUBMISSION_MS / Math.max(ms, 1e-3))));
}
