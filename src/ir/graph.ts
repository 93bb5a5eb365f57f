// The one IR every pass reads and writes: a flat graph of typed ops in topological order.
// Elaboration builds it from the AST, shape inference fills in shapes, and the back end adds
// gradient and optimizer nodes to the same graph.

import type { Note, SourceLoc } from "../diagnostics.js";

/** A dimension: a size, or a symbol such as the batch dimension `N`. */
export type Dim = number | string;
export type Shape = readonly Dim[];

export type AttrValue = number | boolean | string | readonly number[];
export type Attrs = Readonly<Record<string, AttrValue>>;

/** How a parameter is initialised (PyTorch's default for its layer when a spec says nothing). */
export type Init =
  | { kind: "default" }
  | { kind: "zeros" }
  | { kind: "ones" }
  | { kind: "normal"; mean: number; std: number }
  | { kind: "uniform"; low: number; high: number }
  | { kind: "xavier_uniform" }
  | { kind: "xavier_normal" }
  | { kind: "kaiming_uniform" }
  | { kind: "kaiming_normal" };

/** A trainable tensor's attributes, set by the spec's `param` rules. */
export interface ParamAttrs {
  /** weight, bias, gamma or beta: says what PyTorch's default initialiser does with it. */
  role: string;
  init: Init;
  /** The param rule that chose `init`, for errors about it. */
  initLoc?: SourceLoc;
  decay: boolean;
  lrMult: number;
  frozen: boolean;
}

interface NodeBase {
  id: number;
  /** Block path, e.g. `b3.inception1.p2.conv2`: the stable name of the node and its tensors. */
  name: string;
  inputs: number[];
  /** Filled in by shape inference; empty until then. */
  shape: Shape;
  loc: SourceLoc;
  /** Where each enclosing block was called, innermost first: errors inside blocks point there too. */
  calledFrom: Note[];
  /**
   * Set by fusion: the node whose kernel computes this one's value, into its own buffer (an
   * activation epilogue) or as it reads it (an inlined activation gradient, never stored).
   */
  fusedInto?: number;
  /**
   * Set by fusion: the node whose kernels write this one's value into this node's own buffer, so it
   * has no kernels of its own in training (batch norm's dx kernels write its weight and bias
   * gradients; its element pass writes the average pool after it). Evaluation runs its own kernels.
   */
  writtenBy?: number;
}

/** A model input, e.g. `input x: [N, 1, 28, 28]`. */
export interface InputNode extends NodeBase {
  op: "input";
  /** Class labels are u32; everything else is f32. */
  dtype: "f32" | "u32";
}

/** A trainable parameter (`conv1.weight`). */
export interface ParamNode extends NodeBase {
  op: "param";
  param: ParamAttrs;
}

/** Non-trainable state saved in checkpoints (batch norm's running statistics). */
export interface StateNode extends NodeBase {
  op: "state";
  /** Initial value of every element. */
  fill: number;
}

/** An operation of one of the op families in src/ops. */
export interface OpNode extends NodeBase {
  op: string;
  attrs: Attrs;
}

export type Node = InputNode | ParamNode | StateNode | OpNode;

/** A node before the graph gives it its id (and, outside blocks, no call sites). */
export type NewNode = Node extends infer T
  ? T extends unknown
    ? Omit<T, "id" | "calledFrom"> & { calledFrom?: Note[] }
    : never
  : never;

export function isParam(node: Node): node is ParamNode {
  return node.op === "param";
}

export function isState(node: Node): node is StateNode {
  return node.op === "state";
}

export function isOp(node: Node): node is OpNode {
  return node.op !== "input" && node.op !== "param" && node.op !== "state";
}

export interface Graph {
  model: string;
  nodes: Node[];
  inputs: number[];
  output: number;
  train?: TrainConfig;
}

export type DataConfig =
  | {
      source: "fashion_mnist";
      resize?: number;
    }
  | {
      source: "synthetic_linear";
      w: number[];
      b: number;
      noise: number;
      examples: number;
    };

export type OptimizerConfig =
  | { kind: "sgd"; lr: number; momentum: number; weightDecay: number; nesterov: boolean }
  | { kind: "adam" | "adamw"; lr: number; beta1: number; beta2: number; eps: number; weightDecay: number };

export type ScheduleConfig =
  | { kind: "constant" }
  | { kind: "step"; every: number; gamma: number }
  | { kind: "cosine"; warmup: number; minLr: number };

/**
 * Batch norm's statistics for evaluation: the running averages training keeps (PyTorch's), or
 * recomputed after each epoch from `batches` training batches with the weights fixed (PyTorch's
 * torch.optim.swa_utils.update_bn), which do not lag weights that move fast.
 */
export type BnStatisticsConfig = { kind: "running" } | { kind: "recomputed"; batches: number };

export interface TrainConfig {
  data: DataConfig;
  loss: "cross_entropy" | "mse";
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  bnStatistics: BnStatisticsConfig;
  batch: number;
  epochs: number;
  seed: number;
  /** Where the spec sets its data and loss, for errors that involve them. */
  locs: { data: SourceLoc; loss: SourceLoc };
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function shapeString(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** The shape with every symbolic dimension replaced by its size in `sizes` (the batch, say). */
export function concreteShape(shape: Shape, sizes: ReadonlyMap<string, number>): number[] {
  return shape.map((d) => {
    if (typeof d === "number") return d;
    const size = sizes.get(d);
    if (size === undefined) throw new Error(`no size given for dimension '${d}'`);
    return size;
  });
}
