// Executes a compiled ModelPlan on a GPUDevice. Pipelines, buffers and bind groups are created
// once, so steps allocate nothing on the GPU. A step writes its Step uniform and its batch into a
// staging slot of its own and records a copy of them, then the plan's fixed list of dispatches;
// several steps go into one command buffer before it is submitted, and the CPU writes the next
// batches while the GPU computes. Nothing is read back inside a step: the loss kernels add into a
// metrics ring that is copied out and mapped every `metricsSlots` steps.

/// <reference types="@webgpu/types" preserve="true" />
import { FASHION_MNIST_SIDE } from "./data.js";
import { BufferUsage, MapMode } from "./gpu.js";
import { initialValues } from "./init.js";
import { waitPacer, type WaitPacer } from "./pacing.js";
import type { DispatchPlan, ModelPlan, TensorPlan } from "./plan.js";
import {
  checkTensorsMatch,
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
  type TensorToEncode,
} from "./safetensors.js";
import { didYouMean } from "./suggest.js";
import { BatchUploader, type BatchUploaderOptions, type UploadSlot } from "./upload.js";

/** One batch: u8 images (pixels row-major) with u8 class labels, or f32 features with f32 targets. */
export type Batch =
  | { kind: "images"; pixels: Uint8Array<ArrayBuffer>; labels: Uint8Array<ArrayBuffer>; rows: number }
  | { kind: "features"; features: Float32Array<ArrayBuffer>; targets: Float32Array<ArrayBuffer>; rows: number };

/** A batch's inputs alone, what `predict` reads: u8 images (pixels row-major), or f32 features. */
export type Inputs =
  | { kind: "images"; pixels: Uint8Array<ArrayBuffer>; rows: number }
  | { kind: "features"; features: Float32Array<ArrayBuffer>; rows: number };

export interface StepMetrics {
  /** Mean loss over the batch's rows. */
  loss: number;
  /** Fraction of rows whose largest logit is the label (0 for regression). */
  accuracy: number;
  rows: number;
}

export interface ModelOptions {
  /** Seeds parameter initialisation and dropout, an integer from 0 to 2³² − 1 (default: the spec's train seed). */
  seed?: number;
  /**
   * Steps (training or evaluation) recorded into one command buffer before it is submitted
   * (default 4). Results do not depend on it; each step in flight holds a staging slot.
   */
  stepsPerSubmit?: number;
}

/** A dispatch of a timed training step, in the order `timedTrainStep` writes its timestamps. */
export interface TimedDispatch {
  /** The spec nodes it computes (or "batch conversion"). */
  label: string;
  kernel: string;
  /** As in DispatchPlan: its op's FLOPs and the bytes of the tensors it binds. */
  flops: number;
  bytes: number;
}

const DEFAULT_STEPS_PER_SUBMIT = 4;
const STEP_WORDS = 8;
const STEP_BYTES = STEP_WORDS * 4;
const SLOT_FLOATS = 4;

/** The dispatch lists of a plan the engine records: see ModelPlan. */
type Schedule = "train" | "evaluate" | "predict" | "statistics";

export class Model {
  private readonly buffers: GPUBuffer[];
  /** Emptied by destroy(), so that an app that keeps the model does not keep its pipelines. */
  private schedules: Record<
    Schedule,
    { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; workgroups: [number, number, number] }[]
  >;
  /** Per staging slot: the Step uniform of a step recorded but not yet run. */
  private readonly stepStaging: GPUBuffer;
  /**
   * How batches enter: u8 images through the uploader's staging slots (classifiers), or f32
   * features and targets through a staging buffer of the same slots, copied into place.
   */
  private readonly batchEntry:
    { kind: "images"; uploader: BatchUploader } | { kind: "features"; staging: GPUBuffer; slotBytes: number };
  private readonly stagingSlots: number;
  private readonly stepsPerSubmit: number;
  private readonly stepData = new ArrayBuffer(STEP_BYTES);
  private readonly readbackPool: GPUBuffer[] = [];
  private readonly timed: readonly TimedDispatch[];
  /** Bytes of the GPU buffers this model holds for its lifetime. */
  private allocated = 0;
  /** The command buffer being recorded and the steps in it. */
  private pending: GPUCommandEncoder | undefined;
  private pendingSteps = 0;
  /** Metrics slot of the next training step. */
  private slot = 0;
  private stagingSlot: UploadSlot = 0;
  /** Optimizer steps taken (Adam's bias correction counts from 1). */
  private steps = 0;
  private readonly seed: number;
  /** Training metrics read back but not yet returned (evaluate flushes the ring it then uses). */
  private unreported: Promise<StepMetrics[]> = Promise.resolve([]);
  private destroyed = false;
  private readonly loss: DeviceLoss;
  private readonly pacer: WaitPacer;
  /** Steps recorded since the last metrics read-back, by schedule: what the next one waits for. */
  private readonly work = new Map<Schedule, number>();
  /** When the first of those steps was submitted. */
  private workSubmittedMs: number | undefined;
  /** When the last metrics read-back was seen done: the queue runs in order, so the next work starts after. */
  private lastReadback: Promise<number> = Promise.resolve(0);

  private constructor(
    readonly device: GPUDevice,
    readonly plan: ModelPlan,
    options: ModelOptions,
    pipelines: GPUComputePipeline[],
  ) {
    this.seed = options.seed ?? plan.seed;
    if (!Number.isInteger(this.seed) || this.seed < 0 || this.seed >= 2 ** 32)
      throw new RangeError(`seed must be an integer from 0 to 2^32 - 1, got ${this.seed}`);
    this.loss = lossOf(device);
    this.pacer = waitPacer(device);
    this.stepsPerSubmit = options.stepsPerSubmit ?? DEFAULT_STEPS_PER_SUBMIT;
    if (!Number.isInteger(this.stepsPerSubmit) || this.stepsPerSubmit < 1)
      throw new RangeError(`stepsPerSubmit must be a positive integer, got ${this.stepsPerSubmit}`);
    // Two slots at least: the next batch is written while the GPU still reads the last one.
    this.stagingSlots = Math.max(2, this.stepsPerSubmit);
    this.buffers = plan.buffers.map((b) =>
      this.createBuffer({
        label: b.name.length > 120 ? `${b.name.slice(0, 117)}...` : b.name,
        size: Math.ceil(b.bytes / 4) * 4,
        usage:
          b.kind === "step"
            ? BufferUsage.UNIFORM | BufferUsage.COPY_DST
            : BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
      }),
    );
    const bind = (list: DispatchPlan[]) =>
      list.map((d) => {
        const pipeline = pipelines[d.kernel]!;
        const bindGroup = device.createBindGroup({
          label: d.label,
          layout: pipeline.getBindGroupLayout(0),
          entries: d.bindings.map((buffer, binding) => ({ binding, resource: { buffer: this.buffers[buffer]! } })),
        });
        return { pipeline, bindGroup, workgroups: d.workgroups };
      });
    const train = bind(plan.train);
    this.schedules = {
      train,
      evaluate: bind(plan.evaluate),
      predict: bind(plan.predict),
      statistics: train.slice(0, plan.statistics),
    };
    this.stepStaging = this.createBuffer({
      label: "step staging",
      size: this.stagingSlots * STEP_BYTES,
      usage: BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
    });
    const toDispatch = (d: DispatchPlan): TimedDispatch => ({
      label: d.label,
      kernel: plan.kernels[d.kernel]!.name,
      flops: d.flops,
      bytes: d.bytes,
    });
    if (plan.target.kind === "class") {
      const uploader = new BatchUploader(device, { ...uploaderOptions(plan), slots: this.stagingSlots });
      this.batchEntry = { kind: "images", uploader };
      this.allocated += uploader.allocatedBytes;
      // It reads u8 pixels and labels and writes f32 pixels and u32 labels; its arithmetic is not counted.
      const conversion: TimedDispatch = {
        label: "batch conversion",
        kernel: "batch conversion",
        flops: 0,
        bytes:
          plan.batch * (uploader.pixelsPerImage + 1) +
          this.bytesOf(plan.input.buffer) +
          this.bytesOf(plan.target.buffer),
      };
      this.timed = [conversion, ...plan.train.map(toDispatch)];
    } else {
      const slotBytes = this.bytesOf(plan.input.buffer) + this.bytesOf(plan.target.buffer);
      const staging = this.createBuffer({
        label: "feature staging",
        size: this.stagingSlots * slotBytes,
        usage: BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
      });
      this.batchEntry = { kind: "features", staging, slotBytes };
      this.timed = plan.train.map(toDispatch);
    }
    this.initialize();
  }

  /** Compiles the plan's kernels (in parallel) and allocates and initialises every buffer. */
  static async create(device: GPUDevice, plan: ModelPlan, options: ModelOptions = {}): Promise<Model> {
    // A loss the device already reported: `lost` is settled, so it wins the race with a settled promise.
    const lost = await Promise.race([device.lost, Promise.resolve(undefined)]);
    if (lost !== undefined)
      throw new Error(
        `${plan.model} cannot be created: its GPU device was lost (${lost.message || lost.reason}); request a new device and create the model on that`,
      );
    const shortfall = limitShortfall(device.limits, plan);
    if (shortfall !== undefined) throw new Error(`${plan.model} cannot run on this device: ${shortfall}`);
    const pipelines = await Promise.all(
      plan.kernels.map((kernel) =>
        device.createComputePipelineAsync({
          label: kernel.name,
          layout: "auto",
          compute: { module: device.createShaderModule({ label: kernel.name, code: kernel.code }), entryPoint: "main" },
        }),
      ),
    );
    return new Model(device, plan, options, pipelines);
  }

  /** Bytes of every GPU buffer the model holds for its lifetime: the plan's, staging and metrics readback. */
  get allocatedBytes(): number {
    return this.allocated;
  }

  /** The dispatches of a training step in the order `timedTrainStep` times them. */
  get timedDispatches(): readonly TimedDispatch[] {
    return this.timed;
  }

  /** Fresh parameters, zeroed optimizer state and metrics. */
  initialize(): void {
    this.checkUsable();
    this.submitPending();
    this.plan.tensors.forEach((tensor, index) => {
      this.device.queue.writeBuffer(this.buffers[tensor.buffer]!, 0, initialValues(tensor, this.seed, index));
    });
    this.restartOptimizer();
    this.zero(this.plan.metricsBuffer);
    this.slot = 0;
    this.unreported = Promise.resolve([]);
  }

  /**
   * Records one training step at learning rate `lr`; steps are submitted `stepsPerSubmit` at a
   * time. Returns the metrics of the last `metricsSlots` steps (read back asynchronously) when
   * this step fills the ring, else undefined. The promise may be ignored: its rejection (a device
   * lost) then goes unreported instead of becoming an unhandled rejection.
   */
  trainStep(batch: Batch, lr: number): Promise<StepMetrics[]> | undefined {
    this.checkUsable();
    return this.step(batch, lr, undefined);
  }

  /**
   * A training step, submitted at once, with each dispatch in a compute pass of its own whose
   * start and end times go to `querySet` (queries 2k and 2k + 1 for `timedDispatches[k]`). It
   * computes what `trainStep` computes; only its passes and timestamps differ.
   */
  timedTrainStep(batch: Batch, lr: number, querySet: GPUQuerySet): Promise<StepMetrics[]> | undefined {
    this.checkUsable();
    if (querySet.type !== "timestamp" || querySet.count < 2 * this.timed.length) {
      throw new RangeError(`timedTrainStep needs a timestamp query set of ${2 * this.timed.length} queries`);
    }
    const metrics = this.step(batch, lr, querySet);
    this.submitPending();
    return metrics;
  }

  /** Metrics of the training steps not yet returned (call at the end of an epoch). */
  flushMetrics(): Promise<StepMetrics[]> {
    this.checkUsable();
    if (this.slot > 0) return this.collectTraining();
    this.submitPending();
    const unreported = this.unreported;
    this.unreported = Promise.resolve([]);
    return unreported;
  }

  /**
   * Mean loss and accuracy over the batches, in evaluation mode (no dropout, running statistics).
   * Training steps recorded before or after it keep their metrics for `flushMetrics`.
   */
  async evaluate(batches: Iterable<Batch>): Promise<StepMetrics> {
    this.checkUsable();
    // The ring holds training metrics: they are read out first, and every evaluation step is
    // recorded before the first await, so no training step can land between them.
    if (this.slot > 0) this.unreported = this.collectTraining();
    let count = 0;
    try {
      for (const batch of batches) {
        this.record("evaluate", batch, { step: this.steps });
        count++;
        if (this.pendingSteps === this.stepsPerSubmit) this.submitPending();
      }
      if (count === 0) throw new RangeError("evaluate needs at least one batch");
    } catch (error) {
      // A refused batch: the sums of the batches before it leave the ring, which training uses next.
      void ignorable(this.collect(1, true));
      throw error;
    }
    const [total] = await this.collect(1, true);
    return total!;
  }

  /**
   * Recomputes batch norm's running statistics as the plain average of the batches' statistics,
   * in training mode with the weights fixed (PyTorch's torch.optim.swa_utils.update_bn): they no
   * longer lag weights that training moved fast. Nothing else changes.
   */
  recomputeStatistics(batches: Iterable<Batch>): void {
    this.checkUsable();
    if (this.plan.statistics === 0) {
      throw new TypeError(
        this.plan.tensors.some((t) => t.kind === "state")
          ? `${this.plan.model} keeps running batch-norm statistics; recomputing them needs \`bn_statistics = recomputed(batches = N)\` in its spec's train section`
          : `${this.plan.model} has no batch norm whose statistics could be recomputed`,
      );
    }
    let count = 0;
    for (const batch of batches) {
      count++;
      this.record("statistics", batch, { step: this.steps, statisticsRate: 1 / count });
      if (this.pendingSteps === this.stepsPerSubmit) this.submitPending();
    }
    this.submitPending();
  }

  /**
   * The model's output for any number of rows (rows × output features, in order), in evaluation
   * mode; labels and targets are not read. Inputs of more rows than the compiled batch run as
   * consecutive batches, the last one partial.
   */
  async predict(inputs: Inputs): Promise<Float32Array<ArrayBuffer>> {
    this.checkUsable();
    // The whole input is checked first, so a refusal records nothing.
    this.checkBatch(this.withBlankTargets(inputs), Infinity);
    const outputsPerRow = perRow(this.plan.output.shape);
    const readback = this.device.createBuffer({
      size: inputs.rows * outputsPerRow * 4,
      usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
    });
    const output = this.buffers[this.plan.output.buffer]!;
    for (let first = 0; first < inputs.rows; first += this.plan.batch) {
      const rows = Math.min(this.plan.batch, inputs.rows - first);
      this.record("predict", this.withBlankTargets(rowsOf(inputs, first, rows)), { step: this.steps });
      // Each batch's output is copied out before the next batch overwrites it.
      const bytes = rows * outputsPerRow * 4;
      this.pending!.copyBufferToBuffer(output, 0, readback, first * outputsPerRow * 4, bytes);
      if (this.pendingSteps === this.stepsPerSubmit) this.submitPending();
    }
    this.submitPending();
    await readback.mapAsync(MapMode.READ);
    const out = new Float32Array(readback.getMappedRange().slice(0));
    readback.destroy();
    return out;
  }

  /**
   * The parameter and state tensors by name (read back from the GPU): those of `names`, in its
   * order, or every one.
   */
  async readTensors(names?: Iterable<string>): Promise<Map<string, Float32Array<ArrayBuffer>>> {
    this.checkUsable();
    const tensors = names === undefined ? this.plan.tensors : [...names].map((name) => this.tensorNamed(name));
    this.submitPending();
    const encoder = this.device.createCommandEncoder();
    const staged = tensors.map((tensor) => {
      const bytes = this.plan.buffers[tensor.buffer]!.bytes;
      const readback = this.device.createBuffer({
        size: bytes,
        usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
      });
      encoder.copyBufferToBuffer(this.buffers[tensor.buffer]!, 0, readback, 0, bytes);
      return { tensor, readback };
    });
    this.device.queue.submit([encoder.finish()]);
    const out = new Map<string, Float32Array<ArrayBuffer>>();
    for (const { tensor, readback } of staged) {
      await readback.mapAsync(MapMode.READ);
      out.set(tensor.name, new Float32Array(readback.getMappedRange().slice(0)));
      readback.destroy();
    }
    return out;
  }

  /**
   * Overwrites the parameters and state tensors given by name; the others keep their values. Every
   * name, type and size is checked before anything is written.
   */
  writeTensors(values: ReadonlyMap<string, Float32Array>): void {
    this.checkUsable();
    const writes = [...values].map(([name, data]) => {
      const tensor = this.tensorNamed(name);
      if (!(data instanceof Float32Array)) throw new TypeError(`tensor "${name}" must be a Float32Array`);
      const count = tensor.shape.reduce((a, b) => a * b, 1);
      if (data.length !== count) throw new RangeError(`tensor "${name}" needs ${count} values, got ${data.length}`);
      return { buffer: this.buffers[tensor.buffer]!, data };
    });
    this.submitPending();
    for (const { buffer, data } of writes) {
      this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    }
  }

  /**
   * A safetensors checkpoint of every parameter and state tensor, named by block path. Its bytes
   * are an ArrayBuffer of their own: `new Blob([bytes])` takes them as they are.
   */
  async save(): Promise<Uint8Array<ArrayBuffer>> {
    const values = await this.readTensors();
    const tensors = new Map<string, TensorToEncode>(
      this.plan.tensors.map((t) => [t.name, { dtype: "F32", shape: t.shape, data: values.get(t.name)! }]),
    );
    return encodeSafetensors(tensors, { model: this.plan.model, format: "netc" });
  }

  /**
   * Loads a checkpoint written by `save` (or by PyTorch with the same names); refuses mismatches.
   * Checkpoints hold weights, not optimizer state: training after a load starts the optimizer
   * afresh (zero momentum and Adam moments, step count 0), as on a new model with these weights.
   */
  load(bytes: Uint8Array | ArrayBuffer): void {
    this.checkUsable();
    const { tensors } = decodeSafetensors(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes);
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
    this.restartOptimizer();
  }

  /**
   * Frees the model's GPU buffers (a metrics read-back in flight, once it lands) and lets go of its
   * pipelines; any later call throws.
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.pending = undefined;
    this.schedules = { train: [], evaluate: [], predict: [], statistics: [] };
    for (const b of [...this.buffers, ...this.readbackPool, this.stepStaging]) b.destroy();
    if (this.batchEntry.kind === "images") this.batchEntry.uploader.destroy();
    else this.batchEntry.staging.destroy();
  }

  private step(batch: Batch, lr: number, timestamps: GPUQuerySet | undefined): Promise<StepMetrics[]> | undefined {
    if (!Number.isFinite(lr)) throw new RangeError(`the learning rate must be a finite number, got ${lr}`);
    // A negative rate climbs the loss. 0 is allowed: a step then updates batch norm's running
    // statistics (and the optimizer's state) with the weights fixed.
    if (lr < 0) throw new RangeError(`the learning rate must not be negative, got ${lr}; 0 keeps the weights fixed`);
    this.record("train", batch, { step: this.steps + 1, lr, metricsSlot: this.slot }, timestamps);
    this.steps++;
    this.slot++;
    if (this.slot === this.plan.metricsSlots) return this.collectTraining();
    if (this.pendingSteps === this.stepsPerSubmit) this.submitPending();
    return undefined;
  }

  /** `inputs` with zeros for labels or targets, which prediction does not read. */
  private withBlankTargets(inputs: Inputs): Batch {
    // A `rows` that is no count is left for checkBatch to refuse, with its message.
    const count = Number.isInteger(inputs.rows) && inputs.rows > 0 ? inputs.rows : 0;
    return inputs.kind === "images"
      ? { ...inputs, labels: new Uint8Array(count) }
      : { ...inputs, targets: new Float32Array(count * perRow(this.plan.target.shape)) };
  }

  /** The parameter or state tensor `name`; throws, suggesting a close name, if there is none. */
  private tensorNamed(name: string): TensorPlan {
    const tensor = this.plan.tensors.find((t) => t.name === name);
    if (tensor === undefined) {
      const close = didYouMean(
        name,
        this.plan.tensors.map((t) => t.name),
      );
      throw new RangeError(
        `the model has no tensor "${name}"${close === undefined ? "" : ` (did you mean "${close}"?)`}`,
      );
    }
    return tensor;
  }

  /** Throws once the model was destroyed or its device lost. */
  private checkUsable(): void {
    if (this.destroyed) throw new Error(`${this.plan.model} was destroyed and cannot be used`);
    if (this.loss.reason !== undefined)
      throw new Error(`${this.plan.model} cannot be used: its GPU device was lost (${this.loss.reason})`);
  }

  /** Zeroes the optimizer state and the step count. */
  private restartOptimizer(): void {
    for (const tensor of this.plan.tensors) for (const b of tensor.optimizerBuffers) this.zero(b);
    this.steps = 0;
  }

  /** Throws unless `batch` is one this model takes (of at most `maxRows` rows), before anything is recorded. */
  private checkBatch(batch: Batch, maxRows = this.plan.batch): void {
    const { rows } = batch;
    if (!Number.isInteger(rows) || rows < 1 || rows > maxRows)
      throw new RangeError(
        maxRows === Infinity
          ? `inputs must have a whole number of rows from 1, got ${rows}`
          : `a batch must have 1 to ${maxRows} rows, got ${rows}`,
      );
    const wanted = this.batchEntry.kind === "images" ? "images" : "features";
    if (batch.kind !== wanted) throw new TypeError(`${this.plan.model} takes ${wanted} batches, not ${batch.kind}`);
    if (batch.kind === "images") {
      checkRows("pixels", batch.pixels, Uint8Array, rows, pixelsPerImage(this.plan));
      checkRows("labels", batch.labels, Uint8Array, rows, 1);
      const classes = perRow(this.plan.output.shape);
      const label = batch.labels.find((l) => l >= classes);
      if (label !== undefined)
        throw new RangeError(`label ${label} is not a class of ${this.plan.model} (0 to ${classes - 1})`);
    } else {
      checkRows("features", batch.features, Float32Array, rows, perRow(this.plan.input.shape));
      checkRows("targets", batch.targets, Float32Array, rows, perRow(this.plan.target.shape));
    }
  }

  /**
   * Records a step of `schedule` into the pending command buffer: its Step uniform and batch are
   * written to the next staging slot now and copied into place when the GPU reaches the step.
   */
  private record(
    schedule: Schedule,
    batch: Batch,
    {
      step: index,
      lr = 0,
      metricsSlot = 0,
      statisticsRate = 0,
    }: { step: number; lr?: number; metricsSlot?: number; statisticsRate?: number },
    timestamps?: GPUQuerySet,
  ): void {
    this.checkBatch(batch);
    const slot = this.stagingSlot;
    const entry = this.batchEntry;
    const input = this.buffers[this.plan.input.buffer]!;
    const target = this.buffers[this.plan.target.buffer]!;
    if (batch.kind === "images" && entry.kind === "images") {
      entry.uploader.write(slot, batch.pixels, batch.labels);
    } else if (batch.kind === "features" && entry.kind === "features") {
      this.device.queue.writeBuffer(entry.staging, slot * entry.slotBytes, batch.features);
      this.device.queue.writeBuffer(entry.staging, slot * entry.slotBytes + input.size, batch.targets);
    }
    this.stagingSlot = (slot + 1) % this.stagingSlots;
    const step = new Uint32Array(this.stepData);
    const real = new Float32Array(this.stepData);
    step[0] = index;
    step[1] = stepSeed(this.seed, index);
    step[2] = metricsSlot;
    step[3] = batch.rows;
    real[4] = lr;
    if (this.plan.optimizer.kind !== "sgd") {
      real[5] = 1 - this.plan.optimizer.beta1 ** Math.max(1, index);
      real[6] = 1 - this.plan.optimizer.beta2 ** Math.max(1, index);
    }
    real[7] = statisticsRate;
    this.device.queue.writeBuffer(this.stepStaging, slot * STEP_BYTES, this.stepData);

    const encoder = (this.pending ??= this.device.createCommandEncoder({ label: `${this.plan.model} steps` }));
    this.pendingSteps++;
    this.work.set(schedule, (this.work.get(schedule) ?? 0) + 1);
    encoder.copyBufferToBuffer(this.stepStaging, slot * STEP_BYTES, this.buffers[this.plan.stepBuffer]!, 0, STEP_BYTES);
    const passes = new PassSequence(encoder, schedule, timestamps);
    if (entry.kind === "images") {
      entry.uploader.encodeConvert(passes.next(), slot, input, target);
    } else if (batch.kind === "features") {
      const offset = slot * entry.slotBytes;
      encoder.copyBufferToBuffer(entry.staging, offset, input, 0, batch.features.byteLength);
      encoder.copyBufferToBuffer(entry.staging, offset + input.size, target, 0, batch.targets.byteLength);
    }
    for (const d of this.schedules[schedule]) {
      const pass = passes.next();
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(...d.workgroups);
    }
    passes.end();
  }

  /** The pending command buffer's encoder (a new one if none), which the caller submits. */
  private takePending(): GPUCommandEncoder {
    const encoder = this.pending ?? this.device.createCommandEncoder({ label: `${this.plan.model} steps` });
    this.pending = undefined;
    this.pendingSteps = 0;
    return encoder;
  }

  private submitPending(): void {
    if (this.pending !== undefined) this.submit(this.takePending());
  }

  private submit(encoder: GPUCommandEncoder): void {
    this.device.queue.submit([encoder.finish()]);
    this.workSubmittedMs ??= performance.now();
  }

  /** The training metrics not yet returned: those read back earlier, then the ring's. */
  private collectTraining(): Promise<StepMetrics[]> {
    const earlier = this.unreported;
    this.unreported = Promise.resolve([]);
    const ring = this.collect(this.slot);
    return ignorable(Promise.all([earlier, ring]).then(([a, b]) => [...a, ...b]));
  }

  /** Submits the pending steps with a copy of the first `count` metrics slots, clears the ring and maps the copy. */
  private async collect(count: number, merge = false): Promise<StepMetrics[]> {
    const bytes = this.plan.metricsSlots * SLOT_FLOATS * 4;
    const readback =
      this.readbackPool.pop() ??
      this.createBuffer({
        label: "metrics readback",
        size: bytes,
        usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
      });
    const metrics = this.buffers[this.plan.metricsBuffer]!;
    const encoder = this.takePending();
    encoder.copyBufferToBuffer(metrics, 0, readback, 0, bytes);
    encoder.clearBuffer(metrics);
    this.submit(encoder);
    this.slot = 0;
    await this.mapWhenDue(readback);
    const values = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    // destroy() freed the pool, not this buffer, which was then in flight.
    if (this.destroyed) readback.destroy();
    else this.readbackPool.push(readback);
    const slots = Array.from({ length: merge ? 1 : count }, (_, k) =>
      values.subarray(k * SLOT_FLOATS, (k + 1) * SLOT_FLOATS),
    );
    return slots.map(([loss, hits, rows]) => ({ loss: loss! / rows!, accuracy: hits! / rows!, rows: rows! }));
  }

  /** Maps `readback`, submitted last, when the work since the last read-back is nearly done (see pacing.ts). */
  private async mapWhenDue(readback: GPUBuffer): Promise<void> {
    const kind = [...this.work.keys()].join(" + ");
    const steps = [...this.work.values()].reduce((a, b) => a + b, 0);
    const submittedMs = this.workSubmittedMs!;
    this.work.clear();
    this.workSubmittedMs = undefined;
    const previous = this.lastReadback;
    let seen!: (ms: number) => void;
    this.lastReadback = new Promise((resolve) => (seen = resolve));
    try {
      const startedMs = Math.max(submittedMs, await previous);
      await this.pacer.wait(kind, steps, startedMs, () => readback.mapAsync(MapMode.READ));
    } finally {
      seen(performance.now());
    }
  }

  private zero(buffer: number): void {
    const encoder = this.device.createCommandEncoder();
    encoder.clearBuffer(this.buffers[buffer]!);
    this.device.queue.submit([encoder.finish()]);
  }

  /** A buffer held for the model's lifetime, counted in `allocatedBytes`. */
  private createBuffer(descriptor: GPUBufferDescriptor): GPUBuffer {
    const buffer = this.device.createBuffer(descriptor);
    this.allocated += buffer.size;
    return buffer;
  }

  private bytesOf(buffer: number): number {
    return this.buffers[buffer]!.size;
  }
}

/**
 * The compute passes of one step: one for all its dispatches, or, when timed, one per dispatch
 * that writes its start and end times to the next two queries.
 */
class PassSequence {
  private pass: GPUComputePassEncoder | undefined;
  private passes = 0;

  constructor(
    private readonly encoder: GPUCommandEncoder,
    private readonly label: string,
    private readonly timestamps: GPUQuerySet | undefined,
  ) {}

  /** The pass to record the next dispatch into. */
  next(): GPUComputePassEncoder {
    if (this.pass !== undefined && this.timestamps === undefined) return this.pass;
    this.pass?.end();
    const query = 2 * this.passes++;
    this.pass = this.encoder.beginComputePass(
      this.timestamps === undefined
        ? { label: this.label }
        : {
            label: this.label,
            timestampWrites: {
              querySet: this.timestamps,
              beginningOfPassWriteIndex: query,
              endOfPassWriteIndex: query + 1,
            },
          },
    );
    return this.pass;
  }

  end(): void {
    this.pass?.end();
  }
}

/** Batches arrive at the dataset's size; `resize = side` in the plan's data has them converted to side × side. */
/**
 * The first device limit the plan's kernels exceed, or undefined. netc plans within WebGPU's
 * default limits unless compiled for an adapter; a page that asks for fewer (compatibility mode, on
 * an adapter that offers no more) gets this one message instead of a validation error per pipeline.
 */
export function limitShortfall(limits: GPUSupportedLimits, plan: ModelPlan): string | undefined {
  for (const kernel of plan.kernels) {
    const storage = kernel.code.match(/var<storage,/g)?.length ?? 0;
    if (storage > limits.maxStorageBuffersPerShaderStage) {
      return `kernel ${kernel.name} binds ${storage} storage buffers, more than the device's ${limits.maxStorageBuffersPerShaderStage} per shader stage`;
    }
    const size = /@workgroup_size\(([^)]*)\)/.exec(kernel.code)?.[1]?.split(",").map(Number) ?? [1];
    const invocations = size.reduce((a, b) => a * b, 1);
    if (invocations > limits.maxComputeInvocationsPerWorkgroup) {
      return `kernel ${kernel.name} runs ${invocations} threads a workgroup, more than the device's ${limits.maxComputeInvocationsPerWorkgroup}`;
    }
    let shared = 0;
    for (const [, type, count] of kernel.code.matchAll(
      /var<workgroup>\s*\w+\s*:\s*array<(vec4<f32>|vec4f|f32|u32|i32),\s*(\d+)>/g,
    )) {
      shared += (type!.startsWith("vec4") ? 16 : 4) * Number(count);
    }
    if (shared > limits.maxComputeWorkgroupStorageSize) {
      return `kernel ${kernel.name} needs ${shared} bytes of workgroup memory, more than the device's ${limits.maxComputeWorkgroupStorageSize}`;
    }
  }
  const dispatch = [...plan.train, ...plan.evaluate, ...plan.predict].find((d) =>
    d.workgroups.some((n) => n > limits.maxComputeWorkgroupsPerDimension),
  );
  if (dispatch !== undefined) {
    return `kernel ${plan.kernels[dispatch.kernel]!.name} dispatches ${dispatch.workgroups.join(" × ")} workgroups, more than the device's ${limits.maxComputeWorkgroupsPerDimension} per dimension`;
  }
  const largest = plan.buffers.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const binding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  if (largest.bytes > binding) {
    return `buffer '${largest.name}' takes ${largest.bytes} bytes, more than the device's ${binding} (compile for it with a smaller --batch)`;
  }
  return undefined;
}

function uploaderOptions(plan: ModelPlan): BatchUploaderOptions {
  const batchSize = plan.batch;
  const side = resizedSide(plan);
  if (side !== undefined) {
    const from = { rows: FASHION_MNIST_SIDE, cols: FASHION_MNIST_SIDE };
    return { batchSize, pixelsPerImage: from.rows * from.cols, resize: { from, to: { rows: side, cols: side } } };
  }
  return { batchSize, pixelsPerImage: pixelsPerImage(plan) };
}

/** The side `plan` resizes Fashion-MNIST's images to, where it differs from theirs. */
function resizedSide(plan: ModelPlan): number | undefined {
  const side = plan.data.source === "fashion_mnist" ? plan.data.resize : undefined;
  return side !== FASHION_MNIST_SIDE ? side : undefined;
}

/** The pixels of each image in an image batch for `plan`: the dataset's where the model resizes them, else its input's. */
export function pixelsPerImage(plan: ModelPlan): number {
  return resizedSide(plan) !== undefined ? FASHION_MNIST_SIDE ** 2 : perRow(plan.input.shape);
}

/** Why a device was lost, once it is. */
interface DeviceLoss {
  reason: string | undefined;
}

/**
 * One loss record per device, shared by its models. A handler on `device.lost` lives as long as the
 * device, so it must not hold a model: one that did kept every destroyed model's pipelines alive.
 */
const deviceLosses = new WeakMap<GPUDevice, DeviceLoss>();

function lossOf(device: GPUDevice): DeviceLoss {
  const known = deviceLosses.get(device);
  if (known !== undefined) return known;
  const loss: DeviceLoss = { reason: undefined };
  void device.lost.then((info) => {
    loss.reason = info.message || info.reason;
  });
  deviceLosses.set(device, loss);
  return loss;
}

/** Throws unless `data` is a `type` holding `rows` rows of `width` values (plain JavaScript callers pass anything). */
function checkRows(
  name: string,
  data: unknown,
  type: Uint8ArrayConstructor | Float32ArrayConstructor,
  rows: number,
  width: number,
): void {
  if (!(data instanceof type)) throw new TypeError(`batch.${name} must be a ${type.name}`);
  if (data.length !== rows * width)
    throw new RangeError(
      `batch.${name} must hold ${rows} rows of ${width} values (${rows * width}), got ${data.length}`,
    );
}

/**
 * `promise`, with a handler that ignores its rejection: an app that drops it (a device lost while
 * metrics are read back) gets no unhandled rejection, and one that awaits it still sees the error.
 */
function ignorable<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** Rows `first` to `first + rows - 1` of `inputs`, as views of its data. */
function rowsOf(inputs: Inputs, first: number, rows: number): Inputs {
  const view = <T extends Uint8Array<ArrayBuffer> | Float32Array<ArrayBuffer>>(data: T): T => {
    const width = data.length / inputs.rows;
    return data.subarray(first * width, (first + rows) * width) as T;
  };
  return inputs.kind === "images"
    ? { kind: "images", pixels: view(inputs.pixels), rows }
    : { kind: "features", features: view(inputs.features), rows };
}

/** Values per row of a tensor whose first dimension is the batch. */
function perRow(shape: readonly number[]): number {
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

function signatures(tensors: readonly TensorPlan[]) {
  return new Map(tensors.map((t) => [t.name, { dtype: "F32" as const, shape: t.shape }]));
}

/** The random seed of training step `step` (counted from 1), from the model seed: dropout's masks draw on it. */
export function stepSeed(seed: number, step: number): number {
  let x = (seed ^ Math.imul(step, 0x9e3779b9)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
