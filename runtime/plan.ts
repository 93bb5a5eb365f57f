// The contract between netc and the runtime: a compiled model as plain data. The compiler's emitter
// writes one of these per model (generated/<model>/model.ts); the engine executes it.

/** How a parameter starts (PyTorch's layer default when the spec names none). */
export type InitPlan =
  | { kind: "default" }
  | { kind: "zeros" }
  | { kind: "ones" }
  | { kind: "normal"; mean: number; std: number }
  | { kind: "uniform"; low: number; high: number }
  | { kind: "xavier_uniform" }
  | { kind: "xavier_normal" }
  | { kind: "kaiming_uniform" }
  | { kind: "kaiming_normal" };

export type BufferKind = "param" | "state" | "optimizer" | "input" | "target" | "pool" | "scratch" | "step" | "metrics";

export interface BufferPlan {
  /** The tensors it holds (pooled buffers hold several whose lifetimes do not overlap). */
  name: string;
  bytes: number;
  kind: BufferKind;
}

/** A tensor saved in checkpoints: a trainable parameter or carried state (running statistics). */
export interface TensorPlan {
  name: string;
  shape: number[];
  buffer: number;
  kind: "param" | "state";
  /** weight, bias, running_mean, ...: picks PyTorch's default initialiser. */
  role: string;
  init: InitPlan;
  /** For state: the value every element starts at. */
  fill: number;
  fanIn: number;
  fanOut: number;
  trainable: boolean;
  /** Optimizer state buffers of this parameter (momentum, Adam moments). */
  optimizerBuffers: number[];
}

export interface KernelPlan {
  name: string;
  code: string;
}

export interface DispatchPlan {
  /** The spec node (or parameter update) it computes. */
  label: string;
  kernel: number;
  /** Buffer of each binding, in binding order. */
  bindings: number[];
  workgroups: [number, number, number];
  /** Floating-point operations (a multiply-add counts 2), from its op's cost rule. */
  flops: number;
  /**
   * Bytes of the tensors it binds, each counted once: its memory traffic if it read or wrote every
   * bound element exactly once. Kernels that re-read tiles (GEMM) move more; ones that touch part
   * of a binding (a concat slice, one metrics slot) less. A roofline estimate, not a measurement.
   */
  bytes: number;
}

export type OptimizerPlan =
  | { kind: "sgd"; lr: number; momentum: number; weightDecay: number; nesterov: boolean }
  | { kind: "adam" | "adamw"; lr: number; beta1: number; beta2: number; eps: number; weightDecay: number };

export type SchedulePlan =
  | { kind: "constant" }
  | { kind: "step"; every: number; gamma: number }
  | { kind: "cosine"; warmup: number; minLr: number };

/**
 * Batch norm's statistics for evaluation: the running averages training keeps, or recomputed after
 * each epoch from `batches` training batches with the weights fixed (their plain average).
 */
export type BnStatisticsPlan = { kind: "running" } | { kind: "recomputed"; batches: number };

export type DataPlan =
  | { source: "fashion_mnist"; resize?: number }
  | { source: "synthetic_linear"; w: number[]; b: number; noise: number; examples: number };

export interface ModelPlan {
  model: string;
  /** The spec it was compiled from (in a compiled module, its path from the module's folder). */
  source: string;
  batch: number;
  input: { name: string; buffer: number; shape: number[] };
  target: { buffer: number; shape: number[]; kind: "class" | "value" };
  output: { buffer: number; shape: number[] };
  loss: "cross_entropy" | "mse";
  buffers: BufferPlan[];
  /** The Step uniform and the metrics ring. */
  stepBuffer: number;
  metricsBuffer: number;
  metricsSlots: number;
  tensors: TensorPlan[];
  kernels: KernelPlan[];
  /** Forward, loss, backward and optimizer: one training step. */
  train: DispatchPlan[];
  /** Forward in evaluation mode and the loss (metrics only). */
  evaluate: DispatchPlan[];
  /** Forward in evaluation mode: logits in `output`. */
  predict: DispatchPlan[];
  /**
   * How many of the training step's first dispatches recompute batch norm's statistics (see
   * bnStatistics): the forward in training mode as far as the last batch norm, which moves the
   * running statistics toward the batch's. 0 without batch norm, or where it keeps running ones.
   */
  statistics: number;
  optimizer: OptimizerPlan;
  schedule: SchedulePlan;
  bnStatistics: BnStatisticsPlan;
  epochs: number;
  seed: number;
  data: DataPlan;
}
