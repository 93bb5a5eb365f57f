// Executes a compiled ModelPlan on a GPUDevice. Pipelines, buffers and bind groups are created
// once; a training step is one queue write of the Step uniform, one batch upload and one command
// buffer holding the plan's fixed list of dispatches. Nothing is read back inside a step: the loss
// kernels add into a metrics ring that is copied out and mapped every `metricsSlots` steps.

import { initialValues } from "./init.js";
import type { DispatchPlan, ModelPlan, TensorPlan } from "./plan.js";
import {
  checkTensorsMatch,
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
  type TensorToEncode,
} from "./safetensors.js";
import { BatchUploader, type BatchUploaderOptions, type UploadSlot } from "./upload.js";

/** One batch: u8 images (pixels row-major) with u8 class labels, or f32 features with f32 targets. */
export type Batch =
  | { kind: "images"; pixels: Uint8Array<ArrayBuffer>; labels: Uint8Array<ArrayBuffer>; rows: number }
  | { kind: "features"; features: Float32Array<ArrayBuffer>; targets: Float32Array<ArrayBuffer>; rows: number };

export interface StepMetrics {
  /** Mean loss over the batch's rows. */
  loss: number;
  /** Fraction of rows whose largest logit is the label (0 for regression). */
  accuracy: number;
  rows: number;
}

export interface ModelOptions {
  /** Seeds parameter initialisation and dropout (default: the spec's train seed). */
  seed?: number;
}

const STEP_WORDS = 8;
const SLOT_FLOATS = 4;
/** Fashion-MNIST batches hold 28×28 images whatever size the model takes. */
const FASHION_MNIST_SIDE = 28;

export class Model {
  private readonly buffers: GPUBuffer[];
  private readonly pipelines: GPUComputePipeline[];
  private readonly schedules: Record<
    "train" | "evaluate" | "predict",
    { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; workgroups: [number, number, number] }[]
  >;
  private readonly uploader: BatchUploader | undefined;
  private readonly stepData = new ArrayBuffer(STEP_WORDS * 4);
  private readonly readbackPool: GPUBuffer[] = [];
  private slot = 0;
  private uploadSlot: UploadSlot = 0;
  /** Optimizer steps taken (Adam's bias correction counts from 1). */
  private steps = 0;
  private readonly seed: number;

  private constructor(
    readonly device: GPUDevice,
    readonly plan: ModelPlan,
    seed: number,
    pipelines: GPUComputePipeline[],
  ) {
    this.seed = seed;
    this.pipelines = pipelines;
    this.buffers = plan.buffers.map((b) =>
      device.createBuffer({
        label: b.name.length > 120 ? `${b.name.slice(0, 117)}...` : b.name,
        size: Math.ceil(b.bytes / 4) * 4,
        usage:
          b.kind === "step"
            ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
            : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      }),
    );
    const bind = (list: DispatchPlan[]) =>
      list.map((d) => {
        const pipeline = this.pipelines[d.kernel]!;
        const bindGroup = device.createBindGroup({
          label: d.label,
          layout: pipeline.getBindGroupLayout(0),
          entries: d.bindings.map((buffer, binding) => ({ binding, resource: { buffer: this.buffers[buffer]! } })),
        });
        return { pipeline, bindGroup, workgroups: d.workgroups };
      });
    this.schedules = { train: bind(plan.train), evaluate: bind(plan.evaluate), predict: bind(plan.predict) };
    this.uploader = plan.target.kind === "class" ? new BatchUploader(device, uploaderOptions(plan)) : undefined;
    this.initialize();
  }

  /** Compiles the plan's kernels (in parallel) and allocates and initialises every buffer. */
  static async create(device: GPUDevice, plan: ModelPlan, options: ModelOptions = {}): Promise<Model> {
    const pipelines = await Promise.all(
      plan.kernels.map((kernel) =>
        device.createComputePipelineAsync({
          label: kernel.name,
          layout: "auto",
          compute: { module: device.createShaderModule({ label: kernel.name, code: kernel.code }), entryPoint: "main" },
        }),
      ),
    );
    return new Model(device, plan, options.seed ?? plan.seed, pipelines);
  }

  /** Fresh parameters, zeroed optimizer state and metrics. */
  initialize(): void {
    this.plan.tensors.forEach((tensor, index) => {
      this.device.queue.writeBuffer(this.buffers[tensor.buffer]!, 0, initialValues(tensor, this.seed, index));
      for (const b of tensor.optimizerBuffers) this.zero(b);
    });
    this.zero(this.plan.metricsBuffer);
    this.steps = 0;
    this.slot = 0;
  }

  /**
   * Enqueues one training step at learning rate `lr`. Returns the metrics of the last
   * `metricsSlots` steps (read back asynchronously) when this step fills the ring, else undefined.
   */
  trainStep(batch: Batch, lr: number): Promise<StepMetrics[]> | undefined {
    this.steps++;
    const encoder = this.run("train", batch, lr, this.slot);
    this.slot++;
    if (this.slot < this.plan.metricsSlots) {
      this.device.queue.submit([encoder.finish()]);
      return undefined;
    }
    return this.collect(encoder, this.plan.metricsSlots);
  }

  /** Metrics of the steps since the ring was last read (the end of an epoch). */
  flushMetrics(): Promise<StepMetrics[]> {
    const count = this.slot;
    return count === 0 ? Promise.resolve([]) : this.collect(this.device.createCommandEncoder(), count);
  }

  /** Mean loss and accuracy over the batches, in evaluation mode (no dropout, running statistics). */
  async evaluate(batches: Iterable<Batch>): Promise<StepMetrics> {
    await this.flushMetrics();
    for (const batch of batches) this.device.queue.submit([this.run("evaluate", batch, 0, 0).finish()]);
    const [total] = await this.collect(this.device.createCommandEncoder(), 1, true);
    return total!;
  }

  /** The model's output for one batch (rows × output features), in evaluation mode. */
  async predict(batch: Batch): Promise<Float32Array> {
    const encoder = this.run("predict", batch, 0, 0);
    const [, ...rest] = this.plan.output.shape;
    const bytes = batch.rows * rest.reduce((a, b) => a * b, 1) * 4;
    const readback = this.device.createBuffer({
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    encoder.copyBufferToBuffer(this.buffers[this.plan.output.buffer]!, 0, readback, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(readback.getMappedRange().slice(0));
    readback.destroy();
    return out;
  }

  /** Every parameter and state tensor by name (read back from the GPU). */
  async readTensors(): Promise<Map<string, Float32Array>> {
    const encoder = this.device.createCommandEncoder();
    const staged = this.plan.tensors.map((tensor) => {
      const bytes = this.plan.buffers[tensor.buffer]!.bytes;
      const readback = this.device.createBuffer({
        size: bytes,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      encoder.copyBufferToBuffer(this.buffers[tensor.buffer]!, 0, readback, 0, bytes);
      return { tensor, readback };
    });
    this.device.queue.submit([encoder.finish()]);
    const out = new Map<string, Float32Array>();
    for (const { tensor, readback } of staged) {
      await readback.mapAsync(GPUMapMode.READ);
      out.set(tensor.name, new Float32Array(readback.getMappedRange().slice(0)));
      readback.destroy();
    }
    return out;
  }

  /** Overwrites parameters and state; every name and size is checked before anything is written. */
  writeTensors(values: ReadonlyMap<string, Float32Array>): void {
    for (const name of values.keys()) {
      if (!this.plan.tensors.some((t) => t.name === name))
        throw new SafetensorsError(`the model has no tensor "${name}"`);
    }
    for (const tensor of this.plan.tensors) {
      const data = values.get(tensor.name);
      const count = tensor.shape.reduce((a, b) => a * b, 1);
      if (data?.length !== count) {
        throw new SafetensorsError(`tensor "${tensor.name}" needs ${count} values, got ${data?.length ?? "none"}`);
      }
    }
    for (const tensor of this.plan.tensors) {
      const data = values.get(tensor.name)!;
      this.device.queue.writeBuffer(this.buffers[tensor.buffer]!, 0, data.buffer, data.byteOffset, data.byteLength);
    }
  }

  /** A safetensors checkpoint of every parameter and state tensor, named by block path. */
  async save(): Promise<Uint8Array> {
    const values = await this.readTensors();
    const tensors = new Map<string, TensorToEncode>(
      this.plan.tensors.map((t) => [t.name, { dtype: "F32", shape: t.shape, data: values.get(t.name)! }]),
    );
    return encodeSafetensors(tensors, { model: this.plan.model, format: "netc" });
  }

  /** Loads a checkpoint written by `save` (or by PyTorch with the same names); refuses mismatches. */
  load(bytes: Uint8Array): void {
    const { tensors } = decodeSafetensors(bytes);
    checkTensorsMatch(
      signatures(this.plan.tensors),
      new Map([...tensors].map(([name, t]) => [name, { dtype: t.dtype, shape: t.shape }])),
    );
    const values = new Map<string, Float32Array>();
    for (const [name, tensor] of tensors) {
      if (tensor.dtype !== "F32") throw new SafetensorsError(`tensor "${name}" must be F32`);
      values.set(name, tensor.data);
    }
    this.writeTensors(values);
  }

  destroy(): void {
    for (const b of [...this.buffers, ...this.readbackPool]) b.destroy();
    this.uploader?.destroy();
  }

  private run(schedule: "train" | "evaluate" | "predict", batch: Batch, lr: number, slot: number): GPUCommandEncoder {
    if (batch.rows < 1 || batch.rows > this.plan.batch)
      throw new RangeError(`a batch must have 1 to ${this.plan.batch} rows, got ${batch.rows}`);
    const step = new Uint32Array(this.stepData);
    const real = new Float32Array(this.stepData);
    step[0] = this.steps;
    step[1] = mixSeed(this.seed, this.steps);
    step[2] = slot;
    step[3] = batch.rows;
    real[4] = lr;
    if (this.plan.optimizer.kind !== "sgd") {
      real[5] = 1 - this.plan.optimizer.beta1 ** Math.max(1, this.steps);
      real[6] = 1 - this.plan.optimizer.beta2 ** Math.max(1, this.steps);
    }
    this.device.queue.writeBuffer(this.buffers[this.plan.stepBuffer]!, 0, this.stepData);

    const encoder = this.device.createCommandEncoder({ label: `${this.plan.model} ${schedule}` });
    const pass = encoder.beginComputePass({ label: schedule });
    this.upload(batch, pass);
    for (const d of this.schedules[schedule]) {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(...d.workgroups);
    }
    pass.end();
    return encoder;
  }

  private upload(batch: Batch, pass: GPUComputePassEncoder): void {
    const input = this.buffers[this.plan.input.buffer]!;
    const target = this.buffers[this.plan.target.buffer]!;
    if (batch.kind === "images") {
      if (this.uploader === undefined) throw new TypeError(`${this.plan.model} takes feature batches, not images`);
      this.uploader.write(this.uploadSlot, batch.pixels, batch.labels);
      this.uploader.encodeConvert(pass, this.uploadSlot, input, target);
      this.uploadSlot = this.uploadSlot === 0 ? 1 : 0;
    } else {
      this.device.queue.writeBuffer(input, 0, batch.features);
      this.device.queue.writeBuffer(target, 0, batch.targets);
    }
  }

  /** Copies the first `count` metrics slots out, clears the ring and maps the copy. */
  private async collect(encoder: GPUCommandEncoder, count: number, merge = false): Promise<StepMetrics[]> {
    const bytes = this.plan.metricsSlots * SLOT_FLOATS * 4;
    const readback =
      this.readbackPool.pop() ??
      this.device.createBuffer({
        label: "metrics readback",
        size: bytes,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
    const metrics = this.buffers[this.plan.metricsBuffer]!;
    encoder.copyBufferToBuffer(metrics, 0, readback, 0, bytes);
    encoder.clearBuffer(metrics);
    this.device.queue.submit([encoder.finish()]);
    this.slot = 0;
    await readback.mapAsync(GPUMapMode.READ);
    const values = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    this.readbackPool.push(readback);
    const slots = Array.from({ length: merge ? 1 : count }, (_, k) =>
      values.subarray(k * SLOT_FLOATS, (k + 1) * SLOT_FLOATS),
    );
    return slots.map(([loss, hits, rows]) => ({ loss: loss! / rows!, accuracy: hits! / rows!, rows: rows! }));
  }

  private zero(buffer: number): void {
    const encoder = this.device.createCommandEncoder();
    encoder.clearBuffer(this.buffers[buffer]!);
    this.device.queue.submit([encoder.finish()]);
  }
}

/** Batches arrive at the dataset's size; `resize = side` in the plan's data has them converted to side × side. */
function uploaderOptions(plan: ModelPlan): BatchUploaderOptions {
  const batchSize = plan.batch;
  const side = plan.data.source === "fashion_mnist" ? plan.data.resize : undefined;
  if (side !== undefined && side !== FASHION_MNIST_SIDE) {
    const from = { rows: FASHION_MNIST_SIDE, cols: FASHION_MNIST_SIDE };
    return { batchSize, pixelsPerImage: from.rows * from.cols, resize: { from, to: { rows: side, cols: side } } };
  }
  return { batchSize, pixelsPerImage: plan.input.shape.slice(1).reduce((a, b) => a * b, 1) };
}

function signatures(tensors: readonly TensorPlan[]) {
  return new Map(tensors.map((t) => [t.name, { dtype: "F32" as const, shape: t.shape }]));
}

/** The random seed of one step, from the model seed and the step index. */
function mixSeed(seed: number, step: number): number {
  let x = (seed ^ Math.imul(step, 0x9e3779b9)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
