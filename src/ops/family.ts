// An op family keeps everything about one kind of operation in one place: the `.net` layer that
// creates it, the parameters it owns, its shape rule and cost. Back-end passes add to the same
// objects; nothing about an op lives anywhere else.

import type { Attrs, AttrValue, Dim, Init, OpNode, Shape } from "../ir/graph.js";
import { shapeString } from "../ir/graph.js";
import type { GemmTileSource } from "./gemm.js";
import type { Access } from "./wgsl.js";

/** The types a layer argument may have. `int2` is an int or an (int, int) pair, as PyTorch allows. */
export type ArgType = "int" | "float" | "bool" | "int2" | "axis";

export interface LayerArg {
  name: string;
  type: ArgType;
  /** A constant, or the name of an earlier argument whose value is the default (pool stride). */
  default?: AttrValue | { sameAs: string };
  doc: string;
}

/** How a family appears in `.net`: `conv(64, 3, stride = 2)`. */
export interface LayerSignature {
  name: string;
  /** `one`: the piped or first tensor argument; `many`: every leading tensor argument (concat). */
  tensors: "one" | "many";
  args: LayerArg[];
  doc: string;
}

/** A tensor a layer owns besides its data inputs, in the order they follow the data inputs. */
export interface OwnedTensor {
  /** Name suffix and role: weight, bias, gamma, beta, running_mean, running_var. */
  role: string;
  /** Learned by the optimizer (param) or carried between steps (state, with its initial fill). */
  kind: "param" | "state";
  fill?: number;
  /** The initialiser when the spec names none (else PyTorch's default for linear and conv). */
  init?: Init;
}

export interface Inferred {
  shape: Shape;
  /** Shapes of the owned tensors, in `owned` order. */
  owned?: Shape[];
}

/** Training runs dropout and batch statistics; evaluation and inference do not. */
export type Mode = "train" | "eval";

/**
 * What a kernel binds: one of the node's inputs (by position), its output, a shared buffer, or the
 * buffer of another node whose value this node's kernels write (`written`: its id, see
 * `Node.writtenBy`).
 */
export type BindingRef = { input: number } | { written: number } | "out" | "step" | "metrics" | "scratch";

export interface Kernel {
  /** Named after the spec node it computes, e.g. `b3_inception1_p2_conv2_forward`. */
  name: string;
  code: string;
  workgroups: [number, number, number];
  /** Binding i of group 0, in order. */
  bindings: { ref: BindingRef; access: Access | "uniform" }[];
  /** The fraction of its node's FLOPs this kernel performs; default: an even share of what the others leave. */
  flopsShare?: number;
  /**
   * Bytes the `scratch` binding must hold: memory for values that pass between the kernels of one
   * node (a split GEMM's partial sums), which every node's kernels share.
   */
  scratchBytes?: number;
}

/** What kernels may rely on beyond WebGPU's defaults: the adapter they are compiled for. */
export interface Target {
  /** The adapter's smallest subgroup size when it has the `subgroups` feature. */
  subgroupMinSize?: number;
  /**
   * Threads (invocations) a dispatch needs to keep the adapter busy: GEMMs whose tiles have fewer
   * split k, and reductions cut channels into chunks, to reach it. Unset: enough for a large GPU.
   * A software adapter runs each workgroup on one of a few CPU threads.
   */
  minThreads?: number;
  /**
   * Workgroups a GEMM needs to keep the adapter busy: a software adapter runs each workgroup on one
   * CPU thread, so a GEMM of fewer workgroups than threads (a weight gradient over all of its few
   * outputs) splits k to use them all. Unset: 1.
   */
  minWorkgroups?: number;
  /**
   * The adapter runs shaders on this machine's CPU (a software adapter such as lavapipe), where
   * loads rather than arithmetic set a kernel's speed: kernel choices measured there apply.
   */
  software?: boolean;
  /**
   * Whether convolutions may run as direct kernels (src/ops/conv-direct.ts) where the adapter
   * allows them; default true. `npm run bench:gpu` turns it off to compare them with GEMMs.
   */
  directConvs?: boolean;
  /**
   * Bytes of workgroup memory the device allows a workgroup (maxComputeWorkgroupStorageSize): GPUs'
   * GEMM tiles take 24 KiB where it allows. Unset: WebGPU's guaranteed 16384.
   */
  workgroupStorage?: number;
  /** GEMM tiles measured on the adapter (`netc tune`), replacing the ops' defaults where it has one. */
  gemmTiles?: GemmTileSource;
}

export interface KernelContext {
  node: OpNode;
  target: Target;
  /** Concrete shapes of every input (data inputs, then owned tensors) and of the output. */
  inputs: number[][];
  output: number[];
  mode: Mode;
}

export interface ReferenceContext {
  /** The node's id: dropout's random stream. */
  id: number;
  inputs: Float64Array[];
  shapes: number[][];
  output: number[];
  attrs: Attrs;
  mode: Mode;
  /** The step's random seed and valid batch rows, as the Step uniform carries them. */
  seed: number;
  rows: number;
}

export interface BackwardContext {
  node: OpNode;
  /** The gradient flowing into the node's output; undefined for a loss (its gradient is 1). */
  dy: number | undefined;
  /** Which inputs need a gradient (frozen parameters and data do not). */
  needs: boolean[];
  /** Adds a gradient node named `<node>.<suffix>`; its shape is inferred at once. */
  emit(op: string, inputs: number[], attrs: Attrs, suffix: string): number;
  shape(id: number): Shape;
}

export interface OpFamily {
  op: string;
  layer?: LayerSignature;
  /** Turns checked layer arguments into the node's attributes. */
  attrs?(args: ReadonlyMap<string, AttrValue>): Attrs;
  owned?(attrs: Attrs): OwnedTensor[];
  /** Output shape from the data inputs' shapes; throws ShapeError for input it cannot take. */
  infer(inputs: readonly Shape[], attrs: Attrs): Inferred;
  /** Floating-point operations at concrete shapes: a multiply-add counts 2, other element ops 1. */
  flops(inputs: readonly number[][], output: readonly number[], attrs: Attrs): number;
  /** Gradient nodes for each input (undefined where none is needed). */
  backward?(ctx: BackwardContext): (number | undefined)[];
  /** The output is input 0's buffer seen with another shape (no kernel) in this mode. */
  aliases?(mode: Mode, attrs: Attrs): boolean;
  /**
   * Bytes the node's buffer holds in this mode where that is not its output (a batch norm that
   * keeps only its statistics in training, see src/5-fuse); undefined: the output.
   */
  storedBytes?(mode: Mode, attrs: Attrs, output: readonly number[]): number | undefined;
  /** WGSL kernels that compute the node, in dispatch order. */
  kernels?(ctx: KernelContext): Kernel[];
  /** Float64 semantics, for the tests' reference executor. */
  reference?(ctx: ReferenceContext): Float64Array;
  /** The new values of its state inputs after a training-mode run (batch norm's running statistics), by input index. */
  referenceState?(ctx: ReferenceContext): Map<number, Float64Array>;
}

/**
 * `b3.inception1.p2.conv2` → `b3_inception1_p2_conv2`: kernel names that are WGSL identifiers,
 * naming the nodes fused in too (`linear1_relu1_forward`).
 */
export function kernelName(node: OpNode, what: string, mode: Mode = "train"): string {
  const { activationNode, dropoutNode, foldedBatchnorm, foldedActivationNode, poolNode } = node.attrs;
  const folded = mode === "eval" && typeof foldedBatchnorm === "string";
  const fused = [
    typeof activationNode === "string" ? activationNode : undefined,
    typeof dropoutNode === "string" ? dropoutNode : undefined,
    mode === "train" && typeof poolNode === "string" ? poolNode : undefined,
    folded ? foldedBatchnorm.slice(foldedBatchnorm.lastIndexOf(".") + 1) : undefined,
    folded && typeof foldedActivationNode === "string" ? foldedActivationNode : undefined,
  ].filter((name) => name !== undefined);
  return [node.name.replace(/[^A-Za-z0-9_]/g, "_"), ...fused, what].join("_");
}

/** The activation fusion folded into this node's epilogue, if any (attribute `activation`). */
export function epilogueActivation(attrs: Attrs): string | undefined {
  return typeof attrs.activation === "string" ? attrs.activation : undefined;
}

/** A shape rule's complaint; the inference pass adds the location and the inputs' origins. */
export class ShapeError extends Error {}

/** The owned tensors of a layer with a weight and an optional bias (linear, conv). */
export function weightAndBias(attrs: Attrs): OwnedTensor[] {
  const weight: OwnedTensor = { role: "weight", kind: "param" };
  return bool(attrs, "bias") ? [weight, { role: "bias", kind: "param" }] : [weight];
}

export function pair(value: AttrValue | undefined): [number, number] {
  if (typeof value === "number") return [value, value];
  if (Array.isArray(value) && value.length === 2) return [value[0]!, value[1]!];
  throw new Error(`expected an int or a pair, got ${String(value)}`);
}

export function num(attrs: Attrs, key: string): number {
  const value = attrs[key];
  if (typeof value !== "number") throw new Error(`attribute '${key}' is not a number`);
  return value;
}

export function bool(attrs: Attrs, key: string): boolean {
  const value = attrs[key];
  if (typeof value !== "boolean") throw new Error(`attribute '${key}' is not a bool`);
  return value;
}

/** Requires `shape` to have one of the given ranks. */
export function expectRank(shape: Shape, ranks: number[], what: string): void {
  if (!ranks.includes(shape.length)) {
    const layout = ranks.map((r) => (r === 4 ? "[N, C, H, W]" : r === 2 ? "[N, features]" : `rank ${r}`));
    throw new ShapeError(`${what} expects ${layout.join(" or ")}, got ${shapeString(shape)}`);
  }
}

/** A dimension the rule needs to know numerically (channels, spatial sizes). */
export function known(dim: Dim, what: string): number {
  if (typeof dim !== "number") throw new ShapeError(`${what} must be a known size, not '${dim}'`);
  return dim;
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
